// SLUGS semantics of the real kmip-server with two worker processes (node:cluster hands new
// connections to the workers in turn, so consecutive connections alternate between them):
//  - by default, as PyKMIP: SLUGS is asked on every request, so a user dropped from SLUGS is
//    refused and one added is served on the next request, by every worker;
//  - with `slugs_cache_ttl`, one cache in the primary: every worker gives the same answer (a user
//    dropped stays served by all, SLUGS is asked once), and a refusal is never cached.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startFakeSlugs, type FakeSlugs } from './fake-slugs.js';
import { startServerProcess, type ServerProcess } from '../hardening/server-process.js';
import { RawKmipClient } from '../hardening/raw-client.js';
import { pairPaths } from '../../src/transport/demo-certs.js';

const CONNECTIONS = 4;

interface Running {
  readonly dir: string;
  readonly server: ServerProcess;
}

async function startWithSlugs(slugs: FakeSlugs, extra: string): Promise<Running> {
  const dir = mkdtempSync(join(tmpdir(), 'kmip-ts-slugs-workers-'));
  try {
    const conf = join(dir, 'server.conf');
    writeFileSync(conf, `[server]\nworkers=2\n${extra}\n[auth:slugs]\nenabled=True\nurl=${slugs.url}\n`);
    const server = await startServerProcess(join(dir, 'data'), ['-f', conf]);
    return { dir, server };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

async function stopServer(r: Running | undefined): Promise<void> {
  if (r === undefined) return;
  r.server.proc.kill('SIGTERM');
  await r.server.exited;
  rmSync(r.dir, { recursive: true, force: true });
}

/** One request on each of CONNECTIONS new connections as `client`: 'ok' or the Result Reason. */
async function answers(r: Running, client: 'client' | 'client2'): Promise<string[]> {
  const certs = join(r.dir, 'data', 'certs');
  const out: string[] = [];
  for (let i = 0; i < CONNECTIONS; i++) {
    const c = await RawKmipClient.connect(r.server.port, join(certs, 'ca.crt'), pairPaths(certs, client));
    try {
      const result = await c.op('DiscoverVersions', '');
      out.push(result.status === 'Success' ? 'ok' : (result.reason ?? result.status));
    } finally {
      c.close();
    }
  }
  return out;
}

const all = (answer: string): string[] => Array.from({ length: CONNECTIONS }, () => answer);

describe('SLUGS with two worker processes', () => {
  let slugs: FakeSlugs;
  before(async () => {
    slugs = await startFakeSlugs({ csv: 'demo-client,group_A\n' });
  });
  after(() => slugs.close());

  describe('default: SLUGS asked on every request', () => {
    let running: Running | undefined;
    before(async () => {
      slugs.load('demo-client,group_A\n');
      running = await startWithSlugs(slugs, '');
    });
    after(() => stopServer(running));

    it('every request asks SLUGS; a user dropped is refused and one added is served on the next request', async () => {
      assert.ok(running);
      slugs.requests.length = 0;
      assert.deepEqual(await answers(running, 'client'), all('ok'));
      assert.equal(slugs.requests.length, 2 * CONNECTIONS, 'two GETs per request');
      slugs.load('demo-client-2,group_B\n');
      assert.deepEqual(await answers(running, 'client'), all('AuthenticationNotSuccessful'));
      assert.deepEqual(await answers(running, 'client2'), all('ok'));
    });
  });

  describe('slugs_cache_ttl: one cache, in the primary', () => {
    let running: Running | undefined;
    before(async () => {
      slugs.load('demo-client,group_A\n');
      running = await startWithSlugs(slugs, 'slugs_cache_ttl=10m');
    });
    after(() => stopServer(running));

    it('every worker serves a cached user alike, also once SLUGS dropped it; SLUGS is asked once', async () => {
      assert.ok(running);
      slugs.requests.length = 0;
      assert.deepEqual(await answers(running, 'client'), all('ok'));
      slugs.load('demo-client-2,group_B\n');
      assert.deepEqual(await answers(running, 'client'), all('ok'));
      assert.deepEqual(slugs.requests, ['/slugs/users/demo-client', '/slugs/users/demo-client/groups']);
    });

    it('a refusal is not cached: a user added to SLUGS is served by every worker on the next request', async () => {
      assert.ok(running);
      slugs.load('demo-client,group_A\n');
      assert.deepEqual(await answers(running, 'client2'), all('AuthenticationNotSuccessful'));
      slugs.load('demo-client-2,group_B\n');
      assert.deepEqual(await answers(running, 'client2'), all('ok'));
    });
  });
});

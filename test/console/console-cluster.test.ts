// The web console of kmip-server as users run it: server.conf turns it on (console, https_port,
// console_tokens, console_admins), `kmip-server console-token` mints a token into the file and
// prints it once, and with two worker processes a session made by one worker is good in the other
// (one session key file for all) while the server page reports the whole node (the primary sums
// both workers' metrics). A console without https_port, or a bad tokens file, stops the start.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureDemoCertificates } from '../../src/transport/demo-certs.js';
import type { ServerInfoReply } from '../../src/console/console-api.js';
import { runServerCommand, startServerProcess, type ServerProcess } from '../hardening/server-process.js';
import { ConsoleHttp, json, jsonItem, kmipJsonRequest, sessionHeader } from '../helpers/console-client.js';

let dir: string;
let conf: string;
let tokensFile: string;
let token: string;
let server: ServerProcess;
let c: ConsoleHttp;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kmip-console-cluster-'));
  conf = join(dir, 'server.conf');
  tokensFile = join(dir, 'console-tokens');
  writeFileSync(
    conf,
    `[server]\nhttps_port = 0\nconsole = true\nconsole_tokens = ${tokensFile}\nconsole_admins = demo-client, someone else\n`,
  );
  const minted = runServerCommand([
    'console-token',
    '--identity',
    'operator',
    '--label',
    'the test',
    '-f',
    conf,
  ]);
  assert.equal(minted.status, 0, minted.stderr);
  token = minted.stdout.trim();
  server = await startServerProcess(dir, ['--workers', '2', '-f', conf, '--log-format', 'json']);
  const line = /web console on https:\/\/127\.0\.0\.1:(\d+)\/ui\//;
  // Logged just after the "listening" line the start waits for.
  for (let i = 0; i < 50 && !line.test(server.log()); i++) await sleep(100);
  const m = line.exec(server.log());
  assert.ok(m?.[1], `no web console line in:\n${server.log()}`);
  c = new ConsoleHttp(Number(m[1]), await ensureDemoCertificates(join(dir, 'certs')));
});
after(async () => {
  server?.proc.kill('SIGTERM');
  await server?.exited;
  rmSync(dir, { recursive: true, force: true });
});

test('kmip-server console-token prints the token once and keeps only its SHA-256', () => {
  assert.match(token, /^kmipct_[A-Za-z0-9_-]{43}$/);
  const file = readFileSync(tokensFile, 'utf8');
  assert.ok(!file.includes(token));
  assert.match(file, /^# minted \S+ for the test$/m);
  assert.match(file, /^sha256:[0-9a-f]{64} operator$/m);
  assert.equal(statSync(tokensFile).mode & 0o777, 0o600);
  assert.equal(statSync(join(dir, 'console-session.key')).mode & 0o777, 0o600);
  const refused = runServerCommand(['console-token', '-f', conf]);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /--identity is required/);
});

/** The pids that logged a request line for the console (JSON log: one object per line). */
function consolePids(log: string): Set<number> {
  const pids = new Set<number>();
  for (const line of log.split('\n')) {
    if (!line.startsWith('{')) continue;
    const entry = JSON.parse(line) as { msg?: string; pid?: number; transport?: string };
    if (entry.msg === 'request' && entry.transport === 'console' && entry.pid !== undefined)
      pids.add(entry.pid);
  }
  return pids;
}

const QUERY = JSON.stringify(
  kmipJsonRequest([
    { operation: 'Query', payload: [jsonItem('QueryFunction', 'Enumeration', 'QueryOperations')] },
  ]),
);

test(
  'sessions from either worker are good in both; the server page reports the whole node',
  { timeout: 120_000 },
  async () => {
    const operator = await c.tokenSession(token);
    const admin = await c.certificateSession();
    const { csrf } = await c.session(operator);
    for (let i = 0; i < 6; i++) {
      const r = await c.request('/ui/api/kmip', {
        method: 'POST',
        headers: { ...sessionHeader(operator), 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
        body: QUERY,
      });
      assert.equal(r.status, 200, r.body.toString('utf8'));
      assert.match(r.body.toString('utf8'), /"value":"Success"/);
    }
    for (let i = 0; i < 50 && consolePids(server.log()).size < 2; i++) await sleep(100);
    assert.equal(consolePids(server.log()).size, 2, 'both workers answered the console with the one session');

    const info = json<ServerInfoReply>(
      await c.request('/ui/api/server', { headers: sessionHeader(admin), client: c.certs.client }),
    );
    assert.deepEqual(info.workers, { configured: 2, reporting: 2 });
    assert.ok(info.requestsTotal >= 6, `the requests of both workers are summed: ${info.requestsTotal}`);
    assert.equal((await c.session(admin, { client: c.certs.client })).admin, true);
    assert.equal((await c.session(operator)).admin, false);
  },
);

test('a console without https_port, or with a malformed tokens file, stops the start', () => {
  const noHttps = join(dir, 'no-https.conf');
  writeFileSync(noHttps, '[server]\nconsole = true\n');
  const r1 = runServerCommand(['--data-dir', dir, '-p', '0', '-f', noHttps]);
  assert.equal(r1.status, 1);
  assert.match(r1.stderr, /console.*https_port/);
  const badTokens = join(dir, 'bad-tokens');
  writeFileSync(badTokens, 'kmipct_plaintext operator\n');
  const badConf = join(dir, 'bad-tokens.conf');
  writeFileSync(
    badConf,
    `[server]\nhttps_port = 0\nconsole = true\nconsole_tokens = ${badTokens}\nworkers = 1\n`,
  );
  const r2 = runServerCommand(['--data-dir', dir, '-p', '0', '-f', badConf]);
  assert.equal(r2.status, 1);
  assert.match(r2.stderr, /bad-tokens:1: expected "sha256:/);
});

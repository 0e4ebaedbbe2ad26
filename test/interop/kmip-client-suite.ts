// The client test suite, run unchanged against this project's server and against PyKMIP's
// pykmip-server: every API method, in each protocol version listed, over mutual TLS with the demo
// certificates. An operation the server does not implement (Operation Not Supported, or a 2.x-only
// operation at 1.x) skips its test with the server's message instead of failing.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { after, afterEach, before, describe, test } from 'node:test';
import { KmipClient } from '../../src/client/kmip-client.js';
import { clientTlsOptions } from '../../src/client/tls.js';
import { KmipClientError } from '../../src/client/errors.js';
import type { ClientSuiteOptions, SuiteContext, SuiteServer } from './kmip-client-suite-context.js';
import { objectTests } from './kmip-client-suite-objects.js';
import { attributeTests } from './kmip-client-suite-attributes.js';
import { cryptoTests } from './kmip-client-suite-crypto.js';
import { certificateTests } from './kmip-client-suite-certificates.js';

export type { ClientSuiteOptions, SuiteContext, SuiteServer };

/** A port nothing listens on. */
async function deadPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const a = probe.address();
      probe.close(() => resolve(typeof a === 'object' && a !== null ? a.port : 1));
    });
  });
}

export function defineClientSuite(o: ClientSuiteOptions): void {
  describe(o.label, { skip: o.skip ?? false }, () => {
    let server: SuiteServer | undefined;
    const clients: KmipClient[] = [];
    const run = randomUUID().slice(0, 8);
    let counter = 0;
    const ctx: SuiteContext = {
      client(version, extra = {}) {
        assert.ok(server, 'the server did not start');
        const c = new KmipClient({
          hosts: [{ host: server.host, port: server.port }],
          tls: clientTlsOptions({
            certFile: server.certs.client.cert,
            keyFile: server.certs.client.key,
            caFile: server.certs.ca.cert,
          }),
          ...(version !== undefined ? { version } : {}),
          ...o.clientOptions,
          ...extra,
        });
        clients.push(c);
        return c;
      },
      name: (what) => `client-suite-${run}-${what}-${++counter}`,
      certs: () => {
        assert.ok(server, 'the server did not start');
        return server.certs;
      },
    };

    before(async () => {
      server = await o.start();
    });
    // Each test's connections end with it: pykmip-server keeps a database session per connection.
    afterEach(async () => {
      await Promise.all(clients.splice(0).map((c) => c.close()));
    });
    after(async () => {
      await server?.stop();
    });

    test(`Discover Versions negotiation settles on ${o.negotiated}`, async () => {
      const c = ctx.client(undefined);
      const v = await c.protocolVersion();
      assert.equal(`${v.major}.${v.minor}`, o.negotiated);
      const all = await c.discoverVersions();
      assert.ok(
        all.some((x) => `${x.major}.${x.minor}` === o.negotiated),
        JSON.stringify(all),
      );
    });

    test('failover: a dead first host is skipped for the live one', async () => {
      assert.ok(server);
      const dead = await deadPort();
      const c = ctx.client(o.versions[0], {
        hosts: [
          { host: '127.0.0.1', port: dead },
          { host: server.host, port: server.port },
        ],
      });
      const q = await c.query();
      assert.ok(q.operations.includes('Create'));
      assert.equal(c.connection.host?.port, server.port);
    });

    test('every host dead: a connect error naming each host', async () => {
      const [a, b] = [await deadPort(), await deadPort()];
      const c = ctx.client(o.versions[0], {
        hosts: [
          { host: '127.0.0.1', port: a },
          { host: '127.0.0.1', port: b },
        ],
      });
      await assert.rejects(c.query(), (err: unknown) => {
        assert.ok(err instanceof KmipClientError);
        assert.equal(err.code, 'connect');
        assert.match(err.message, new RegExp(`127\\.0\\.0\\.1:${a}.*127\\.0\\.0\\.1:${b}`));
        return true;
      });
    });

    for (const version of o.versions) {
      describe(`KMIP ${version}`, () => {
        objectTests(ctx, version);
        attributeTests(ctx, version);
        cryptoTests(ctx, version);
        certificateTests(ctx, version);
      });
    }
  });
}

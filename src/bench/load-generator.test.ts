// The load generator is no timed test (speed lives in `npm run bench`): this proves it drives
// every operation of the mix against the real server without an error, and counts correctly.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { startTestServer } from '../../test/helpers/kmip-test-server.js';
import { runLoad } from './load-generator.js';
import { BENCH_OPERATIONS } from './requests.js';

test('runLoad drives get, create, locate, encrypt and get-attributes with no error and counts each reply', async () => {
  const server = await startTestServer();
  try {
    const result = await runLoad({
      tls: {
        host: server.host,
        port: server.port,
        ca: readFileSync(server.certs.ca.cert),
        cert: readFileSync(server.certs.client.cert),
        key: readFileSync(server.certs.client.key),
      },
      connections: 2,
      depth: 4,
      mix: Object.fromEntries(BENCH_OPERATIONS.map((op) => [op, 1])),
      count: 300,
      keys: 4,
    });
    assert.equal(result.total.errors, 0, result.firstError);
    assert.equal(result.total.ops, 300);
    for (const op of BENCH_OPERATIONS) assert.ok((result.byOperation[op]?.ops ?? 0) > 0, `${op} was sent`);
    assert.ok(result.total.p99Ms >= result.total.p50Ms);
  } finally {
    await server.stop();
  }
});

// The listener on its own (an engine from the test harness, real TLS): a failure of the identity
// check is a refused client, not a crash.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { KmipListener } from './kmip-listener.js';
import { buildTlsServerOptions } from './tls-options.js';
import { createHarness, type Harness } from '../../test/helpers/engine-harness.js';
import {
  CapturingLogger,
  closed,
  demoCertificates,
  readFrames,
  requestBytes,
  tlsClient,
} from '../../test/hardening/server-fixture.js';

let h: Harness;
before(async () => {
  h = await createHarness();
});
after(async () => {
  await h.close();
});

test('an identity check that throws refuses that client and the listener serves the next', async () => {
  const certs = await demoCertificates();
  const log = new CapturingLogger();
  let calls = 0;
  const listener = new KmipListener({
    tls: buildTlsServerOptions({
      certificatePath: certs.server.cert,
      keyPath: certs.server.key,
      caPath: certs.ca.cert,
      authSuite: 'TLS1.2',
      tlsCipherSuites: [],
    }).options,
    host: '127.0.0.1',
    port: 0,
    engine: h.engine,
    identify: () => {
      calls++;
      if (calls === 1) throw new Error('certificate parser exploded');
      return { ok: true, identity: 'alice' };
    },
    log,
  });
  const { port } = await listener.listen();
  try {
    const first = await tlsClient(port, certs.ca.cert);
    await closed(first, 3000);
    assert.equal(
      log.matching(/client certificate refused: identity check failed: certificate parser exploded/).length,
      1,
    );
    const second = await tlsClient(port, certs.ca.cert);
    const reply = readFrames(second, 1);
    second.write(requestBytes('DiscoverVersions'));
    assert.equal((await reply).length, 1);
    second.destroy();
  } finally {
    await listener.close();
  }
});

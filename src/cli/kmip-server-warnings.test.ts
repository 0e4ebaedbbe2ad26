// Start-up warnings: loopback addresses are recognised in every spelling, and the demo
// certificates, a generated master key or an admin listener are warned about only where other
// machines can reach them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exposureWarnings, isLoopback } from './kmip-server-warnings.js';

test('loopback: 127.0.0.0/8, ::1 in any spelling, IPv4-mapped, localhost', () => {
  for (const host of [
    '127.0.0.1',
    '127.1.2.3',
    '::1',
    '0:0:0:0:0:0:0:1',
    '[::1]',
    '::ffff:127.0.0.1',
    'localhost',
    'LOCALHOST',
  ])
    assert.ok(isLoopback(host), host);
  for (const host of ['0.0.0.0', '::', '10.0.0.1', '128.0.0.1', 'kms.example.com', '::2', '::ffff:10.0.0.1'])
    assert.ok(!isLoopback(host), host);
});

const demo = {
  demoCertificates: '/var/lib/kmip/certs',
  generatedMasterKey: '/var/lib/kmip/master.key',
  adminHost: undefined,
};

test('nothing to say on a loopback address', () => {
  assert.deepEqual(exposureWarnings({ hostname: '127.0.0.1', ...demo }), []);
});

test('demo certificates and a generated master key on a reachable address: one warning each', () => {
  const w = exposureWarnings({ hostname: '0.0.0.0', ...demo });
  assert.equal(w.length, 2);
  assert.match(
    w[0] ?? '',
    /demo certificates \(\/var\/lib\/kmip\/certs\) are in use on 0\.0\.0\.0.*certificate_path/,
  );
  assert.match(w[1] ?? '', /master key is \/var\/lib\/kmip\/master\.key.*master_key_file/);
  assert.deepEqual(
    exposureWarnings({
      hostname: '10.1.2.3',
      demoCertificates: undefined,
      generatedMasterKey: undefined,
      adminHost: undefined,
    }),
    [],
    'real certificates and a configured key: nothing',
  );
});

test('an admin listener off loopback is warned about, wherever the KMIP port is', () => {
  const w = exposureWarnings({
    hostname: '127.0.0.1',
    demoCertificates: undefined,
    generatedMasterKey: undefined,
    adminHost: '0.0.0.0',
  });
  assert.equal(w.length, 1);
  assert.match(w[0] ?? '', /admin listener .* on 0\.0\.0\.0.*no credentials/);
});

// Token key lines of the master key file (RFC 7512 PKCS#11 URIs): read and written back the same,
// percent-encoding, the query attributes, and refusals that name the line.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatTokenRef, parseTokenRef } from './pkcs11-uri.js';
import { generateMasterKey, parseKeyEntries, parseMasterKeys, isTokenEntry } from './master-key.js';

test('a token key URI reads and writes back the same', () => {
  for (const text of [
    'pkcs11:token=kmip;object=kmip-master',
    'pkcs11:slot-id=3;object=master%20key?module-path=/usr/lib/softhsm/libsofthsm2.so',
    'pkcs11:token=a%3Bb;object=k?module-path=/opt/hsm/lib.so&pin-source=/etc/kmip/pin',
  ]) {
    assert.equal(formatTokenRef(parseTokenRef(text, 'f')), text);
  }
  assert.deepEqual(parseTokenRef('pkcs11:token=a%3Bb;object=master%20key;type=secret-key', 'f'), {
    object: 'master key',
    token: 'a;b',
  });
  assert.deepEqual(parseTokenRef('pkcs11:object=k?pin-source=file:///etc/pin&pin-value=12', 'f'), {
    object: 'k',
    pinSource: '/etc/pin',
    pinValue: '12',
  });
});

test('refuses what it cannot use, naming the line', () => {
  assert.throws(
    () => parseTokenRef('pkcs11:token=kmip', 'master.key (key 1)'),
    /^MasterKeyError: master\.key \(key 1\): the URI names no object/,
  );
  assert.throws(() => parseTokenRef('pkcs11:object=k;id=%01', 'f'), /unsupported PKCS#11 URI attribute id/);
  assert.throws(
    () => parseTokenRef('pkcs11:object=k;type=private', 'f'),
    /a master key is a secret-key, not private/,
  );
  assert.throws(() => parseTokenRef('pkcs11:object=k;slot-id=x', 'f'), /slot-id must be a number/);
  assert.throws(() => parseTokenRef('pkcs11:object=k;object=j', 'f'), /object is given twice/);
  assert.throws(() => parseTokenRef('pkcs11:object=%zz', 'f'), /bad percent-encoding/);
});

test('a key file mixes key lines and token lines; the byte-only reader says when a token is named', () => {
  const k = generateMasterKey();
  const text = `# rotated\npkcs11:token=kmip;object=m\n${k.key.toString('hex')}\npkcs11:token=kmip;object=m\n`;
  const entries = parseKeyEntries(text, 'master.key');
  assert.equal(entries.length, 2, 'a repeated line counts once');
  assert.ok(entries[0] !== undefined && isTokenEntry(entries[0]));
  assert.equal(entries[1] !== undefined && !isTokenEntry(entries[1]) ? entries[1].id : '', k.id);
  assert.throws(() => parseMasterKeys(text, 'master.key'), /master\.key names a key on a PKCS#11 token/);
});

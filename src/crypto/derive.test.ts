import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { DerivationMethod as DM } from '../spec/generated/enums.js';
import { KmipError } from '../messages/kmip-error.js';
import { deriveBytes, kbkdfCounter, type DerivationInput } from './derive.js';

const hex = (s: string): Buffer => Buffer.from(s, 'hex');
const base = {
  key: new Uint8Array(0),
  digest: undefined,
  data: undefined,
  salt: undefined,
  iterations: undefined,
};
const run = async (i: Partial<DerivationInput> & { method: number; length: number }): Promise<string> =>
  (await deriveBytes({ ...base, ...i })).toString('hex');

test('PBKDF2-HMAC-SHA1: the RFC 6070 test vectors (SHA-1 is the default PRF)', async () => {
  const p = Buffer.from('password');
  const s = Buffer.from('salt');
  assert.equal(
    await run({ method: DM.PBKDF2, length: 20, key: p, salt: s, iterations: 1 }),
    '0c60c80f961f0e71f3a9b524af6012062fe037a6',
  );
  assert.equal(
    await run({ method: DM.PBKDF2, length: 20, key: p, salt: s, iterations: 2 }),
    'ea6c014dc72d6f8ccd1ed92ace1d41f0d8de8957',
  );
  assert.equal(
    await run({ method: DM.PBKDF2, length: 20, key: p, salt: s, iterations: 4096, digest: 'sha1' }),
    '4b007901b765489abead49d926f721d065a429c1',
  );
  assert.equal(
    await run({
      method: DM.PBKDF2,
      length: 25,
      key: Buffer.from('passwordPASSWORDpassword'),
      salt: Buffer.from('saltSALTsaltSALTsaltSALTsaltSALTsalt'),
      iterations: 4096,
    }),
    '3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038',
  );
  assert.equal(
    await run({
      method: DM.PBKDF2,
      length: 16,
      key: Buffer.from('pass\0word'),
      salt: Buffer.from('sa\0lt'),
      iterations: 4096,
    }),
    '56fa6aa75548099dcc37d7f03425e0c3',
  );
  await assert.rejects(run({ method: DM.PBKDF2, length: 16, key: p, iterations: 1 }), KmipError);
});

test('HMAC (HKDF as pykmip-server derives): RFC 5869 test case 1', async () => {
  const okm = await run({
    method: DM.HMAC,
    length: 42,
    key: Buffer.alloc(22, 0x0b),
    digest: 'sha256',
    salt: hex('000102030405060708090a0b0c'),
    data: hex('f0f1f2f3f4f5f6f7f8f9'),
  });
  assert.equal(okm, '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865');
  await assert.rejects(run({ method: DM.HMAC, length: 16, key: Buffer.alloc(16) }), KmipError);
});

test('NIST SP 800-108 counter mode: the CAVP KDFCTR HMAC-SHA256, 32-bit counter before the fixed data, first vector', () => {
  const ko = kbkdfCounter(
    'sha256',
    hex('dd1d91b7d90b2bd3138533ce92b272fbf8a369316aefe242e659cc0ae238afe0'),
    hex(
      '01322b96b30acd197979444e468e1c5c6859bf1b1cf951b7e725303e237e46b864a145fab25e517b08f8683d0315bb2911d80a0e8aba17f3b413faac',
    ),
    16,
  );
  assert.equal(ko.toString('hex'), '10621342bfb0fd40046c0e29f2cfdbf0');
});

test('HASH digests the key, refuses key and data together and lengths beyond the digest', async () => {
  const key = Buffer.from('base key');
  assert.equal(
    await run({ method: DM.HASH, length: 32, key, digest: 'sha256' }),
    createHash('sha256').update(key).digest('hex'),
  );
  await assert.rejects(
    run({ method: DM.HASH, length: 16, key, digest: 'sha256', data: Buffer.from('x') }),
    KmipError,
  );
  await assert.rejects(run({ method: DM.HASH, length: 33, key, digest: 'sha256' }), KmipError);
});

test('ENCRYPT truncates the cipher text; methods the server lacks are Invalid Field', async () => {
  const encrypt = (d: Uint8Array): Buffer => Buffer.concat([Buffer.from(d), Buffer.from(d)]);
  assert.equal(await run({ method: DM.ENCRYPT, length: 3, data: hex('010203'), encrypt }), '010203');
  await assert.rejects(run({ method: DM.ENCRYPT, length: 7, data: hex('010203'), encrypt }), KmipError);
  await assert.rejects(run({ method: DM.AWSSignatureVersion4, length: 16 }), KmipError);
});

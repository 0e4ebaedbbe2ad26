import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { Tag } from '../spec/generated/tags.js';
import { CryptographicAlgorithm as A, KeyFormatType as F, ResultReason } from '../spec/generated/enums.js';
import { KmipError } from '../messages/kmip-error.js';
import { keyBlockOf, keyObject, symmetricKeyObject } from '../messages/payloads/key-block.js';
import type { StructureItem } from '../ttlv/item.js';
import { convertKeyFormat } from './key-format.js';
import { decodeKey, encodeKey } from './asymmetric-keys.js';

function reason(f: () => unknown): number | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof KmipError ? e.resultReason : undefined;
  }
  return undefined;
}

test('a Raw symmetric key converts to Transparent Symmetric Key and back; other formats are refused', () => {
  const raw = symmetricKeyObject(A.AES, 128, Buffer.alloc(16, 7));
  const t = convertKeyFormat(raw, F.TransparentSymmetricKey);
  assert.equal(keyBlockOf(t)?.keyFormatType, F.TransparentSymmetricKey);
  assert.deepEqual(convertKeyFormat(t, F.Raw), raw);
  assert.equal(
    reason(() => convertKeyFormat(raw, F.PKCS_8)),
    ResultReason.KeyFormatTypeNotSupported,
  );
});

test('Secret Data keeps its Secret Data Type when converted between Opaque and Raw', () => {
  const material = { tag: Tag.KeyMaterial, type: 'ByteString', value: Buffer.from('secret') } as const;
  const type = { tag: Tag.SecretDataType, type: 'Enumeration', value: 1 } as const;
  const sd: StructureItem = keyObject(Tag.SecretData, F.Opaque, material, undefined, undefined, [type]);
  const raw = convertKeyFormat(sd, F.Raw);
  assert.equal(raw.value[0]?.tag, Tag.SecretDataType);
  assert.equal(keyBlockOf(raw)?.keyFormatType, F.Raw);
});

test('EC keys round-trip through every format that fits: PKCS#8, ECPrivateKey, Transparent EC, X.509', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-521' });
  for (const f of [F.PKCS_8, F.ECPrivateKey, F.TransparentECPrivateKey, F.TransparentECDSAPrivateKey]) {
    const m = encodeKey(privateKey, f);
    assert.ok(m, String(f));
    assert.equal(decodeKey(f, m, true).export({ format: 'jwk' }).d, privateKey.export({ format: 'jwk' }).d);
  }
  for (const f of [F.X_509, F.TransparentECPublicKey]) {
    const m = encodeKey(publicKey, f);
    assert.ok(m, String(f));
    assert.equal(decodeKey(f, m, false).export({ format: 'jwk' }).x, publicKey.export({ format: 'jwk' }).x);
  }
  assert.equal(encodeKey(privateKey, F.PKCS_1), undefined);
  assert.equal(encodeKey(publicKey, F.PKCS_8), undefined);
});

test('Ed25519 keys have a Raw form (the 32-byte seed or point)', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const seed = encodeKey(privateKey, F.Raw);
  assert.equal(seed?.type === 'ByteString' ? seed.value.length : 0, 32);
  const back = decodeKey(F.Raw, seed, true, A.Ed25519);
  assert.equal(back.export({ format: 'jwk' }).x, publicKey.export({ format: 'jwk' }).x);
});

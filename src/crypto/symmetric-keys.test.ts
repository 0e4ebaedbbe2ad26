import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CryptographicAlgorithm as A } from '../spec/generated/enums.js';
import {
  desKeyForCipher,
  generateKeyFor,
  symmetricKeyBytes,
  symmetricLengthProblem,
} from './symmetric-keys.js';

const oddParity = (b: number): boolean => b.toString(2).split('1').length % 2 === 0;

test('3DES lengths count key bits: 168 and 192 bits are 24 bytes, 112 and 128 are 16; keys carry odd parity', () => {
  assert.equal(symmetricKeyBytes(A.DES3, 168), 24);
  assert.equal(symmetricKeyBytes(A.DES3, 112), 16);
  assert.equal(symmetricKeyBytes(A.AES, 256), 32);
  const k = generateKeyFor(A.DES3, 168);
  assert.equal(k.length, 24);
  assert.ok([...k].every(oddParity));
});

test('a 3DES key without parity bits (21 bytes) spreads to 24 bytes, 7 key bits per byte', () => {
  const packed = Buffer.alloc(21, 0xff);
  const spread = desKeyForCipher(packed)!;
  assert.equal(spread.length, 24);
  assert.ok(spread.every((b) => (b & 0xfe) === 0xfe));
  assert.equal(desKeyForCipher(Buffer.alloc(10)), undefined);
});

test('ChaCha20-Poly1305 and HMAC-SHA3 keys have lengths; a wrong length says which are allowed', () => {
  assert.equal(symmetricLengthProblem(A.ChaCha20Poly1305, 256), undefined);
  assert.equal(symmetricLengthProblem(A.HMAC_SHA3_256, 256), undefined);
  assert.match(symmetricLengthProblem(A.AES, 100) ?? '', /128, 192, 256/);
});

test('keys for KMIP ciphers OpenSSL does not compute with are created at their defined lengths (SKIPJACK: 80 bits, FIPS 185)', () => {
  assert.equal(symmetricLengthProblem(A.SKIPJACK, 80), undefined);
  assert.match(symmetricLengthProblem(A.SKIPJACK, 128) ?? '', /80/);
  assert.equal(generateKeyFor(A.SKIPJACK, 80).length, 10);
  assert.equal(symmetricLengthProblem(A.SEED, 128), undefined);
  assert.equal(symmetricLengthProblem(A.ARIA, 192), undefined);
  assert.equal(symmetricLengthProblem(A.RC2, 40), undefined);
});

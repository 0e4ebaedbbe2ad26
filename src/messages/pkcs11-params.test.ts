import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeCkInfo, encodeCkInfo } from './pkcs11-params.js';

// The C_GetInfo answer of the OASIS case PKCS11-M-1-21 (KMIP Profiles 2.1): Cryptoki 2.40,
// manufacturer "TEST      Pty Ltd", flags 0, description "TEST", library 1.0.
const PUBLISHED =
  '022854455354202020202020507479204c7464202020202020202020202020202020' +
  '0000000000000000' +
  '5445535420202020202020202020202020202020202020202020202020202020' +
  '0100';

test('CK_INFO is laid out as KMIP Profiles 2.1 §5.18.1 says: bytes, space-padded arrays, an 8-byte CK_ULONG', () => {
  const info = {
    cryptokiVersion: { major: 2, minor: 40 },
    manufacturerID: 'TEST      Pty Ltd',
    flags: 0n,
    libraryDescription: 'TEST',
    libraryVersion: { major: 1, minor: 0 },
  };
  assert.equal(encodeCkInfo(info).toString('hex'), PUBLISHED);
  const back = decodeCkInfo(Buffer.from(PUBLISHED, 'hex'));
  assert.equal(back?.manufacturerID.trimEnd(), 'TEST      Pty Ltd');
  assert.deepEqual(back?.cryptokiVersion, { major: 2, minor: 40 });
  assert.equal(decodeCkInfo(Buffer.alloc(75)), undefined);
});

test('a CK_ULONG takes eight bytes big-endian; a long text is cut to its field', () => {
  const bytes = encodeCkInfo({
    cryptokiVersion: { major: 3, minor: 0 },
    manufacturerID: 'x'.repeat(40),
    flags: 0x0102n,
    libraryDescription: '',
    libraryVersion: { major: 0, minor: 1 },
  });
  assert.equal(bytes.length, 76);
  assert.equal(bytes.subarray(34, 42).toString('hex'), '0000000000000102');
  assert.equal(bytes.subarray(2, 34).toString(), 'x'.repeat(32));
});

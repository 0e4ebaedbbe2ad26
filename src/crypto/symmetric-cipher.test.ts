import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv } from 'node:crypto';
import {
  BlockCipherMode as M,
  CryptographicAlgorithm as A,
  PaddingMethod as P,
} from '../spec/generated/enums.js';
import { KmipError } from '../messages/kmip-error.js';
import { ResultReason } from '../spec/generated/enums.js';
import { openSymmetric, type SymmetricSpec } from './symmetric-cipher.js';
import { runSession } from './cipher-session.js';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

function enc(
  spec: SymmetricSpec,
  data: Buffer,
): { data: Buffer; tag: Buffer | undefined; iv: Buffer | undefined } {
  const o = openSymmetric(spec, true);
  const out = runSession(o.session, data);
  return { data: out, tag: o.session.tag(), iv: o.generatedIv };
}
function dec(spec: SymmetricSpec, data: Buffer): Buffer {
  return runSession(openSymmetric(spec, false).session, data);
}
function reasonOf(f: () => unknown): number | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof KmipError) return e.resultReason;
    throw e;
  }
  return undefined;
}

const K = hex('0123456789abcdef0123456789abcdef');
const DATA16 = hex('01020304050607080910111213141516');

test('AES-128-ECB without padding gives the CS-BC-M-4 cipher text, and with PKCS5 a second block (CS-BC-M-8)', () => {
  assert.equal(
    enc({ algorithm: A.AES, key: K, mode: M.ECB }, DATA16).data.toString('hex'),
    'd9bcce11b0b437b90239552df3a360c9',
  );
  const padded = enc({ algorithm: A.AES, key: K, mode: M.ECB, padding: P.PKCS5 }, DATA16).data;
  assert.equal(padded.length, 32);
  assert.deepEqual(dec({ algorithm: A.AES, key: K, mode: M.ECB, padding: P.PKCS5 }, padded), DATA16);
});

test('AES-128-CBC PKCS5 with the CS-BC-M-10 IV gives its cipher text and decrypts back', () => {
  const data = hex('010203040506070809101112131415160102030405060708091011121314151601');
  const iv = hex('01020304050607080910111213141516');
  const ct = hex(
    '79abc5c23868ad84d388ce61110a62742bda19d694bbcb757dd06617c0d80fb1df2e71864ad9633d7d797e30860df00d',
  );
  const spec = { algorithm: A.AES, key: K, mode: M.CBC, padding: P.PKCS5, iv };
  assert.deepEqual(enc(spec, data).data, ct);
  assert.deepEqual(dec(spec, ct), data);
});

test('CBC encryption without an IV generates and returns a 16-byte IV; decryption without one is Invalid Message', () => {
  const r = enc({ algorithm: A.AES, key: K, mode: M.CBC, padding: P.PKCS5 }, DATA16);
  assert.equal(r.iv?.length, 16);
  assert.deepEqual(
    dec({ algorithm: A.AES, key: K, mode: M.CBC, padding: P.PKCS5, iv: r.iv }, r.data),
    DATA16,
  );
  assert.equal(
    reasonOf(() => dec({ algorithm: A.AES, key: K, mode: M.CBC, padding: P.PKCS5 }, r.data)),
    ResultReason.InvalidMessage,
  );
});

test('a wrong pad, or unaligned data without padding, is a Cryptographic Failure', () => {
  const ct = enc({ algorithm: A.AES, key: K, mode: M.ECB }, DATA16).data;
  assert.equal(
    reasonOf(() => dec({ algorithm: A.AES, key: K, mode: M.ECB, padding: P.PKCS5 }, ct)),
    ResultReason.CryptographicFailure,
  );
  assert.equal(
    reasonOf(() => enc({ algorithm: A.AES, key: K, mode: M.ECB }, hex('0102'))),
    ResultReason.CryptographicFailure,
  );
});

test('ANSI X9.23 and ISO 10126 padding round-trip and end in the pad length', () => {
  for (const padding of [P.ANSIX9_23, P.ISO10126]) {
    const spec = { algorithm: A.AES, key: K, mode: M.ECB, padding };
    const ct = enc(spec, hex('0102030405')).data;
    assert.equal(ct.length, 16);
    const raw = dec({ algorithm: A.AES, key: K, mode: M.ECB }, ct);
    assert.equal(raw[15], 11);
    assert.deepEqual(dec(spec, ct), hex('0102030405'));
  }
});

test('AES-GCM: GCM spec test cases 2 and 5 (64-bit IV), tag truncation and tag mismatch', () => {
  const zero = Buffer.alloc(16);
  const tc2 = enc({ algorithm: A.AES, key: zero, mode: M.GCM, iv: Buffer.alloc(12), tagLength: 16 }, zero);
  assert.equal(tc2.data.toString('hex'), '0388dace60b6a392f328c2b971b2fe78');
  assert.equal(tc2.tag?.toString('hex'), 'ab6e47d42cec13bdf53a67b21257bddf');
  const spec = { algorithm: A.AES, key: zero, mode: M.GCM, iv: Buffer.alloc(12) };
  assert.deepEqual(dec({ ...spec, tag: hex('ab6e47d42cec13bdf53a67b2') }, tc2.data), zero);
  assert.equal(
    reasonOf(() => dec({ ...spec, tag: hex('006e47d42cec13bdf53a67b21257bddf') }, tc2.data)),
    ResultReason.CryptographicFailure,
  );
  const tc5 = enc(
    {
      algorithm: A.AES,
      key: hex('feffe9928665731c6d6a8f9467308308'),
      mode: M.GCM,
      iv: hex('cafebabefacedbad'),
      aad: hex('feedfacedeadbeeffeedfacedeadbeefabaddad2'),
    },
    hex(
      'd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39',
    ),
  );
  assert.equal(
    tc5.data.toString('hex'),
    '61353b4c2806934a777ff51fa22a4755699b2a714fcdc6f83766e5f97b6c742373806900e49f24b22b097544d4896b424989b5e1ebac0f07c23f4598',
  );
  assert.equal(tc5.tag?.toString('hex'), '3612d2e79e3b0785561be14aaca2fccb');
});

test('GCM tag lengths 1 and 32 are a General Failure (CS-BC-M-GCM-1)', () => {
  for (const tagLength of [1, 32]) {
    const spec = { algorithm: A.AES, key: Buffer.alloc(16), mode: M.GCM, iv: Buffer.alloc(12), tagLength };
    assert.equal(
      reasonOf(() => enc(spec, Buffer.alloc(16))),
      ResultReason.GeneralFailure,
    );
  }
});

test('ChaCha20 with a 64-bit nonce gives the keystream of the OASIS CHACHA20 cases', () => {
  const key = Buffer.alloc(32);
  const r = enc({ algorithm: A.ChaCha20, key, iv: Buffer.alloc(8) }, Buffer.alloc(64));
  assert.equal(
    r.data.toString('hex'),
    '76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586',
  );
  const r3 = enc({ algorithm: A.ChaCha20, key, iv: hex('0000000000000001') }, Buffer.alloc(60));
  assert.equal(r3.data.subarray(0, 16).toString('hex'), 'de9cba7bf3d69ef5e786dc63973f653a');
});

test('ChaCha20-Poly1305: the RFC 8439 §2.8.2 vector', () => {
  const plain = Buffer.from(
    "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.",
  );
  const spec = {
    algorithm: A.ChaCha20Poly1305,
    key: hex('808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f'),
    mode: M.AEAD,
    iv: hex('070000004041424344454647'),
    aad: hex('50515253c0c1c2c3c4c5c6c7'),
    tagLength: 16,
  };
  const r = enc(spec, plain);
  assert.equal(r.data.subarray(0, 16).toString('hex'), 'd31a8d34648e60db7b86afbc53ef7ec2');
  assert.equal(r.tag?.toString('hex'), '1ae10b594f09e26a7e902ecbd0600691');
  assert.deepEqual(dec({ ...spec, tag: r.tag }, r.data), plain);
});

test('AES key wrap modes: RFC 3394 §4.1 and §4.6, RFC 5649 §6', () => {
  const kw = (key: string, data: string): string =>
    enc({ algorithm: A.AES, key: hex(key), mode: M.NISTKeyWrap }, hex(data)).data.toString('hex');
  assert.equal(
    kw('000102030405060708090a0b0c0d0e0f', '00112233445566778899aabbccddeeff'),
    '1fa68b0a8112b447aef34bd8fb5a7b829d3e862371d2cfe5',
  );
  assert.equal(
    kw(
      '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f',
      '00112233445566778899aabbccddeeff000102030405060708090a0b0c0d0e0f',
    ),
    '28c9f404c4b810f4cbccb35cfb87f8263f5786e2d80ed326cbc7f0e71a99f43bfb988b9b7a02dd21',
  );
  const kwp = {
    algorithm: A.AES,
    key: hex('5840df6e29b02af1ab493b705bf16ea1ae8338f4dcc176a8'),
    mode: M.AESKeyWrapPadding,
  };
  assert.equal(enc(kwp, hex('466f7250617369')).data.toString('hex'), 'afbeb0f07dfbf5419200f2ccb50bb24f');
  assert.equal(
    enc(kwp, hex('c37b7e6492584340bed12207808941155068f738')).data.toString('hex'),
    '138bdeaa9b8fa7fc61f97742e72248ee5ae6ae5360d1ae6a5f54f373fa543b6a',
  );
  assert.equal(
    reasonOf(() => dec(kwp, hex('afbeb0f07dfbf5419200f2ccb50bb24e'))),
    ResultReason.CryptographicFailure,
  );
});

test('legacy block ciphers in ECB: Camellia (RFC 3713), Blowfish, CAST5 (RFC 2144), IDEA known answers', () => {
  const ecb = (algorithm: number, key: string, data: string): string =>
    enc({ algorithm, key: hex(key), mode: M.ECB }, hex(data)).data.toString('hex');
  assert.equal(
    ecb(A.Camellia, '0123456789abcdeffedcba9876543210', '0123456789abcdeffedcba9876543210'),
    '67673138549669730857065648eabe43',
  );
  assert.equal(ecb(A.Blowfish, '0000000000000000', '0000000000000000'), '4ef997456198dd78');
  assert.equal(ecb(A.CAST5, '0123456712345678234567893456789a', '0123456789abcdef'), '238b4fe5847e44b2');
  assert.equal(ecb(A.IDEA, '00010002000300040005000600070008', '0000000100020003'), '11fbed2b01986de5');
});

test('3DES keys of 168 bits without parity are spread to 24 bytes; CTR on a 64-bit cipher is ECB of the counter', () => {
  const key24 = hex('0123456789abcdef23456789abcdef01456789abcdef0123');
  const ctr = hex('0000000000000001');
  const data = Buffer.from('counter mode on triple des!');
  const out = enc({ algorithm: A.DES3, key: key24, mode: M.CTR, iv: ctr }, data).data;
  const ecb = createCipheriv('des-ede3-ecb', key24, null).setAutoPadding(false);
  const ks = Buffer.concat([
    ecb.update(hex('0000000000000001')),
    ecb.update(hex('0000000000000002')),
    ecb.update(hex('0000000000000003')),
    ecb.update(hex('0000000000000004')),
  ]);
  assert.deepEqual(out, Buffer.from(data.map((b, i) => b ^ (ks[i] ?? 0))));
  assert.deepEqual(dec({ algorithm: A.DES3, key: key24, mode: M.CTR, iv: ctr }, out), data);
  const cbc = {
    algorithm: A.DES3,
    key: Buffer.alloc(21, 0x5a),
    mode: M.CBC,
    padding: P.PKCS5,
    iv: Buffer.alloc(8),
  };
  assert.deepEqual(dec(cbc, enc(cbc, data).data), data);
});

test('RC4 and the remaining modes of every block cipher round-trip', () => {
  const data = Buffer.from('The quick brown fox jumps over the lazy dog');
  const rc4 = { algorithm: A.RC4, key: hex('0102030405') };
  assert.deepEqual(dec(rc4, enc(rc4, data).data), data);
  const keys: [number, Buffer][] = [
    [A.AES, Buffer.alloc(32, 1)],
    [A.Camellia, Buffer.alloc(24, 2)],
    [A.DES3, Buffer.alloc(24, 3)],
    [A.Blowfish, Buffer.alloc(20, 4)],
    [A.CAST5, Buffer.alloc(10, 5)],
    [A.IDEA, Buffer.alloc(16, 6)],
  ];
  for (const [algorithm, key] of keys) {
    for (const mode of [M.CBC, M.CFB, M.OFB, M.CTR]) {
      const spec = { algorithm, key, mode, padding: mode === M.CBC ? P.PKCS5 : undefined };
      const r = enc(spec, data);
      assert.notDeepEqual(r.data.subarray(0, data.length), data);
      assert.deepEqual(dec({ ...spec, iv: r.iv }, r.data), data, `${algorithm}/${mode}`);
    }
  }
});

test('an unsupported mode is Unsupported Cryptographic Parameters; no mode or a bad key length is Invalid Field', () => {
  assert.equal(
    reasonOf(() => enc({ algorithm: A.Blowfish, key: Buffer.alloc(16), mode: M.GCM }, DATA16)),
    ResultReason.UnsupportedCryptographicParameters,
  );
  assert.equal(
    reasonOf(() => enc({ algorithm: A.AES, key: K }, DATA16)),
    ResultReason.InvalidField,
  );
  assert.equal(
    reasonOf(() => enc({ algorithm: A.AES, key: Buffer.alloc(5), mode: M.ECB }, DATA16)),
    ResultReason.InvalidField,
  );
});

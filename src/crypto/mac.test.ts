import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CryptographicAlgorithm as A } from '../spec/generated/enums.js';
import { KmipError } from '../messages/kmip-error.js';
import { macMatches, openMac } from './mac.js';

const hex = (s: string): Buffer => Buffer.from(s, 'hex');
const mac = (
  key: Uint8Array,
  keyAlg: number | undefined,
  alg: number | undefined,
  data: Uint8Array,
): string =>
  openMac(key, keyAlg, alg === undefined ? {} : { cryptographicAlgorithm: alg })
    .update(data)
    .digest()
    .toString('hex');

test('HMAC known answers: RFC 4231 test cases 1 and 2, RFC 2202 SHA-1 and MD5 test case 1', () => {
  const k = Buffer.alloc(20, 0x0b);
  const hi = Buffer.from('Hi There');
  assert.equal(
    mac(k, A.HMAC_SHA224, undefined, hi),
    '896fb1128abbdf196832107cd49df33f47b4b1169912ba4f53684b22',
  );
  assert.equal(
    mac(k, A.HMAC_SHA256, undefined, hi),
    'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
  );
  assert.equal(
    mac(k, A.HMAC_SHA384, undefined, hi),
    'afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6',
  );
  assert.equal(
    mac(k, A.HMAC_SHA512, undefined, hi),
    '87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854',
  );
  const jefe = Buffer.from('Jefe');
  const want = Buffer.from('what do ya want for nothing?');
  assert.equal(
    mac(jefe, undefined, A.HMAC_SHA256, want),
    '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
  );
  assert.equal(mac(k, A.HMAC_SHA1, undefined, hi), 'b617318655057264e28bc0b6fb378c8ef146be00');
  assert.equal(mac(Buffer.alloc(16, 0x0b), A.HMAC_MD5, undefined, hi), '9294727a3638bb1c13f48ef8158bfc9d');
});

test('the requested HMAC algorithm wins over the key algorithm (OASIS CS-AC-M-4: an AES key with HMAC_SHA256)', () => {
  const key = hex('0123456789abcdef0123456789abcdef');
  assert.equal(
    mac(key, A.AES, A.HMAC_SHA256, hex('01020304050607080910111213141516')),
    'c911e78196d64c30f631bb079ea37b97a95936d4da764d6a171df030c895ecf9',
  );
});

test('AES-CMAC: the four RFC 4493 §4 examples, fed whole and in pieces', () => {
  const key = hex('2b7e151628aed2a6abf7158809cf4f3c');
  const m = hex(
    '6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e5130c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710',
  );
  const cases: [number, string][] = [
    [0, 'bb1d6929e95937287fa37d129b756746'],
    [16, '070a16b46b4d4144f79bdd9dd04a287c'],
    [40, 'dfa66747de9ae63030ca32611497c827'],
    [64, '51f0bebf7e3b9d92fc49741779363cfe'],
  ];
  for (const [n, tag] of cases) {
    assert.equal(mac(key, A.AES, undefined, m.subarray(0, n)), tag, `${n} bytes`);
    const pieces = openMac(key, A.AES, {});
    for (let i = 0; i < n; i += 7) pieces.update(m.subarray(i, Math.min(n, i + 7)));
    assert.equal(pieces.digest().toString('hex'), tag, `${n} bytes in pieces`);
  }
});

test('3DES-CMAC: the SP 800-38B TDEA examples (64-bit block, Rb = 0x1B)', () => {
  const key = hex('8aa83bf8cbda10620bc1bf19fbb6cd58bc313d4a371ca8b5');
  assert.equal(mac(key, A.DES3, undefined, Buffer.alloc(0)), 'b7a688e122ffaf95');
  assert.equal(mac(key, A.DES3, undefined, hex('6bc1bee22e409f96')), '8e8f293136283797');
});

test('no MAC algorithm for the key is Invalid Field; MACs compare only when equal in length and value', () => {
  assert.throws(() => openMac(Buffer.alloc(16), A.RSA, {}), KmipError);
  assert.equal(macMatches(hex('0102'), hex('0102')), true);
  assert.equal(macMatches(hex('0102'), hex('0103')), false);
  assert.equal(macMatches(hex('0102'), hex('01')), false);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constants, createHash, generateKeyPairSync, sign, verify } from 'node:crypto';
import {
  DigitalSignatureAlgorithm as D,
  HashingAlgorithm as H,
  PaddingMethod as P,
} from '../spec/generated/enums.js';
import { KmipError } from '../messages/kmip-error.js';
import { signWith, signatureScheme, verifyWith } from './signatures.js';

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ed = generateKeyPairSync('ed25519');
const msg = Buffer.from('sign me');

test('RSA PKCS#1 v1.5 and PSS signatures verify with OpenSSL, for MD5 to SHA-512', () => {
  for (const h of [H.MD5, H.SHA_1, H.SHA_224, H.SHA_256, H.SHA_384, H.SHA_512]) {
    for (const padding of [P.PKCS1V1_5, P.PSS]) {
      const s = signatureScheme(rsa.privateKey, { hashingAlgorithm: h, paddingMethod: padding });
      const sig = signWith(rsa.privateKey, s, msg, undefined);
      const digest = s.digest!;
      const ok =
        padding === P.PSS
          ? verify(
              digest,
              msg,
              {
                key: rsa.publicKey,
                padding: constants.RSA_PKCS1_PSS_PADDING,
                saltLength: constants.RSA_PSS_SALTLEN_AUTO,
              },
              sig,
            )
          : verify(digest, msg, rsa.publicKey, sig);
      assert.equal(ok, true, `${h}/${padding}`);
      assert.equal(
        verifyWith(
          rsa.publicKey,
          signatureScheme(rsa.publicKey, { hashingAlgorithm: h, paddingMethod: padding }),
          sig,
          msg,
          undefined,
        ),
        true,
      );
    }
  }
});

test('Digested Data: PKCS#1 v1.5 over a digest equals signing the data; PSS over a digest verifies as data', () => {
  const mHash = createHash('sha256').update(msg).digest();
  const pkcs1 = signatureScheme(rsa.privateKey, { digitalSignatureAlgorithm: D.SHA_256WithRSAEncryption });
  assert.deepEqual(signWith(rsa.privateKey, pkcs1, undefined, mHash), sign('sha256', msg, rsa.privateKey));
  const pss = signatureScheme(rsa.privateKey, {
    digitalSignatureAlgorithm: D.RSASSA_PSS,
    hashingAlgorithm: H.SHA_256,
    saltLength: 20,
  });
  const sig = signWith(rsa.privateKey, pss, undefined, mHash);
  assert.equal(
    verify(
      'sha256',
      msg,
      { key: rsa.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 20 },
      sig,
    ),
    true,
  );
  assert.equal(verifyWith(rsa.publicKey, pss, sig, undefined, mHash), true);
  assert.equal(verifyWith(rsa.publicKey, pss, sig, Buffer.from('other'), undefined), false);
});

test('PSS with an MGF1 hash other than the message hash signs and verifies by the manual encoding', () => {
  const s = signatureScheme(rsa.privateKey, {
    paddingMethod: P.PSS,
    hashingAlgorithm: H.SHA_256,
    maskGeneratorHashingAlgorithm: H.SHA_1,
  });
  const sig = signWith(rsa.privateKey, s, msg, undefined);
  assert.equal(verifyWith(rsa.publicKey, s, sig, msg, undefined), true);
  const same = signatureScheme(rsa.privateKey, { paddingMethod: P.PSS, hashingAlgorithm: H.SHA_256 });
  assert.equal(verifyWith(rsa.publicKey, same, sig, msg, undefined), false);
});

test('ECDSA (DER) and Ed25519 signatures verify with OpenSSL; a mangled signature is simply invalid', () => {
  const es = signatureScheme(ec.privateKey, { digitalSignatureAlgorithm: D.ECDSAWithSHA384 });
  const esig = signWith(ec.privateKey, es, msg, undefined);
  assert.equal(verify('sha384', msg, ec.publicKey, esig), true);
  assert.equal(verifyWith(ec.publicKey, es, Buffer.from('not der'), msg, undefined), false);
  const eds = signatureScheme(ed.privateKey, {});
  const edsig = signWith(ed.privateKey, eds, msg, undefined);
  assert.equal(verify(null, msg, ed.publicKey, edsig), true);
  assert.equal(verifyWith(ed.publicKey, eds, edsig, msg, undefined), true);
  edsig[0] = (edsig[0] ?? 0) ^ 1;
  assert.equal(verifyWith(ed.publicKey, eds, edsig, msg, undefined), false);
});

test('parameters that do not fit the key, or are missing, are Invalid Field', () => {
  assert.throws(() => signatureScheme(rsa.privateKey, { hashingAlgorithm: H.SHA_256 }), KmipError);
  assert.throws(() => signatureScheme(rsa.privateKey, { paddingMethod: P.PSS }), KmipError);
  assert.throws(
    () => signatureScheme(ec.privateKey, { digitalSignatureAlgorithm: D.SHA_256WithRSAEncryption }),
    KmipError,
  );
  assert.throws(
    () =>
      signWith(
        ec.privateKey,
        signatureScheme(ec.privateKey, { hashingAlgorithm: H.SHA_256 }),
        undefined,
        Buffer.alloc(32),
      ),
    KmipError,
  );
});

// RSA encodings done here rather than by OpenSSL, where node's API has no way to ask for them:
// EME-OAEP with an MGF1 hash other than the label hash (RFC 8017 §7.1; the OASIS CS-AC-M-OAEP-7..10
// cases use SHA-384 with MGF1-SHA-256), EMSA-PSS over a digest the client computed (Sign with
// Digested Data, §9.1), and PKCS#1 v1.5 decryption, which node 20 refuses (CVE-2023-46809): it is
// done with implicit rejection (draft-irtf-cfrg-rsa-guidance §7), so that a bad padding yields a
// deterministic synthetic message instead of an error a padding oracle could use.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { digestLength, mgf1 } from './hashes.js';

function xor(a: Uint8Array, b: Uint8Array): Buffer {
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (a[i] ?? 0) ^ (b[i] ?? 0);
  return out;
}

/** EME-OAEP-ENCODE for a k-byte modulus. Undefined when the message is too long. */
export function oaepEncode(
  k: number,
  digest: string,
  mgfDigest: string,
  label: Uint8Array,
  m: Uint8Array,
): Buffer | undefined {
  const hLen = digestLength(digest);
  if (m.length > k - 2 * hLen - 2) return undefined;
  const lHash = createHash(digest).update(label).digest();
  const db = Buffer.concat([lHash, Buffer.alloc(k - m.length - 2 * hLen - 2), Buffer.from([1]), m]);
  const seed = randomBytes(hLen);
  const maskedDb = xor(db, mgf1(mgfDigest, seed, k - hLen - 1));
  const maskedSeed = xor(seed, mgf1(mgfDigest, maskedDb, hLen));
  return Buffer.concat([Buffer.from([0]), maskedSeed, maskedDb]);
}

/** EME-OAEP-DECODE; undefined on any decoding error (one error for all, RFC 8017 §7.1.2 note). */
export function oaepDecode(
  em: Uint8Array,
  digest: string,
  mgfDigest: string,
  label: Uint8Array,
): Buffer | undefined {
  const hLen = digestLength(digest);
  const k = em.length;
  if (k < 2 * hLen + 2) return undefined;
  const maskedSeed = em.subarray(1, 1 + hLen);
  const maskedDb = em.subarray(1 + hLen);
  const seed = xor(maskedSeed, mgf1(mgfDigest, maskedDb, hLen));
  const db = xor(maskedDb, mgf1(mgfDigest, seed, k - hLen - 1));
  const lHash = createHash(digest).update(label).digest();
  let bad = (em[0] ?? 0) | (timingSafeEqual(db.subarray(0, hLen), lHash) ? 0 : 1);
  // Find the 0x01 separator without branching on secret data.
  let index = 0;
  let found = 0;
  for (let i = hLen; i < db.length; i++) {
    const b = db[i] ?? 0;
    const isOne = b === 1 ? 1 : 0;
    const isZero = b === 0 ? 1 : 0;
    index = found === 0 && isOne === 1 ? i : index;
    bad |= found === 0 && isOne === 0 && isZero === 0 ? 1 : 0;
    found |= isOne;
  }
  return bad === 0 && found === 1 ? db.subarray(index + 1) : undefined;
}

/**
 * RSAES-PKCS1-v1_5 decoding of `em` (the raw k-byte RSA output) with implicit rejection: a bad
 * padding returns a synthetic message derived from the private key and the cipher text.
 */
export function pkcs1v15DecodeImplicit(
  em: Uint8Array,
  keySecret: Uint8Array,
  ciphertext: Uint8Array,
): Buffer {
  const k = em.length;
  const kdk = createHmac('sha256', createHash('sha256').update(keySecret).digest())
    .update(ciphertext)
    .digest();
  const prf = (label: string, n: number): Buffer => {
    const blocks: Buffer[] = [];
    for (let i = 0; blocks.length * 32 < n; i++) {
      const c = Buffer.alloc(2);
      c.writeUInt16BE(i);
      blocks.push(createHmac('sha256', kdk).update(c).update(label).digest());
    }
    return Buffer.concat(blocks).subarray(0, n);
  };
  const maxLen = k - 11;
  const synthLen = prf('length', 2).readUInt16BE(0) % (maxLen + 1);
  const synthetic = prf('message', k).subarray(k - synthLen);
  let bad = (em[0] ?? 0) | ((em[1] ?? 0) ^ 2);
  let index = 0;
  let found = 0;
  for (let i = 2; i < k; i++) {
    const isZero = em[i] === 0 ? 1 : 0;
    index = found === 0 && isZero === 1 ? i : index;
    found |= isZero;
  }
  bad |= found === 0 || index < 10 ? 1 : 0;
  const real = em.subarray(index + 1);
  return bad === 0 ? Buffer.from(real) : Buffer.from(synthetic);
}

/** EMSA-PSS-ENCODE over a message digest `mHash`, for a modulus of `modBits` bits. */
export function pssEncode(
  digest: string,
  mHash: Uint8Array,
  modBits: number,
  saltLength: number,
  mgfDigest = digest,
): Buffer | undefined {
  const hLen = digestLength(digest);
  const emBits = modBits - 1;
  const emLen = Math.ceil(emBits / 8);
  if (mHash.length !== hLen || emLen < hLen + saltLength + 2) return undefined;
  const salt = randomBytes(saltLength);
  const h = createHash(digest).update(Buffer.alloc(8)).update(mHash).update(salt).digest();
  const db = Buffer.concat([Buffer.alloc(emLen - saltLength - hLen - 2), Buffer.from([1]), salt]);
  const maskedDb = xor(db, mgf1(mgfDigest, h, emLen - hLen - 1));
  maskedDb[0] = (maskedDb[0] ?? 0) & (0xff >> (8 * emLen - emBits));
  const em = Buffer.concat([maskedDb, h, Buffer.from([0xbc])]);
  return Buffer.concat([Buffer.alloc(Math.ceil(modBits / 8) - emLen), em]);
}

/** EMSA-PSS-VERIFY; `saltLength` undefined accepts any salt length. `m` is the raw k-byte RSA output. */
export function pssVerify(
  digest: string,
  mHash: Uint8Array,
  m: Uint8Array,
  modBits: number,
  saltLength?: number,
  mgfDigest = digest,
): boolean {
  const hLen = digestLength(digest);
  const emBits = modBits - 1;
  const emLen = Math.ceil(emBits / 8);
  if (m.length < emLen || m.subarray(0, m.length - emLen).some((b) => b !== 0)) return false;
  const em = m.subarray(m.length - emLen);
  if (mHash.length !== hLen || emLen < hLen + 2 || em[emLen - 1] !== 0xbc) return false;
  const maskedDb = em.subarray(0, emLen - hLen - 1);
  const h = em.subarray(emLen - hLen - 1, emLen - 1);
  const top = 0xff >> (8 * emLen - emBits);
  if (((maskedDb[0] ?? 0) & ~top) !== 0) return false;
  const db = xor(maskedDb, mgf1(mgfDigest, h, emLen - hLen - 1));
  db[0] = (db[0] ?? 0) & top;
  const one = db.indexOf(1);
  if (one < 0 || db.subarray(0, one).some((b) => b !== 0)) return false;
  const salt = db.subarray(one + 1);
  if (saltLength !== undefined && salt.length !== saltLength) return false;
  const h2 = createHash(digest).update(Buffer.alloc(8)).update(mHash).update(salt).digest();
  return timingSafeEqual(h, h2);
}

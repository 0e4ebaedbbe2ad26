// RSA Encrypt/Decrypt (KMIP 2.1 §6.1.17, §6.1.11 with a Public/Private Key): PKCS#1 v1.5, OAEP
// (Hashing Algorithm, Mask Generator Hashing Algorithm, P Source as the label) and raw RSA
// (Padding Method None). The OAEP hash defaults to SHA-1 (§4.16) and the MGF1 hash to the OAEP hash,
// as PyKMIP and most libraries do.
import { constants, privateDecrypt, publicEncrypt, type KeyObject } from 'node:crypto';
import { KmipError, invalidField } from '../messages/kmip-error.js';
import { HashingAlgorithm, PaddingMethod, ResultReason } from '../spec/generated/enums.js';
import { enumValueName } from '../spec/registry.js';
import type { CryptoParams } from './crypto-params.js';
import { requireDigest } from './hashes.js';
import { oaepDecode, oaepEncode, pkcs1v15DecodeImplicit } from './rsa-padding.js';
import { unsupportedParams } from './crypto-errors.js';

function modulusBytes(key: KeyObject): number {
  return Math.ceil((key.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
}

function failure(what: string, err?: unknown): KmipError {
  const detail = err instanceof Error ? `: ${err.message}` : '';
  return new KmipError(ResultReason.CryptographicFailure, `${what}${detail}`);
}

interface Oaep {
  readonly digest: string;
  readonly mgfDigest: string;
  readonly label: Uint8Array;
}

function oaepOf(p: CryptoParams): Oaep {
  const digest = requireDigest(p.hashingAlgorithm ?? HashingAlgorithm.SHA_1);
  const mgfDigest =
    p.maskGeneratorHashingAlgorithm === undefined ? digest : requireDigest(p.maskGeneratorHashingAlgorithm);
  return { digest, mgfDigest, label: p.pSource ?? new Uint8Array(0) };
}

function padding(p: CryptoParams): number {
  const m = p.paddingMethod;
  if (m === undefined) throw invalidField('RSA encryption needs a Padding Method (OAEP, PKCS1 v1.5 or None)');
  if (m !== PaddingMethod.OAEP && m !== PaddingMethod.PKCS1V1_5 && m !== PaddingMethod.None) {
    throw unsupportedParams(
      `the padding method ${enumValueName('PaddingMethod', m) ?? m} is not an RSA encryption padding`,
    );
  }
  return m;
}

function raw(key: KeyObject, data: Uint8Array, encrypt: boolean): Buffer {
  const k = modulusBytes(key);
  if (data.length !== k) throw failure(`raw RSA takes exactly ${k} bytes`);
  try {
    return encrypt
      ? publicEncrypt({ key, padding: constants.RSA_NO_PADDING }, data)
      : privateDecrypt({ key, padding: constants.RSA_NO_PADDING }, data);
  } catch (err) {
    throw failure('RSA failed', err);
  }
}

export function rsaEncrypt(publicKey: KeyObject, p: CryptoParams, data: Uint8Array): Buffer {
  const m = padding(p);
  if (m === PaddingMethod.None) return raw(publicKey, data, true);
  try {
    if (m === PaddingMethod.PKCS1V1_5)
      return publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, data);
    const o = oaepOf(p);
    if (o.mgfDigest === o.digest) {
      return publicEncrypt(
        { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: o.digest, oaepLabel: o.label },
        data,
      );
    }
    const em = oaepEncode(modulusBytes(publicKey), o.digest, o.mgfDigest, o.label, data);
    if (em === undefined) throw failure('the data is too long for RSA-OAEP with this key');
    return raw(publicKey, em, true);
  } catch (err) {
    if (err instanceof KmipError) throw err;
    throw failure('RSA encryption failed', err);
  }
}

export function rsaDecrypt(privateKey: KeyObject, p: CryptoParams, data: Uint8Array): Buffer {
  const m = padding(p);
  if (m === PaddingMethod.None) return raw(privateKey, data, false);
  if (data.length !== modulusBytes(privateKey))
    throw failure('the cipher text is not the length of the modulus');
  const em = raw(privateKey, data, false);
  if (m === PaddingMethod.PKCS1V1_5) {
    const jwk = privateKey.export({ format: 'jwk' });
    return pkcs1v15DecodeImplicit(em, Buffer.from(jwk.d ?? '', 'base64url'), data);
  }
  const o = oaepOf(p);
  const out = oaepDecode(em, o.digest, o.mgfDigest, o.label);
  if (out === undefined) throw failure('RSA-OAEP decryption failed');
  return out;
}

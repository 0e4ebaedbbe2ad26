// The keys that wrap and unwrap (KMIP 2.1 §3.3 Encryption Key Information, MAC/Signature Key
// Information): loaded and checked for Wrap Key / Unwrap Key, and the cipher, MAC or signature each
// applies. AES defaults to Key Wrap (RFC 3394, or RFC 5649 when the data is not whole 8-byte
// blocks); RSA to OAEP.
import type { StructureItem } from '../../ttlv/item.js';
import { KmipError, invalidField } from '../../messages/kmip-error.js';
import {
  BlockCipherMode as M,
  CryptographicAlgorithm as A,
  CryptographicUsageMask as U,
  ObjectType,
  PaddingMethod,
  ResultReason,
} from '../../spec/generated/enums.js';
import type { OperationContext } from './operation-context.js';
import type { CryptographicParameters } from '../../messages/payloads/generated/types.js';
import type { ManagedObject } from '../../objects/managed-object.js';
import type { CryptoParams } from '../../crypto/crypto-params.js';
import { effectiveParams } from './effective-params.js';
import { type KeyPurpose, loadUsableKey, secretKeyOf } from './key-use.js';
import { openSymmetric } from '../../crypto/symmetric-cipher.js';
import { runSession } from '../../crypto/cipher-session.js';
import { keyObjectOfBody } from '../../crypto/asymmetric-keys.js';
import { rsaDecrypt, rsaEncrypt } from '../../crypto/rsa-cipher.js';
import { macMatches, openMac } from '../../crypto/mac.js';
import { signWith, signatureScheme, verifyWith } from '../../crypto/signatures.js';

export function purpose(wrap: boolean, mac: boolean): KeyPurpose {
  const types = wrap
    ? mac
      ? [ObjectType.SymmetricKey, ObjectType.PrivateKey]
      : [ObjectType.SymmetricKey, ObjectType.PublicKey]
    : mac
      ? [ObjectType.SymmetricKey, ObjectType.PublicKey]
      : [ObjectType.SymmetricKey, ObjectType.PrivateKey];
  return {
    mask: wrap ? U.WrapKey : U.UnwrapKey,
    protect: wrap,
    what: wrap ? 'key wrapping' : 'key unwrapping',
    objectTypes: new Set(types),
  };
}

export interface KeyInfo {
  readonly obj: ManagedObject;
  readonly params: CryptoParams;
}

/** Encryption Key Information or MAC/Signature Key Information (2.1 §2.1.5, Tables 16-17). */
export interface WrappingKeyInformation {
  readonly uniqueIdentifier: string;
  readonly cryptographicParameters?: CryptographicParameters;
}

export async function keyInfo(
  ctx: OperationContext,
  info: WrappingKeyInformation,
  p: KeyPurpose,
): Promise<KeyInfo> {
  const uid = info.uniqueIdentifier;
  const obj = await loadUsableKey(ctx, uid, p).catch((err: unknown) => {
    if (err instanceof KmipError && err.resultReason === ResultReason.ItemNotFound) {
      throw new KmipError(ResultReason.ItemNotFound, `the wrapping key ${uid} does not exist`);
    }
    throw err;
  });
  return {
    obj,
    params: effectiveParams(info.cryptographicParameters, obj),
  };
}

function symmetricSpec(k: KeyInfo, dataLength: number, iv: Uint8Array | undefined) {
  const s = secretKeyOf(k.obj);
  const algorithm = s.algorithm ?? A.AES;
  let mode = k.params.blockCipherMode;
  if (mode === undefined && algorithm === A.AES)
    mode = dataLength % 8 === 0 && dataLength >= 16 ? M.NISTKeyWrap : M.AESKeyWrapPadding;
  if (mode === M.GCM || mode === M.CCM)
    throw invalidField(
      'authenticated modes cannot wrap keys here: the tag has no place in Key Wrapping Data',
    );
  const padding =
    k.params.paddingMethod ?? (mode === M.CBC || mode === M.ECB ? PaddingMethod.PKCS5 : undefined);
  return { algorithm, key: s.key, mode, padding, iv };
}

function rsaParams(p: CryptoParams): CryptoParams {
  return p.paddingMethod === undefined ? { ...p, paddingMethod: PaddingMethod.OAEP } : p;
}

export async function encryptKey(
  k: KeyInfo,
  plain: Uint8Array,
): Promise<{ bytes: Buffer; iv: Buffer | undefined }> {
  if (k.obj.objectType === ObjectType.PublicKey) {
    return {
      bytes: rsaEncrypt(keyObjectOfBody(k.obj.body as StructureItem), rsaParams(k.params), plain),
      iv: undefined,
    };
  }
  const opened = openSymmetric(symmetricSpec(k, plain.length, undefined), true);
  return { bytes: runSession(opened.session, plain), iv: opened.generatedIv };
}

export function decryptKey(k: KeyInfo, wrapped: Uint8Array, iv: Uint8Array | undefined): Buffer {
  if (k.obj.objectType === ObjectType.PrivateKey) {
    return rsaDecrypt(keyObjectOfBody(k.obj.body as StructureItem), rsaParams(k.params), wrapped);
  }
  const spec = symmetricSpec(k, wrapped.length - 8, iv);
  if (k.params.blockCipherMode !== undefined || spec.algorithm !== A.AES)
    return runSession(openSymmetric(spec, false).session, wrapped);
  // No mode named: RFC 3394 or RFC 5649, whichever the integrity check accepts.
  try {
    return runSession(openSymmetric({ ...spec, mode: M.NISTKeyWrap }, false).session, wrapped);
  } catch {
    return runSession(openSymmetric({ ...spec, mode: M.AESKeyWrapPadding }, false).session, wrapped);
  }
}

export function macOrSign(k: KeyInfo, data: Uint8Array): Buffer {
  if (k.obj.objectType === ObjectType.PrivateKey) {
    const key = keyObjectOfBody(k.obj.body as StructureItem);
    return signWith(key, signatureScheme(key, k.params), data, undefined);
  }
  const s = secretKeyOf(k.obj);
  return openMac(s.key, s.algorithm, k.params).update(data).digest();
}

export function checkMacOrSignature(k: KeyInfo, data: Uint8Array, mac: Uint8Array): boolean {
  if (k.obj.objectType === ObjectType.PublicKey) {
    const key = keyObjectOfBody(k.obj.body as StructureItem);
    return verifyWith(key, signatureScheme(key, k.params), mac, data, undefined);
  }
  const s = secretKeyOf(k.obj);
  return macMatches(openMac(s.key, s.algorithm, k.params).update(data).digest(), mac);
}

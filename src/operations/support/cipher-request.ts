// The body of Encrypt and Decrypt (KMIP 2.1 §6.1.17, §6.1.11; 1.4 §4.29, §4.30): the key checked
// for the purpose, Cryptographic Parameters from the request over the key's attribute, symmetric
// ciphers or RSA, and multi-part operation through Init Indicator / Correlation Value / Final
// Indicator (symmetric ciphers only).
import type { StructureItem } from '../../ttlv/item.js';
import { invalidField } from '../../messages/kmip-error.js';
import { CryptographicUsageMask, ObjectType } from '../../spec/generated/enums.js';
import type {
  DecryptRequestPayload,
  EncryptResponsePayload,
} from '../../messages/payloads/generated/types.js';
import type { OperationContext } from './operation-context.js';
import { resolveUid } from './object-access.js';
import type { ManagedObject } from '../../objects/managed-object.js';
import type { CryptoParams } from '../../crypto/crypto-params.js';
import { effectiveParams } from './effective-params.js';
import { type KeyPurpose, loadUsableKey, secretKeyOf, spendUsage } from './key-use.js';
import { isCipherAlgorithm, openSymmetric } from '../../crypto/symmetric-cipher.js';
import type { CipherSession } from '../../crypto/cipher-session.js';
import { continueStream, openStream } from './streams.js';
import { keyObjectOfBody } from '../../crypto/asymmetric-keys.js';
import { rsaDecrypt, rsaEncrypt } from '../../crypto/rsa-cipher.js';
import { usableObject } from './key-wrapping.js';

const ENCRYPT: KeyPurpose = {
  mask: CryptographicUsageMask.Encrypt,
  protect: true,
  what: 'encryption',
  objectTypes: new Set([ObjectType.SymmetricKey, ObjectType.PublicKey]),
};
const DECRYPT: KeyPurpose = {
  mask: CryptographicUsageMask.Decrypt,
  protect: false,
  what: 'decryption',
  objectTypes: new Set([ObjectType.SymmetricKey, ObjectType.PrivateKey]),
};

/** Encrypt's request; Decrypt's has the Authenticated Encryption Tag too. */
export type CipherRequest = DecryptRequestPayload;
/** Decrypt's response is Encrypt's without the IV and the tag. */
export type CipherResponse = EncryptResponsePayload;

interface StreamState {
  readonly session: CipherSession;
}

interface Outcome {
  readonly data: Buffer;
  readonly iv?: Buffer | undefined;
  readonly correlation?: Buffer | undefined;
  readonly tag?: Buffer | undefined;
}

function response(uid: string, encrypt: boolean, o: Outcome): CipherResponse {
  return {
    uniqueIdentifier: uid,
    data: o.data,
    ...(encrypt && o.iv !== undefined ? { ivCounterNonce: o.iv } : {}),
    ...(o.correlation !== undefined ? { correlationValue: o.correlation } : {}),
    ...(encrypt && o.tag !== undefined ? { authenticatedEncryptionTag: o.tag } : {}),
  };
}

function symmetricSession(request: CipherRequest, obj: ManagedObject, p: CryptoParams, encrypt: boolean) {
  const k = secretKeyOf(obj);
  const algorithm =
    p.cryptographicAlgorithm !== undefined && isCipherAlgorithm(p.cryptographicAlgorithm)
      ? p.cryptographicAlgorithm
      : k.algorithm;
  if (algorithm === undefined) throw invalidField('the key has no Cryptographic Algorithm');
  return openSymmetric(
    {
      algorithm,
      key: k.key,
      mode: p.blockCipherMode,
      padding: p.paddingMethod,
      iv: request.ivCounterNonce,
      ivLength: p.ivLength,
      tagLength: p.tagLength,
      initialCounterValue: p.initialCounterValue,
      aad: request.authenticatedEncryptionAdditionalData,
      tag: encrypt ? undefined : request.authenticatedEncryptionTag,
    },
    encrypt,
  );
}

async function continued(
  request: CipherRequest,
  ctx: OperationContext,
  encrypt: boolean,
  cv: Uint8Array,
): Promise<CipherResponse> {
  const final = request.finalIndicator === true;
  const { uid, state } = continueStream<StreamState>(ctx, cv, final);
  const data = request.data ?? new Uint8Array(0);
  const obj = await loadUsableKey(ctx, uid, encrypt ? ENCRYPT : DECRYPT);
  if (encrypt) await spendUsage(ctx, obj, data.length);
  const parts = [state.session.update(data)];
  if (!final)
    return response(uid, encrypt, { data: parts[0] ?? Buffer.alloc(0), correlation: Buffer.from(cv) });
  parts.push(state.session.final());
  return response(uid, encrypt, { data: Buffer.concat(parts), tag: state.session.tag() });
}

export async function cipherRequest(
  request: CipherRequest,
  ctx: OperationContext,
  encrypt: boolean,
): Promise<CipherResponse> {
  const cv = request.correlationValue;
  if (cv !== undefined) return continued(request, ctx, encrypt, cv);
  const init = request.initIndicator === true;
  const final = request.finalIndicator === true;
  const uid = resolveUid(request.uniqueIdentifier, ctx);
  const obj = await loadUsableKey(ctx, uid, encrypt ? ENCRYPT : DECRYPT);
  const data = request.data ?? (init ? new Uint8Array(0) : undefined);
  if (data === undefined) throw invalidField(`${encrypt ? 'Encrypt' : 'Decrypt'} needs the Data`);
  const p = effectiveParams(request.cryptographicParameters, obj);
  if (obj.objectType === ObjectType.PublicKey || obj.objectType === ObjectType.PrivateKey) {
    if (init && !final) throw invalidField('RSA encryption is single-part only');
    const key = keyObjectOfBody((await usableObject(ctx, obj)).body as StructureItem);
    if (encrypt) await spendUsage(ctx, obj, data.length);
    return response(uid, encrypt, { data: encrypt ? rsaEncrypt(key, p, data) : rsaDecrypt(key, p, data) });
  }
  const opened = symmetricSession(request, await usableObject(ctx, obj), p, encrypt);
  if (encrypt) await spendUsage(ctx, obj, data.length);
  const first = opened.session.update(data);
  if (init && !final) {
    const correlation = openStream(ctx, uid, { session: opened.session } satisfies StreamState);
    return response(uid, encrypt, { data: first, iv: opened.generatedIv, correlation });
  }
  const rest = opened.session.final();
  return response(uid, encrypt, {
    data: Buffer.concat([first, rest]),
    iv: opened.generatedIv,
    tag: opened.session.tag(),
  });
}

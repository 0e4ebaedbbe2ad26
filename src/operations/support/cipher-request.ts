// The body of Encrypt and Decrypt (KMIP 2.1 §6.1.17, §6.1.11; 1.4 §4.29, §4.30): the key checked
// for the purpose, Cryptographic Parameters from the request over the key's attribute, symmetric
// ciphers or RSA, and multi-part operation through Init Indicator / Correlation Value / Final
// Indicator (symmetric ciphers only).
import type { StructureItem, TtlvItem } from '../../ttlv/item.js';
import { Tag } from '../../spec/generated/tags.js';
import { invalidField } from '../../messages/kmip-error.js';
import { CryptographicUsageMask, ObjectType } from '../../spec/generated/enums.js';
import type { OperationContext } from './operation-context.js';
import { targetUid } from './object-access.js';
import type { ManagedObject } from '../../objects/managed-object.js';
import type { CryptoParams } from '../../crypto/crypto-params.js';
import { effectiveParams } from './effective-params.js';
import { type KeyPurpose, loadUsableKey, secretKeyOf, spendUsage } from './key-use.js';
import { bytesField, bytesItem, boolField, textItemOf } from '../../crypto/request-fields.js';
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

interface StreamState {
  readonly session: CipherSession;
}

interface Outcome {
  readonly data: Buffer;
  readonly iv?: Buffer | undefined;
  readonly correlation?: Buffer | undefined;
  readonly tag?: Buffer | undefined;
}

function response(uid: string, encrypt: boolean, o: Outcome): TtlvItem[] {
  const out: TtlvItem[] = [textItemOf(Tag.UniqueIdentifier, uid), bytesItem(Tag.Data, o.data)];
  if (encrypt && o.iv !== undefined) out.push(bytesItem(Tag.IVCounterNonce, o.iv));
  if (o.correlation !== undefined) out.push(bytesItem(Tag.CorrelationValue, o.correlation));
  if (encrypt && o.tag !== undefined) out.push(bytesItem(Tag.AuthenticatedEncryptionTag, o.tag));
  return out;
}

function symmetricSession(payload: StructureItem, obj: ManagedObject, p: CryptoParams, encrypt: boolean) {
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
      iv: bytesField(payload, Tag.IVCounterNonce),
      ivLength: p.ivLength,
      tagLength: p.tagLength,
      initialCounterValue: p.initialCounterValue,
      aad: bytesField(payload, Tag.AuthenticatedEncryptionAdditionalData),
      tag: encrypt ? undefined : bytesField(payload, Tag.AuthenticatedEncryptionTag),
    },
    encrypt,
  );
}

async function continued(
  payload: StructureItem,
  ctx: OperationContext,
  encrypt: boolean,
  cv: Uint8Array,
): Promise<TtlvItem[]> {
  const final = boolField(payload, Tag.FinalIndicator) === true;
  const { uid, state } = continueStream<StreamState>(ctx, cv, final);
  const data = bytesField(payload, Tag.Data) ?? new Uint8Array(0);
  const obj = await loadUsableKey(ctx, uid, encrypt ? ENCRYPT : DECRYPT);
  if (encrypt) await spendUsage(ctx, obj, data.length);
  const parts = [state.session.update(data)];
  if (!final)
    return response(uid, encrypt, { data: parts[0] ?? Buffer.alloc(0), correlation: Buffer.from(cv) });
  parts.push(state.session.final());
  return response(uid, encrypt, { data: Buffer.concat(parts), tag: state.session.tag() });
}

export async function cipherRequest(
  payload: StructureItem,
  ctx: OperationContext,
  encrypt: boolean,
): Promise<TtlvItem[]> {
  const cv = bytesField(payload, Tag.CorrelationValue);
  if (cv !== undefined) return continued(payload, ctx, encrypt, cv);
  const init = boolField(payload, Tag.InitIndicator) === true;
  const final = boolField(payload, Tag.FinalIndicator) === true;
  const uid = targetUid(payload, ctx);
  const obj = await loadUsableKey(ctx, uid, encrypt ? ENCRYPT : DECRYPT);
  const data = bytesField(payload, Tag.Data) ?? (init ? new Uint8Array(0) : undefined);
  if (data === undefined) throw invalidField(`${encrypt ? 'Encrypt' : 'Decrypt'} needs the Data`);
  const p = effectiveParams(
    payload.value.find((c) => c.tag === Tag.CryptographicParameters),
    obj,
  );
  if (obj.objectType === ObjectType.PublicKey || obj.objectType === ObjectType.PrivateKey) {
    if (init && !final) throw invalidField('RSA encryption is single-part only');
    const key = keyObjectOfBody((await usableObject(ctx, obj)).body as StructureItem);
    if (encrypt) await spendUsage(ctx, obj, data.length);
    return response(uid, encrypt, { data: encrypt ? rsaEncrypt(key, p, data) : rsaDecrypt(key, p, data) });
  }
  const opened = symmetricSession(payload, await usableObject(ctx, obj), p, encrypt);
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

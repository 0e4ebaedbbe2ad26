// Key wrapping (KMIP 2.1 §2.1.5 / §3.3 Key Wrapping Data, §7.18 Key Wrapping Specification):
// wrapping a key block for Get, and unwrapping a registered wrapped key when it is used.
// Encrypt: AES Key Wrap (RFC 3394, Block Cipher Mode NIST Key Wrap; the default for AES, or RFC 5649
// with padding when the data is not whole 8-byte blocks), RFC 5649 (AES Key Wrap Padding), other
// symmetric modes with a fresh IV carried in the Key Wrapping Data, RSA (OAEP by default) with a
// public key. MAC/sign: HMAC/CMAC with a symmetric key or a signature with a private key, over the
// Key Value (or over the wrapped bytes for Encrypt-then-MAC/sign). What is wrapped is the TTLV
// encoding of the Key Value structure, or only the key material bytes with Encoding Option No
// Encoding (what pykmip-server wraps). The wrapping key must be Active and have Wrap Key (Unwrap Key
// to unwrap) in its usage mask.
import type { StructureItem, TtlvItem } from '../../ttlv/item.js';
import { Tag } from '../../spec/generated/tags.js';
import { encodeTtlv } from '../../ttlv/encode.js';
import { decodeTtlv } from '../../ttlv/decode.js';
import { KmipError, invalidField } from '../../messages/kmip-error.js';
import { EncodingOption, ResultReason, WrappingMethod as W } from '../../spec/generated/enums.js';
import type { OperationContext } from './operation-context.js';
import type { ManagedObject } from '../../objects/managed-object.js';
import { keyBlockOf } from '../../messages/key-block.js';
import { enumField, structField, textFields } from '../../crypto/request-fields.js';
import { checkMacOrSignature, decryptKey, encryptKey, keyInfo, macOrSign, purpose } from './wrapping-keys.js';

function keyValueOf(kb: StructureItem): TtlvItem {
  const kv = kb.value.find((c) => c.tag === Tag.KeyValue);
  if (kv === undefined)
    throw new KmipError(ResultReason.KeyValueNotPresent, 'the key has no Key Value to wrap');
  return kv;
}

/** The bytes that get wrapped: the TTLV Key Value, or with No Encoding its key material alone. */
function plainOf(kb: StructureItem, encoding: number | undefined): Buffer {
  const kv = keyValueOf(kb);
  if (encoding !== EncodingOption.NoEncoding) return encodeTtlv(kv);
  const m = kv.type === 'Structure' ? kv.value.find((c) => c.tag === Tag.KeyMaterial) : undefined;
  if (m?.type !== 'ByteString')
    throw new KmipError(ResultReason.EncodingOptionError, 'No Encoding needs Byte String key material');
  return Buffer.from(m.value);
}

/**
 * The Key Value of a wrapped key: a Byte String (KMIP 2.1 §3.2). At KMIP 1.x with No Encoding it
 * is instead a Key Value structure whose Key Material holds the wrapped bytes: that is what
 * pykmip-server returns and the only form its client can read (PyKMIP's KeyValue is a Structure).
 */
function wrappedKeyValue(ctx: OperationContext, encoding: number | undefined, bytes: Buffer): TtlvItem {
  if (!ctx.kmip2 && encoding === EncodingOption.NoEncoding) {
    return {
      tag: Tag.KeyValue,
      type: 'Structure',
      value: [{ tag: Tag.KeyMaterial, type: 'ByteString', value: bytes }],
    };
  }
  return { tag: Tag.KeyValue, type: 'ByteString', value: bytes };
}

/** The wrapped bytes of a Key Value in either form. */
function wrappedBytes(kv: TtlvItem): Buffer {
  if (kv.type === 'ByteString') return Buffer.from(kv.value);
  const m = kv.type === 'Structure' ? kv.value.find((c) => c.tag === Tag.KeyMaterial) : undefined;
  if (m?.type !== 'ByteString') throw invalidField('the wrapped Key Value holds no wrapped bytes');
  return Buffer.from(m.value);
}

function replaceKeyBlock(body: StructureItem, kb: StructureItem): StructureItem {
  return { ...body, value: body.value.map((c) => (c.tag === Tag.KeyBlock ? kb : c)) };
}

/** Wraps the object's key block as the Key Wrapping Specification says (Get, KMIP 2.1 §6.1.22). */
export async function wrapKeyBlock(
  ctx: OperationContext,
  body: StructureItem,
  spec: StructureItem,
): Promise<StructureItem> {
  const view = keyBlockOf(body);
  if (view === undefined) throw invalidField('only objects with a Key Block can be wrapped');
  if (view.wrapped) throw invalidField('the key is already wrapped');
  const method = enumField(spec, Tag.WrappingMethod);
  if (method === undefined) throw invalidField('the Key Wrapping Specification needs a Wrapping Method');
  if (textFields(spec, Tag.AttributeName).length > 0)
    throw invalidField('wrapping attributes together with the key is not supported');
  const encoding = enumField(spec, Tag.EncodingOption);
  const eki = structField(spec, Tag.EncryptionKeyInformation);
  const mski = structField(spec, Tag.MACSignatureKeyInformation);
  const encrypts = method === W.Encrypt || method === W.EncryptThenMACSign;
  const macs = method === W.MACSign || method === W.EncryptThenMACSign;
  if (!encrypts && !macs)
    throw new KmipError(
      ResultReason.OperationNotSupported,
      'the wrapping methods supported are Encrypt, MAC/sign and Encrypt then MAC/sign',
    );
  if (encrypts && eki === undefined)
    throw invalidField('this wrapping method needs the Encryption Key Information');
  if (macs && mski === undefined)
    throw invalidField('this wrapping method needs the MAC/Signature Key Information');
  const kb = view.keyBlock;
  let keyValue: TtlvItem = keyValueOf(kb);
  let iv: Buffer | undefined;
  let signed = plainOf(kb, encoding);
  if (eki !== undefined && encrypts) {
    const wrapped = await encryptKey(await keyInfo(ctx, eki, purpose(true, false)), signed);
    keyValue = wrappedKeyValue(ctx, encoding, wrapped.bytes);
    iv = wrapped.iv;
    signed = wrapped.bytes;
  }
  const kwd: TtlvItem[] = [{ tag: Tag.WrappingMethod, type: 'Enumeration', value: method }];
  if (eki !== undefined && encrypts) kwd.push(eki);
  if (mski !== undefined && macs) {
    kwd.push(mski);
    const mac = macOrSign(await keyInfo(ctx, mski, purpose(true, true)), signed);
    kwd.push({ tag: Tag.MACSignature, type: 'ByteString', value: mac });
  }
  if (iv !== undefined) kwd.push({ tag: Tag.IVCounterNonce, type: 'ByteString', value: iv });
  if (encoding !== undefined) kwd.push({ tag: Tag.EncodingOption, type: 'Enumeration', value: encoding });
  const children = kb.value
    .filter((c) => c.tag !== Tag.KeyWrappingData)
    .map((c) => (c.tag === Tag.KeyValue ? keyValue : c));
  return replaceKeyBlock(body, {
    ...kb,
    value: [...children, { tag: Tag.KeyWrappingData, type: 'Structure', value: kwd }],
  });
}

/** The object's key block unwrapped (for use, never stored); an object not wrapped comes back as it is. */
export async function unwrapKeyBlock(ctx: OperationContext, body: StructureItem): Promise<StructureItem> {
  const view = keyBlockOf(body);
  if (view === undefined || !view.wrapped) return body;
  const kb = view.keyBlock;
  const kwd = structField(kb, Tag.KeyWrappingData);
  if (kwd === undefined) return body;
  const method = enumField(kwd, Tag.WrappingMethod);
  const encoding = enumField(kwd, Tag.EncodingOption);
  const eki = structField(kwd, Tag.EncryptionKeyInformation);
  const mski = structField(kwd, Tag.MACSignatureKeyInformation);
  const kv = keyValueOf(kb);
  if (method === W.MACSign || method === W.EncryptThenMACSign) {
    const mac = kwd.value.find((c) => c.tag === Tag.MACSignature);
    if (mski === undefined || mac?.type !== 'ByteString')
      throw invalidField('the wrapped key has no MAC/Signature to check');
    const signed = method === W.MACSign ? plainOf(kb, encoding) : wrappedBytes(kv);
    if (!checkMacOrSignature(await keyInfo(ctx, mski, purpose(false, true)), signed, mac.value)) {
      throw new KmipError(
        ResultReason.CryptographicFailure,
        'the MAC/signature of the wrapped key does not verify',
      );
    }
  }
  let value: TtlvItem = kv;
  if (method === W.Encrypt || method === W.EncryptThenMACSign) {
    if (eki === undefined) throw invalidField('the wrapped key has no Encryption Key Information');
    const iv = kwd.value.find((c) => c.tag === Tag.IVCounterNonce);
    const plain = decryptKey(
      await keyInfo(ctx, eki, purpose(false, false)),
      wrappedBytes(kv),
      iv?.type === 'ByteString' ? iv.value : undefined,
    );
    value =
      encoding === EncodingOption.NoEncoding
        ? {
            tag: Tag.KeyValue,
            type: 'Structure',
            value: [{ tag: Tag.KeyMaterial, type: 'ByteString', value: plain }],
          }
        : decodeKeyValue(plain);
  }
  const children = kb.value
    .filter((c) => c.tag !== Tag.KeyWrappingData)
    .map((c) => (c.tag === Tag.KeyValue ? value : c));
  return replaceKeyBlock(body, { ...kb, value: children });
}

function decodeKeyValue(plain: Uint8Array): TtlvItem {
  try {
    const item = decodeTtlv(plain);
    if (item.tag === Tag.KeyValue && item.type === 'Structure') return item;
  } catch {
    // fall through: not a TTLV Key Value
  }
  throw new KmipError(ResultReason.CryptographicFailure, 'the unwrapped data is not a TTLV Key Value');
}

/** The object with its key usable (unwrapped in memory when registered wrapped). Never save the result. */
export async function usableObject(ctx: OperationContext, obj: ManagedObject): Promise<ManagedObject> {
  if (obj.body?.type !== 'Structure') return obj;
  const body = await unwrapKeyBlock(ctx, obj.body);
  return body === obj.body ? obj : { ...obj, body };
}

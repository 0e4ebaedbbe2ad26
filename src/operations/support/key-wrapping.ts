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
import { encodeTtlv } from '../../ttlv/encode.js';
import { decodeTtlv } from '../../ttlv/decode.js';
import { Tag } from '../../spec/generated/tags.js';
import { KmipError, invalidField } from '../../messages/kmip-error.js';
import { EncodingOption, ResultReason, WrappingMethod as W } from '../../spec/generated/enums.js';
import type { KeyWrappingData, KeyWrappingSpecification } from '../../messages/payloads/generated/types.js';
import {
  type KeyBlockView,
  keyBlockOf,
  keyMaterialOf,
  keyValueOfMaterial,
  rewrapped,
  withKeyBlock,
} from '../../messages/payloads/key-block.js';
import type { OperationContext } from './operation-context.js';
import type { ManagedObject } from '../../objects/managed-object.js';
import { checkMacOrSignature, decryptKey, encryptKey, keyInfo, macOrSign, purpose } from './wrapping-keys.js';

function keyValueOf(view: KeyBlockView): TtlvItem {
  const kv = view.keyBlock.keyValue;
  if (kv === undefined)
    throw new KmipError(ResultReason.KeyValueNotPresent, 'the key has no Key Value to wrap');
  return kv;
}

/** The bytes that get wrapped: the TTLV Key Value, or with No Encoding its key material alone. */
function plainOf(view: KeyBlockView, encoding: number | undefined): Buffer {
  const kv = keyValueOf(view);
  if (encoding !== EncodingOption.NoEncoding) return encodeTtlv(kv);
  const m = kv.type === 'Structure' ? keyMaterialOf(kv) : undefined;
  if (m?.type !== 'ByteString')
    throw new KmipError(ResultReason.EncodingOptionError, 'No Encoding needs Byte String key material');
  return Buffer.from(m.value);
}

/** The wrapped bytes of a Key Value: a Byte String (2.1 §2.1.4), or a 1.x Key Value structure's Key Material. */
function wrappedBytes(kv: TtlvItem): Buffer {
  const m = keyMaterialOf(kv);
  if (m?.type !== 'ByteString') throw invalidField('the wrapped Key Value holds no wrapped bytes');
  return Buffer.from(m.value);
}

/** Wraps the object's key block as the Key Wrapping Specification says (Get, KMIP 2.1 §6.1.19). */
export async function wrapKeyBlock(
  ctx: OperationContext,
  body: StructureItem,
  spec: KeyWrappingSpecification,
): Promise<StructureItem> {
  const view = keyBlockOf(body);
  if (view === undefined) throw invalidField('only objects with a Key Block can be wrapped');
  if (view.wrapped) throw invalidField('the key is already wrapped');
  const method = spec.wrappingMethod;
  if ((spec.attributeName ?? []).length > 0)
    throw invalidField('wrapping attributes together with the key is not supported');
  const encoding = spec.encodingOption;
  const eki = spec.encryptionKeyInformation;
  const mski = spec.macSignatureKeyInformation;
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
  let keyValue: TtlvItem = keyValueOf(view);
  let iv: Buffer | undefined;
  let signed = plainOf(view, encoding);
  if (eki !== undefined && encrypts) {
    const wrapped = await encryptKey(await keyInfo(ctx, eki, purpose(true, false)), signed);
    keyValue = { tag: Tag.KeyValue, type: 'ByteString', value: wrapped.bytes };
    iv = wrapped.iv;
    signed = wrapped.bytes;
  }
  const mac =
    mski !== undefined && macs ? macOrSign(await keyInfo(ctx, mski, purpose(true, true)), signed) : undefined;
  const kwd: KeyWrappingData = {
    wrappingMethod: method,
    ...(eki !== undefined && encrypts ? { encryptionKeyInformation: eki } : {}),
    ...(mski !== undefined && macs ? { macSignatureKeyInformation: mski } : {}),
    ...(mac === undefined ? {} : { macSignature: mac }),
    ...(iv === undefined ? {} : { ivCounterNonce: iv }),
    ...(encoding === undefined ? {} : { encodingOption: encoding }),
  };
  return withKeyBlock(body, rewrapped(view, keyValue, kwd));
}

/** The object's key block unwrapped (for use, never stored); an object not wrapped comes back as it is. */
export async function unwrapKeyBlock(ctx: OperationContext, body: StructureItem): Promise<StructureItem> {
  const view = keyBlockOf(body);
  const kwd = view?.keyBlock.keyWrappingData;
  if (view === undefined || kwd === undefined) return body;
  const { wrappingMethod: method, encodingOption: encoding } = kwd;
  const eki = kwd.encryptionKeyInformation;
  const mski = kwd.macSignatureKeyInformation;
  const kv = keyValueOf(view);
  if (method === W.MACSign || method === W.EncryptThenMACSign) {
    const mac = kwd.macSignature;
    if (mski === undefined || mac === undefined)
      throw invalidField('the wrapped key has no MAC/Signature to check');
    const signed = method === W.MACSign ? plainOf(view, encoding) : wrappedBytes(kv);
    if (!checkMacOrSignature(await keyInfo(ctx, mski, purpose(false, true)), signed, mac)) {
      throw new KmipError(
        ResultReason.CryptographicFailure,
        'the MAC/signature of the wrapped key does not verify',
      );
    }
  }
  let value: TtlvItem = kv;
  if (method === W.Encrypt || method === W.EncryptThenMACSign) {
    if (eki === undefined) throw invalidField('the wrapped key has no Encryption Key Information');
    const plain = decryptKey(
      await keyInfo(ctx, eki, purpose(false, false)),
      wrappedBytes(kv),
      kwd.ivCounterNonce,
    );
    value =
      encoding === EncodingOption.NoEncoding
        ? keyValueOfMaterial({ tag: Tag.KeyMaterial, type: 'ByteString', value: plain })
        : decodeKeyValue(plain);
  }
  return withKeyBlock(body, rewrapped(view, value, undefined));
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

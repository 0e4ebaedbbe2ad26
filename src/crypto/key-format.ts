// Key format conversion for Get (KMIP 2.1 §6.1.22 Key Format Type, §11.25): returns the object
// structure re-expressed in the requested format, or throws Key Format Type Not Supported.
// Symmetric keys and Secret Data: Raw, Opaque, Transparent Symmetric Key. Private keys: PKCS#1
// (RSA), PKCS#8, ECPrivateKey, Transparent RSA/EC, Raw (Edwards). Public keys: PKCS#1 (RSA),
// X.509 (SubjectPublicKeyInfo), Transparent RSA/EC, Raw (Edwards).
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { KeyFormatType as F, ResultReason } from '../spec/generated/enums.js';
import { KmipError } from '../messages/kmip-error.js';
import {
  type KeyBlockView,
  keyBlockOf,
  keyValueOfMaterial,
  withKeyBlock,
} from '../messages/payloads/key-block.js';
import { decodeStructure, encodeStructure } from '../messages/payloads/structures.js';
import { enumValueName } from '../spec/registry.js';
import { encodeKey, keyObjectOfBody } from './asymmetric-keys.js';

function unsupported(from: number, to: number): KmipError {
  return new KmipError(
    ResultReason.KeyFormatTypeNotSupported,
    `cannot convert ${enumValueName('KeyFormatType', from) ?? from} to ${enumValueName('KeyFormatType', to) ?? to}`,
  );
}

/** The key bytes of a Raw, Opaque or Transparent Symmetric Key block; undefined for other formats. */
export function plainKeyBytes(view: KeyBlockView): Uint8Array | undefined {
  const m = view.keyMaterial;
  if (view.wrapped) return undefined;
  if ((view.keyFormatType === F.Raw || view.keyFormatType === F.Opaque) && m?.type === 'ByteString')
    return m.value;
  if (view.keyFormatType === F.TransparentSymmetricKey && m?.type === 'Structure')
    return decodeStructure('TransparentKeyMaterial', m).key;
  return undefined;
}

function symmetricMaterial(tag: number, view: KeyBlockView, requested: number): TtlvItem | undefined {
  const bytes = plainKeyBytes(view);
  if (bytes === undefined) return undefined;
  if (requested === F.Raw || requested === F.Opaque)
    return { tag: Tag.KeyMaterial, type: 'ByteString', value: bytes };
  if (requested === F.TransparentSymmetricKey && tag === Tag.SymmetricKey)
    return encodeStructure('TransparentKeyMaterial', { key: bytes }, undefined, Tag.KeyMaterial);
  return undefined;
}

export function convertKeyFormat(body: StructureItem, requested: number): StructureItem {
  const view = keyBlockOf(body);
  if (view === undefined)
    throw new KmipError(ResultReason.KeyFormatTypeNotSupported, 'the object has no Key Block');
  if (view.keyFormatType === requested) return body;
  if (view.wrapped)
    throw new KmipError(ResultReason.KeyFormatTypeNotSupported, 'a wrapped key cannot be converted');
  let material: TtlvItem | undefined;
  if (body.tag === Tag.PrivateKey || body.tag === Tag.PublicKey) {
    material = encodeKey(keyObjectOfBody(body), requested);
  } else {
    material = symmetricMaterial(body.tag, view, requested);
  }
  if (material === undefined) throw unsupported(view.keyFormatType, requested);
  return withKeyBlock(body, {
    ...view.keyBlock,
    keyFormatType: requested,
    keyValue: keyValueOfMaterial(material),
  });
}

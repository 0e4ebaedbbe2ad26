// Key format conversion for Get (KMIP 2.1 §6.1.22 Key Format Type): returns the object structure
// re-expressed in the requested format, or throws Key Format Type Not Supported.
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { KeyFormatType, ResultReason } from '../spec/generated/enums.js';
import { KmipError } from '../messages/kmip-error.js';
import { keyBlockOf, keyObject } from '../engine/key-block.js';
import { enumValueName } from '../spec/registry.js';

function unsupported(from: number, to: number): KmipError {
  return new KmipError(
    ResultReason.KeyFormatTypeNotSupported,
    `cannot convert ${enumValueName('KeyFormatType', from) ?? from} to ${enumValueName('KeyFormatType', to) ?? to}`,
  );
}

export function convertKeyFormat(body: StructureItem, requested: number): StructureItem {
  const view = keyBlockOf(body);
  if (view === undefined)
    throw new KmipError(ResultReason.KeyFormatTypeNotSupported, 'the object has no Key Block');
  if (view.keyFormatType === requested) return body;
  if (view.wrapped)
    throw new KmipError(ResultReason.KeyFormatTypeNotSupported, 'a wrapped key cannot be converted');
  const m = view.keyMaterial;
  if (body.tag === Tag.SymmetricKey) {
    if (
      view.keyFormatType === KeyFormatType.Raw &&
      requested === KeyFormatType.TransparentSymmetricKey &&
      m?.type === 'ByteString'
    ) {
      const material: TtlvItem = {
        tag: Tag.KeyMaterial,
        type: 'Structure',
        value: [{ tag: Tag.Key, type: 'ByteString', value: m.value }],
      };
      return keyObject(body.tag, requested, material, view.algorithm, view.length);
    }
    if (
      view.keyFormatType === KeyFormatType.TransparentSymmetricKey &&
      requested === KeyFormatType.Raw &&
      m?.type === 'Structure'
    ) {
      const k = m.value.find((c) => c.tag === Tag.Key);
      if (k?.type === 'ByteString') {
        return keyObject(
          body.tag,
          requested,
          { tag: Tag.KeyMaterial, type: 'ByteString', value: k.value },
          view.algorithm,
          view.length,
        );
      }
    }
  }
  throw unsupported(view.keyFormatType, requested);
}

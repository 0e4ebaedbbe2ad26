// Reading the fields of a cryptographic request payload (Data, IV/Counter/Nonce, indicators …)
// with their types checked: a field of the wrong type is Invalid Field.
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { invalidField } from '../messages/kmip-error.js';
import { tagInfo } from '../spec/registry.js';

function field(payload: StructureItem, tag: number): TtlvItem | undefined {
  return payload.value.find((c) => c.tag === tag);
}

function name(tag: number): string {
  return tagInfo(tag)?.name ?? `0x${tag.toString(16)}`;
}

export function bytesField(payload: StructureItem, tag: number): Uint8Array | undefined {
  const f = field(payload, tag);
  if (f === undefined) return undefined;
  if (f.type !== 'ByteString') throw invalidField(`${name(tag)} must be a Byte String`);
  return f.value;
}

export function boolField(payload: StructureItem, tag: number): boolean | undefined {
  const f = field(payload, tag);
  if (f === undefined) return undefined;
  if (f.type !== 'Boolean') throw invalidField(`${name(tag)} must be a Boolean`);
  return f.value;
}

export function intField(payload: StructureItem, tag: number): number | undefined {
  const f = field(payload, tag);
  if (f === undefined) return undefined;
  if (f.type !== 'Integer') throw invalidField(`${name(tag)} must be an Integer`);
  return f.value;
}

export function enumField(payload: StructureItem, tag: number): number | undefined {
  const f = field(payload, tag);
  if (f === undefined) return undefined;
  if (f.type !== 'Enumeration') throw invalidField(`${name(tag)} must be an Enumeration`);
  return f.value;
}

export function textFields(payload: StructureItem, tag: number): string[] {
  return payload.value
    .filter((c) => c.tag === tag)
    .map((c) => {
      if (c.type !== 'TextString') throw invalidField(`${name(tag)} must be a Text String`);
      return c.value;
    });
}

export function structField(payload: StructureItem, tag: number): StructureItem | undefined {
  const f = field(payload, tag);
  if (f === undefined) return undefined;
  if (f.type !== 'Structure') throw invalidField(`${name(tag)} must be a Structure`);
  return f;
}

/** A Byte String response item. */
export function bytesItem(tag: number, value: Uint8Array): TtlvItem {
  return { tag, type: 'ByteString', value };
}

export function textItemOf(tag: number, value: string): TtlvItem {
  return { tag, type: 'TextString', value };
}

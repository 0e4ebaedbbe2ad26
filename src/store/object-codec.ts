// How a managed object's parts become bytes for a backend: attributes as one TTLV structure of
// 1.x-form attributes (lossless for custom names and indexes), the body as TTLV sealed under the
// master key. Shared by every backend so they store the same bytes.
import type { TtlvItem } from '../ttlv/item.js';
import { encodeTtlv } from '../ttlv/encode.js';
import { decodeTtlv } from '../ttlv/decode.js';
import { Tag } from '../spec/generated/tags.js';
import { encodeAttribute1x, parseAttributeStructure, type Attribute } from '../messages/attributes.js';
import type { Envelope } from './envelope.js';
import type { ManagedObject } from '../objects/managed-object.js';

export function encodeAttributesBlob(attrs: readonly Attribute[]): Uint8Array {
  return encodeTtlv({ tag: Tag.Attributes, type: 'Structure', value: attrs.map(encodeAttribute1x) });
}

export function decodeAttributesBlob(blob: Uint8Array): Attribute[] {
  const s = decodeTtlv(blob);
  if (s.type !== 'Structure') throw new Error('stored attributes are not a structure');
  return s.value.map(parseAttributeStructure);
}

export function sealBody(envelope: Envelope, uid: string, body: TtlvItem): Buffer {
  return envelope.seal(encodeTtlv(body), uid);
}

export function openBody(envelope: Envelope, uid: string, sealed: Uint8Array): TtlvItem {
  return decodeTtlv(envelope.open(sealed, uid));
}

/** A stored object's identity and attributes, without its body (what the Locate index needs). */
export function objectWithoutBody(
  uid: string,
  objectType: number,
  owner: string,
  revision: number,
  attributes: Uint8Array,
): ManagedObject {
  return { uid, objectType, owner, revision, attributes: decodeAttributesBlob(attributes), body: undefined };
}

export function namesOf(attrs: readonly Attribute[]): string[] {
  const out: string[] = [];
  for (const a of attrs) {
    if (a.name !== 'Name' || a.value.type !== 'Structure') continue;
    const v = a.value.value.find((c) => c.tag === Tag.NameValue);
    if (v?.type === 'TextString') out.push(v.value);
  }
  return out;
}

export function stateOf(attrs: readonly Attribute[]): number | null {
  const s = attrs.find((a) => a.name === 'State');
  return s?.value.type === 'Enumeration' ? s.value.value : null;
}

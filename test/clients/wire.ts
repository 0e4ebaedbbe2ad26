// Request messages built field by field in the order each real client writes them, and the few
// response readers the client tests share. TTLV trees, encoded by our codec: the codec's byte
// layout is tested against the spec's vectors elsewhere, so "the same tree" is "the same bytes".
import { randomUUID } from 'node:crypto';
import type { StructureItem, TtlvItem } from '../../src/ttlv/item.js';
import {
  byteString,
  dateTime,
  enumeration,
  integer,
  structure,
  textString,
} from '../../src/ttlv/builders.js';
import { decodeTtlv } from '../../src/ttlv/decode.js';
import { encodeTtlv } from '../../src/ttlv/encode.js';
import { Tag } from '../../src/spec/generated/tags.js';
import { CredentialType, NameType } from '../../src/spec/generated/enums.js';

export interface RequestSpec {
  readonly version: readonly [major: number, minor: number];
  /** libkmip (Ceph, Percona) asks for 8192, Arsenal (Zenko) for 8000; libmongocrypt sends none. */
  readonly maximumResponseSize?: number;
  /** Username/Password Credential in the header (Ceph's optional rgw_crypt_kmip_username). */
  readonly credential?: { readonly username: string; readonly password?: string };
  /** libkmip stamps time(NULL); Arsenal and libmongocrypt send none. */
  readonly timeStamp?: Date;
  readonly operation: number;
  /** Arsenal: a 16-byte UUID per item; libmongocrypt's old Register: "A"; libkmip: none. */
  readonly uniqueBatchItemId?: Uint8Array;
  readonly payload: readonly TtlvItem[];
}

/**
 * Request Header fields in the spec's (and libkmip's) order: Protocol Version, Maximum Response
 * Size, Authentication, Time Stamp, Batch Count; then one Batch Item: Operation, Unique Batch Item
 * ID, Request Payload.
 */
export function request(spec: RequestSpec): StructureItem {
  const header: TtlvItem[] = [
    structure(Tag.ProtocolVersion, [
      integer(Tag.ProtocolVersionMajor, spec.version[0]),
      integer(Tag.ProtocolVersionMinor, spec.version[1]),
    ]),
  ];
  if (spec.maximumResponseSize !== undefined) {
    header.push(integer(Tag.MaximumResponseSize, spec.maximumResponseSize));
  }
  if (spec.credential !== undefined) {
    const value: TtlvItem[] = [textString(Tag.Username, spec.credential.username)];
    if (spec.credential.password !== undefined)
      value.push(textString(Tag.Password, spec.credential.password));
    header.push(
      structure(Tag.Authentication, [
        structure(Tag.Credential, [
          enumeration(Tag.CredentialType, CredentialType.UsernameAndPassword),
          structure(Tag.CredentialValue, value),
        ]),
      ]),
    );
  }
  if (spec.timeStamp !== undefined) header.push(dateTime(Tag.TimeStamp, spec.timeStamp));
  header.push(integer(Tag.BatchCount, 1));
  const item: TtlvItem[] = [enumeration(Tag.Operation, spec.operation)];
  if (spec.uniqueBatchItemId !== undefined)
    item.push(byteString(Tag.UniqueBatchItemID, spec.uniqueBatchItemId));
  item.push(structure(Tag.RequestPayload, spec.payload));
  return structure(Tag.RequestMessage, [
    structure(Tag.RequestHeader, header),
    structure(Tag.BatchItem, item),
  ]);
}

export function encode(message: TtlvItem): Buffer {
  return encodeTtlv(message);
}

/** Arsenal's Unique Batch Item ID: 16 bytes of a v4 UUID. */
export function uuidBytes(): Uint8Array {
  return Buffer.from(randomUUID().replaceAll('-', ''), 'hex');
}

/** A 1.x Attribute { Attribute Name, Attribute Value } with no index, as libkmip and Arsenal write it. */
export function attribute(name: string, value: TtlvItem): StructureItem {
  return structure(Tag.Attribute, [
    textString(Tag.AttributeName, name),
    { ...value, tag: Tag.AttributeValue },
  ]);
}

/** The Name attribute value libkmip builds: Name Value, Name Type Uninterpreted Text String. */
export function nameAttribute(name: string): StructureItem {
  return attribute(
    'Name',
    structure(Tag.AttributeValue, [
      textString(Tag.NameValue, name),
      enumeration(Tag.NameType, NameType.UninterpretedTextString),
    ]),
  );
}

export interface ParsedResponse {
  readonly message: StructureItem;
  readonly header: StructureItem;
  readonly items: readonly StructureItem[];
}

/** Decodes one whole response; throws unless the bytes are exactly one message. */
export function parseResponse(bytes: Uint8Array): ParsedResponse {
  const declared = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4);
  if (declared + 8 !== bytes.length) {
    throw new Error(`expected one message of ${declared + 8} bytes, got ${bytes.length} bytes`);
  }
  const message = decodeTtlv(bytes);
  if (message.type !== 'Structure' || message.tag !== Tag.ResponseMessage)
    throw new Error('not a Response Message');
  const header = message.value.find((c) => c.tag === Tag.ResponseHeader);
  if (header?.type !== 'Structure') throw new Error('no Response Header');
  const items = message.value.filter(
    (c): c is StructureItem => c.tag === Tag.BatchItem && c.type === 'Structure',
  );
  return { message, header, items };
}

export function find(s: StructureItem | undefined, tag: number): TtlvItem | undefined {
  return s?.value.find((c) => c.tag === tag);
}

export function findAll(s: StructureItem | undefined, tag: number): TtlvItem[] {
  return s?.value.filter((c) => c.tag === tag) ?? [];
}

export function struct(s: StructureItem | undefined, tag: number): StructureItem | undefined {
  const c = find(s, tag);
  return c?.type === 'Structure' ? c : undefined;
}

export function text(s: StructureItem | undefined, tag: number): string | undefined {
  const c = find(s, tag);
  return c?.type === 'TextString' ? c.value : undefined;
}

/** The Text String values of every `tag` child (the Unique Identifiers of a Locate answer). */
export function texts(s: StructureItem | undefined, tag: number): string[] {
  return findAll(s, tag).flatMap((c) => (c.type === 'TextString' ? [c.value] : []));
}

export function enumValue(s: StructureItem | undefined, tag: number): number | undefined {
  const c = find(s, tag);
  return c?.type === 'Enumeration' ? c.value : undefined;
}

export function bytesOf(s: StructureItem | undefined, tag: number): Uint8Array | undefined {
  const c = find(s, tag);
  return c?.type === 'ByteString' ? c.value : undefined;
}

/** The only batch item of a response (every client here sends Batch Count 1 and checks for 1). */
export function onlyItem(r: ParsedResponse): StructureItem {
  if (r.items.length !== 1) throw new Error(`expected 1 batch item, got ${r.items.length}`);
  const item = r.items[0];
  if (item === undefined) throw new Error('no batch item');
  return item;
}

export function payloadOf(item: StructureItem): StructureItem | undefined {
  return struct(item, Tag.ResponsePayload);
}

// One client operation: the Operation number, how to build its Request Payload for the
// negotiated version, and how to read its Response Payload. The high-level methods, batches and
// the CLI all run these, so a payload is written in one place.
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import type { ProtocolVersion } from '../messages/protocol-version.js';
import { parseValueText } from '../notation/text-values.js';
import { KmipClientError, KmipClientErrorCode } from './errors.js';

export interface OperationContext {
  readonly version: ProtocolVersion;
  /** True for KMIP 2.0 and later (Attributes instead of Template-Attribute). */
  readonly kmip2: boolean;
}

export interface KmipOperation<T> {
  readonly operation: number;
  payload(ctx: OperationContext): readonly TtlvItem[];
  parse(payload: StructureItem, ctx: OperationContext): T;
}

/** An enumeration given by name ('AES', 'Symmetric Key'), number or 0x hex. */
export type EnumInput = string | number;
/** A bit mask given as a number, names ('Encrypt Decrypt', 'Encrypt|Decrypt') or a list of names. */
export type MaskInput = number | string | readonly string[];

export function maskValue(maskName: string, v: MaskInput): number {
  if (typeof v === 'number') return v;
  const text = typeof v === 'string' ? v.replace(/,/g, ' ') : v.join(' ');
  return parseValueText('Integer', text, { kind: 'mask', name: maskName }, maskName) as number;
}

/** The Unique Identifier item, or nothing (the server then uses the ID Placeholder). */
export function uidItems(uid: string | undefined): TtlvItem[] {
  return uid === undefined ? [] : [{ tag: Tag.UniqueIdentifier, type: 'TextString', value: uid }];
}

function missing(what: string): KmipClientError {
  return new KmipClientError(KmipClientErrorCode.Protocol, `the response has no ${what}`);
}

export function textOf(payload: StructureItem, tag: number, what: string): string {
  const c = payload.value.find((i) => i.tag === tag);
  if (c?.type !== 'TextString') throw missing(what);
  return c.value;
}

export function optionalText(payload: StructureItem, tag: number): string | undefined {
  const c = payload.value.find((i) => i.tag === tag);
  return c?.type === 'TextString' ? c.value : undefined;
}

export function bytesOf(payload: StructureItem, tag: number, what: string): Uint8Array {
  const c = payload.value.find((i) => i.tag === tag);
  if (c?.type !== 'ByteString') throw missing(what);
  return c.value;
}

export function optionalBytes(payload: StructureItem, tag: number): Uint8Array | undefined {
  const c = payload.value.find((i) => i.tag === tag);
  return c?.type === 'ByteString' ? c.value : undefined;
}

export function uidOf(payload: StructureItem): string {
  return textOf(payload, Tag.UniqueIdentifier, 'Unique Identifier');
}

/** An operation whose response is only the Unique Identifier (Activate, Destroy …). */
export function uidOperation(
  operation: number,
  payload: (ctx: OperationContext) => TtlvItem[],
): KmipOperation<{
  uid: string;
}> {
  return { operation, payload, parse: (p) => ({ uid: uidOf(p) }) };
}

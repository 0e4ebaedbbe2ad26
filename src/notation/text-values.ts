// Primitive values as text, shared by the XML and JSON encodings (KMIP Profiles 2.1 message
// encodings). Reading is lenient where the encodings allow alternatives; writing is canonical:
//   Integer      decimal or "0x" + up to 8 hex digits (two's complement); a mask as bit names
//                separated by spaces or '|' ("Encrypt Decrypt"); written as names (unknown bits
//                as one hex entry), otherwise decimal
//   LongInteger  decimal or "0x" + up to 16 hex digits (two's complement); written decimal
//   BigInteger   hex digits, "0x" optional, read as two's complement of their length; written
//                without prefix, padded to a multiple of 8 bytes like the wire form (as the
//                OASIS test cases spell it)
//   Enumeration  the value's XML name (or spec name), "0x" + up to 8 hex digits, or decimal;
//                written as the name, or "0x" + 8 hex digits when it has none
//   Boolean      true/false (any case), or "0x" + 16 hex digits of 0 or 1; written true/false
//   TextString   as is
//   ByteString   hex digits (even count), "0x" optional; written lower-case without prefix
//   DateTime     ISO 8601 ("2001-01-01T10:00:00+00:00", "...Z", other offsets; no offset
//                reads as UTC) or "0x" + hex seconds; written "+00:00" form, hex outside 0000-9999
//   Interval     decimal or hex, 0 .. 2^32-1; written decimal
//   DateTimeExtended  as DateTime with up to 6 fractional digits (microseconds)

import { TtlvError, TtlvErrorCode } from '../ttlv/errors.js';
import type { TtlvItem } from '../ttlv/item.js';
import { describeDomain, enumerationName, enumerationValue, hex32, maskNames, maskValue } from './names.js';
import type { ValueDomain } from './names.js';
import { isoToSeconds, isoToMicros, microsToIso, secondsToIso } from '../ttlv/iso-time.js';

export type PrimitiveType = Exclude<TtlvItem['type'], 'Structure'>;
export type PrimitiveValue = Exclude<TtlvItem, { type: 'Structure' }>['value'];

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const UINT32_MAX = 2 ** 32 - 1;

function bad(message: string): TtlvError {
  return new TtlvError(TtlvErrorCode.BadEncoding, message);
}
function outOfRange(message: string): TtlvError {
  return new TtlvError(TtlvErrorCode.OutOfRange, message);
}

/** Reads a primitive value; `where` names the item in error messages ("<BatchCount> at line 4"). */
export function parseValueText(
  type: PrimitiveType,
  text: string,
  domain: ValueDomain | undefined,
  where: string,
): PrimitiveValue {
  switch (type) {
    case 'Integer':
      return parseInteger(text, domain, where);
    case 'LongInteger':
      return parseSigned64(text, where, 'LongInteger');
    case 'BigInteger':
      return parseBigInteger(text, where);
    case 'Enumeration':
      return parseEnumeration(text, domain, where);
    case 'Boolean':
      return parseBoolean(text, where);
    case 'TextString':
      return text;
    case 'ByteString':
      return hexToBytes(text.startsWith('0x') ? text.slice(2) : text, where);
    case 'DateTime':
      return /^0x/i.test(text) ? parseSigned64(text, where, 'DateTime') : isoToSeconds(text, where);
    case 'Interval':
      return parseUnsigned32(text, where, 'Interval');
    case 'DateTimeExtended':
      return /^0x/i.test(text) ? parseSigned64(text, where, 'DateTimeExtended') : isoToMicros(text, where);
  }
}

export interface FormatOptions {
  /** Between mask bit names: ' ' in XML, '|' in JSON. */
  readonly maskSeparator: string;
}

/** Writes a primitive value in its canonical text spelling. */
export function formatValueText(
  item: Exclude<TtlvItem, { type: 'Structure' }>,
  domain: ValueDomain | undefined,
  options: FormatOptions,
): string {
  switch (item.type) {
    case 'Integer':
      if (domain?.kind === 'mask' && item.value !== 0)
        return maskNames(domain.name, item.value).join(options.maskSeparator);
      return String(item.value);
    case 'LongInteger':
    case 'Interval':
      return String(item.value);
    case 'BigInteger':
      return bigIntegerHex(item.value);
    case 'Enumeration':
      return enumerationName(domain, item.value) ?? hex32(item.value);
    case 'Boolean':
      return item.value ? 'true' : 'false';
    case 'TextString':
      return item.value;
    case 'ByteString':
      return bytesToHex(item.value);
    case 'DateTime':
      return secondsToIso(item.value) ?? hex64(item.value);
    case 'DateTimeExtended':
      return microsToIso(item.value) ?? hex64(item.value);
  }
}

function parseInteger(text: string, domain: ValueDomain | undefined, where: string): number {
  if (/^[+-]?\d+$/.test(text)) {
    const n = Number(text);
    if (n < INT32_MIN || n > INT32_MAX) throw outOfRange(`${where}: Integer ${text} is outside 32-bit range`);
    return n;
  }
  if (/^0x[0-9a-fA-F]{1,8}$/i.test(text)) return Number.parseInt(text.slice(2), 16) | 0;
  if (domain?.kind === 'mask') {
    const r = maskValue(domain.name, text);
    if ('value' in r) return r.value;
    throw bad(`${where}: '${r.unknown}' is not one of the ${describeDomain(domain)}`);
  }
  const hint = domain === undefined ? '; names need a tag with a bit mask' : '';
  throw bad(`${where}: '${text}' is not an Integer (decimal or 0x hex${hint})`);
}

function parseEnumeration(text: string, domain: ValueDomain | undefined, where: string): number {
  if (/^0x[0-9a-fA-F]{1,8}$/i.test(text)) return Number.parseInt(text.slice(2), 16);
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    if (n > UINT32_MAX) throw outOfRange(`${where}: Enumeration ${text} is outside 32-bit range`);
    return n;
  }
  if (domain === undefined) {
    throw bad(
      `${where}: no enumeration is known for this tag, so '${text}' cannot be read; write it as 0x hex`,
    );
  }
  const value = enumerationValue(domain, text);
  if (value === undefined) throw bad(`${where}: '${text}' is not one of the ${describeDomain(domain)}`);
  return value;
}

function parseBoolean(text: string, where: string): boolean {
  const t = text.toLowerCase();
  if (t === 'true') return true;
  if (t === 'false') return false;
  if (/^0x[0-9a-f]{1,16}$/.test(t)) {
    const v = BigInt(t);
    if (v === 0n || v === 1n) return v === 1n;
  }
  throw bad(`${where}: '${text}' is not a Boolean (true or false)`);
}

function parseUnsigned32(text: string, where: string, type: string): number {
  let n: number;
  if (/^\d+$/.test(text)) n = Number(text);
  else if (/^0x[0-9a-fA-F]{1,8}$/i.test(text)) n = Number.parseInt(text.slice(2), 16);
  else throw bad(`${where}: '${text}' is not an ${type} (decimal or 0x hex)`);
  if (n > UINT32_MAX) throw outOfRange(`${where}: ${type} ${text} is outside 0..2^32-1`);
  return n;
}

function parseSigned64(text: string, where: string, type: string): bigint {
  if (/^[+-]?\d+$/.test(text)) {
    const v = BigInt(text);
    if (BigInt.asIntN(64, v) !== v) throw outOfRange(`${where}: ${type} ${text} is outside 64-bit range`);
    return v;
  }
  if (/^0x[0-9a-fA-F]{1,16}$/i.test(text)) return BigInt.asIntN(64, BigInt(`0x${text.slice(2)}`));
  throw bad(`${where}: '${text}' is not a ${type} (decimal or 0x hex)`);
}

function parseBigInteger(text: string, where: string): bigint {
  const hex = /^0x/i.test(text) ? text.slice(2) : text;
  if (hex === '') return 0n;
  if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length % 2 !== 0) {
    throw bad(`${where}: '${shorten(text)}' is not a BigInteger (an even number of hex digits)`);
  }
  return BigInt.asIntN(hex.length * 4, BigInt(`0x${hex}`));
}

/** Two's complement big-endian hex, padded to a multiple of 8 bytes (KMIP 2.1 §9.1.1.4). */
export function bigIntegerHex(value: bigint): string {
  let bytes = 8;
  while (BigInt.asIntN(bytes * 8, value) !== value) bytes += 8;
  return BigInt.asUintN(bytes * 8, value)
    .toString(16)
    .padStart(bytes * 2, '0');
}

function hex64(value: bigint): string {
  return `0x${BigInt.asUintN(64, value).toString(16).padStart(16, '0')}`;
}

export function bytesToHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

export function hexToBytes(hex: string, where: string): Uint8Array {
  if (!/^[0-9a-fA-F]*$/.test(hex) || hex.length % 2 !== 0) {
    throw bad(`${where}: '${shorten(hex)}' is not a ByteString (an even number of hex digits)`);
  }
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

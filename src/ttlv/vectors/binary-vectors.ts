// Binary TTLV test vectors, written in the spec's notation ("tag | type | length | value"):
// each must decode to `item` and encode back to exactly `hex`. Invalid input: binary-error-vectors.ts.
import {
  bigInteger,
  boolean,
  byteString,
  dateTime,
  dateTimeExtended,
  enumeration,
  integer,
  interval,
  longInteger,
  structure,
  textString,
} from '../builders.js';
import type { TtlvItem } from '../item.js';

export interface ValidVector {
  readonly name: string;
  readonly hex: string;
  readonly item: TtlvItem;
}

/** Bytes from the spec's hex notation: pairs of hex digits; spaces, `|` and newlines ignored. */
export function parseSpecHex(text: string): Uint8Array {
  const digits = text.replace(/[\s|]/g, '');
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(digits)) throw new Error(`not hex byte pairs: ${text}`);
  return Uint8Array.from(Buffer.from(digits, 'hex'));
}

const T = 0x420020; // the tag the spec's examples use

/**
 * KMIP 1.4 §9.1.2 "Examples", transcribed. KMIP 2.1 (§10.1) dropped the examples but kept the same
 * encoding, so these are the byte examples for both versions.
 */
export const specExamples: readonly ValidVector[] = [
  { name: 'Integer 8', hex: '42 00 20 | 02 | 00 00 00 04 | 00 00 00 08 00 00 00 00', item: integer(T, 8) },
  {
    name: 'Long Integer 123456789000000000',
    hex: '42 00 20 | 03 | 00 00 00 08 | 01 B6 9B 4B A5 74 92 00',
    item: longInteger(T, 123456789000000000n),
  },
  {
    name: 'Big Integer 1234567890000000000000000000',
    hex: '42 00 20 | 04 | 00 00 00 10 | 00 00 00 00 03 FD 35 EB 6B C2 DF 46 18 08 00 00',
    item: bigInteger(T, 1234567890000000000000000000n),
  },
  {
    name: 'Enumeration 255',
    hex: '42 00 20 | 05 | 00 00 00 04 | 00 00 00 FF 00 00 00 00',
    item: enumeration(T, 255),
  },
  {
    name: 'Boolean True',
    hex: '42 00 20 | 06 | 00 00 00 08 | 00 00 00 00 00 00 00 01',
    item: boolean(T, true),
  },
  {
    name: 'Text String "Hello World"',
    hex: '42 00 20 | 07 | 00 00 00 0B | 48 65 6C 6C 6F 20 57 6F 72 6C 64 00 00 00 00 00',
    item: textString(T, 'Hello World'),
  },
  {
    name: 'Byte String 01 02 03',
    hex: '42 00 20 | 08 | 00 00 00 03 | 01 02 03 00 00 00 00 00',
    item: byteString(T, new Uint8Array([1, 2, 3])),
  },
  {
    name: 'Date-Time Friday, March 14, 2008, 11:56:40 GMT',
    hex: '42 00 20 | 09 | 00 00 00 08 | 00 00 00 00 47 DA 67 F8',
    item: dateTime(T, new Date(Date.UTC(2008, 2, 14, 11, 56, 40))),
  },
  {
    name: 'Interval 10 days',
    hex: '42 00 20 | 0A | 00 00 00 04 | 00 0D 2F 00 00 00 00 00',
    item: interval(T, 864000),
  },
  {
    name: 'Structure of Enumeration 254 (420004) and Integer 255 (420005)',
    hex:
      '42 00 20 | 01 | 00 00 00 20 | 42 00 04 | 05 | 00 00 00 04 | 00 00 00 FE 00 00 00 00 | ' +
      '42 00 05 | 02 | 00 00 00 04 | 00 00 00 FF 00 00 00 00',
    item: structure(T, [enumeration(0x420004, 254), integer(0x420005, 255)]),
  },
];

/** Our own: edge values of every type. */
export const ownValidVectors: readonly ValidVector[] = [
  { name: 'Integer -1', hex: '42 00 20 | 02 | 00 00 00 04 | FF FF FF FF 00 00 00 00', item: integer(T, -1) },
  {
    name: 'Integer int32 minimum',
    hex: '42 00 20 | 02 | 00 00 00 04 | 80 00 00 00 00 00 00 00',
    item: integer(T, -2147483648),
  },
  {
    name: 'Long Integer int64 minimum',
    hex: '42 00 20 | 03 | 00 00 00 08 | 80 00 00 00 00 00 00 00',
    item: longInteger(T, -(2n ** 63n)),
  },
  {
    name: 'Big Integer 0',
    hex: '42 00 20 | 04 | 00 00 00 08 | 00 00 00 00 00 00 00 00',
    item: bigInteger(T, 0n),
  },
  {
    name: 'Big Integer -1 sign-extended',
    hex: '42 00 20 | 04 | 00 00 00 08 | FF FF FF FF FF FF FF FF',
    item: bigInteger(T, -1n),
  },
  {
    name: 'Big Integer 2^63 needs a second word for its sign',
    hex: '42 00 20 | 04 | 00 00 00 10 | 00 00 00 00 00 00 00 00 80 00 00 00 00 00 00 00',
    item: bigInteger(T, 2n ** 63n),
  },
  {
    name: 'Big Integer -2^64 - 1',
    hex: '42 00 20 | 04 | 00 00 00 10 | FF FF FF FF FF FF FF FE FF FF FF FF FF FF FF FF',
    item: bigInteger(T, -(2n ** 64n) - 1n),
  },
  {
    name: 'Enumeration uint32 maximum (extension range)',
    hex: '42 00 20 | 05 | 00 00 00 04 | FF FF FF FF 00 00 00 00',
    item: enumeration(T, 0xffffffff),
  },
  {
    name: 'Boolean False',
    hex: '42 00 20 | 06 | 00 00 00 08 | 00 00 00 00 00 00 00 00',
    item: boolean(T, false),
  },
  { name: 'Text String empty', hex: '42 00 20 | 07 | 00 00 00 00 |', item: textString(T, '') },
  {
    name: 'Text String multi-byte UTF-8 and a kept byte-order mark',
    hex: '42 00 20 | 07 | 00 00 00 0A | EF BB BF C3 A9 F0 9F 94 91 41 00 00 00 00 00 00',
    item: textString(T, '\uFEFFé🔑A'),
  },
  {
    name: 'Text String holding a genuine U+FFFD',
    hex: '42 00 20 | 07 | 00 00 00 04 | 41 EF BF BD 00 00 00 00',
    item: textString(T, 'A\uFFFD'),
  },
  {
    name: 'Text String of exactly 8 bytes has no padding',
    hex: '42 00 20 | 07 | 00 00 00 08 | 41 42 43 44 45 46 47 48',
    item: textString(T, 'ABCDEFGH'),
  },
  { name: 'Byte String empty', hex: '42 00 20 | 08 | 00 00 00 00 |', item: byteString(T, new Uint8Array(0)) },
  {
    name: 'Byte String of 9 bytes pads to 16',
    hex: '42 00 20 | 08 | 00 00 00 09 | 00 01 02 03 04 05 06 07 08 00 00 00 00 00 00 00',
    item: byteString(T, Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8])),
  },
  {
    name: 'Date-Time before the epoch',
    hex: '42 00 20 | 09 | 00 00 00 08 | FF FF FF FF FF FF FF FF',
    item: dateTime(T, -1n),
  },
  {
    name: 'Interval uint32 maximum',
    hex: '42 00 20 | 0A | 00 00 00 04 | FF FF FF FF 00 00 00 00',
    item: interval(T, 0xffffffff),
  },
  {
    name: 'Date-Time Extended (KMIP 2.0+) 2008-03-14T11:56:40.000001Z',
    hex: '42 00 20 | 0B | 00 00 00 08 | 00 04 48 64 5C EF EE 01',
    item: dateTimeExtended(T, 1205495800000001n),
  },
  { name: 'Structure empty', hex: '42 00 20 | 01 | 00 00 00 00 |', item: structure(T, []) },
  {
    name: 'Structure nested, with an extension tag',
    hex:
      '42 00 20 | 01 | 00 00 00 28 | 42 00 21 | 01 | 00 00 00 10 | 54 00 01 | 06 | 00 00 00 08 | ' +
      '00 00 00 00 00 00 00 01 | 42 00 22 | 08 | 00 00 00 01 | AB 00 00 00 00 00 00 00',
    item: structure(T, [
      structure(0x420021, [boolean(0x540001, true)]),
      byteString(0x420022, Uint8Array.of(0xab)),
    ]),
  },
  {
    name: 'Unassigned tag 000000 decodes (tags are not looked up)',
    hex: '00 00 00 | 02 | 00 00 00 04 | 00 00 00 01 00 00 00 00',
    item: integer(0, 1),
  },
];

// Binary TTLV input the decoder must refuse, in the spec's notation: decodeTtlv must throw a
// TtlvError with `code` at byte `offset` (valid vectors: binary-vectors.ts).
import type { DecodeOptions } from '../decode.js';
import type { TtlvErrorCode } from '../errors.js';

export interface InvalidVector {
  readonly name: string;
  readonly hex: string;
  readonly code: TtlvErrorCode;
  readonly offset: number;
  readonly options?: DecodeOptions;
}

/** One vector per decoder error, with the offset each must report. */
export const invalidVectors: readonly InvalidVector[] = [
  { name: 'empty input', hex: '', code: 'truncated', offset: 0 },
  { name: 'header cut short', hex: '42 00 20 | 02 | 00 00 00', code: 'truncated', offset: 0 },
  { name: 'value cut short', hex: '42 00 20 | 02 | 00 00 00 04 | 00 00 00 08', code: 'truncated', offset: 4 },
  { name: 'padding cut short', hex: '42 00 20 | 07 | 00 00 00 01 | 41 00 00', code: 'truncated', offset: 4 },
  { name: 'unknown type 00', hex: '42 00 20 | 00 | 00 00 00 00', code: 'unknown-type', offset: 3 },
  { name: 'unknown type 0C', hex: '42 00 20 | 0C | 00 00 00 00', code: 'unknown-type', offset: 3 },
  {
    name: 'Integer of length 8',
    hex: '42 00 20 | 02 | 00 00 00 08 | 00 00 00 00 00 00 00 08',
    code: 'bad-length',
    offset: 4,
  },
  {
    name: 'Long Integer of length 4',
    hex: '42 00 20 | 03 | 00 00 00 04 | 00 00 00 08 00 00 00 00',
    code: 'bad-length',
    offset: 4,
  },
  { name: 'Big Integer of length 0', hex: '42 00 20 | 04 | 00 00 00 00', code: 'bad-length', offset: 4 },
  {
    name: 'Big Integer of length 4',
    hex: '42 00 20 | 04 | 00 00 00 04 | 00 00 00 01 00 00 00 00',
    code: 'bad-length',
    offset: 4,
  },
  {
    name: 'Enumeration of length 2',
    hex: '42 00 20 | 05 | 00 00 00 02 | 00 01 00 00 00 00 00 00',
    code: 'bad-length',
    offset: 4,
  },
  {
    name: 'Boolean of length 4',
    hex: '42 00 20 | 06 | 00 00 00 04 | 00 00 00 01 00 00 00 00',
    code: 'bad-length',
    offset: 4,
  },
  {
    name: 'Date-Time of length 4',
    hex: '42 00 20 | 09 | 00 00 00 04 | 47 DA 67 F8 00 00 00 00',
    code: 'bad-length',
    offset: 4,
  },
  {
    name: 'Interval of length 8',
    hex: '42 00 20 | 0A | 00 00 00 08 | 00 00 00 00 00 0D 2F 00',
    code: 'bad-length',
    offset: 4,
  },
  {
    name: 'Date-Time Extended of length 4',
    hex: '42 00 20 | 0B | 00 00 00 04 | 00 00 00 01 00 00 00 00',
    code: 'bad-length',
    offset: 4,
  },
  {
    name: 'Structure of length 4',
    hex: '42 00 20 | 01 | 00 00 00 04 | 00 00 00 00',
    code: 'bad-length',
    offset: 4,
  },
  {
    name: 'trailing bytes after the item',
    hex: '42 00 20 | 02 | 00 00 00 04 | 00 00 00 08 00 00 00 00 | 00',
    code: 'bad-length',
    offset: 16,
  },
  {
    name: 'Integer padding not zero',
    hex: '42 00 20 | 02 | 00 00 00 04 | 00 00 00 08 00 00 01 00',
    code: 'bad-padding',
    offset: 14,
  },
  {
    name: 'Text String padding not zero',
    hex: '42 00 20 | 07 | 00 00 00 01 | 41 00 00 00 00 00 00 20',
    code: 'bad-padding',
    offset: 15,
  },
  {
    name: 'child value runs past a Structure holding only its header',
    hex: '42 00 20 | 01 | 00 00 00 08 | 42 00 04 | 05 | 00 00 00 04 | 00 00 00 FE 00 00 00 00',
    code: 'overrun',
    offset: 12,
  },
  {
    name: 'child value runs past its Structure',
    hex:
      '42 00 20 | 01 | 00 00 00 18 | 42 00 04 | 05 | 00 00 00 04 | 00 00 00 FE 00 00 00 00 | ' +
      '42 00 05 | 08 | 00 00 00 01 | 00 00 00 00 00 00 00 00',
    code: 'overrun',
    offset: 28,
  },
  {
    name: 'Structures deeper than maxDepth 2',
    hex: '42 00 20 | 01 | 00 00 00 10 | 42 00 21 | 01 | 00 00 00 08 | 42 00 22 | 01 | 00 00 00 00',
    code: 'too-deep',
    offset: 16,
    options: { maxDepth: 2 },
  },
  {
    name: 'length above maxLength, refused before the value is read',
    hex: '42 00 20 | 08 | FF FF FF F8',
    code: 'too-large',
    offset: 4,
    options: { maxLength: 1024 },
  },
  {
    name: 'Text String with a lone continuation byte',
    hex: '42 00 20 | 07 | 00 00 00 01 | 80 00 00 00 00 00 00 00',
    code: 'bad-utf8',
    offset: 8,
  },
  {
    name: 'Text String with an encoded surrogate',
    hex: '42 00 20 | 07 | 00 00 00 03 | ED A0 80 00 00 00 00 00',
    code: 'bad-utf8',
    offset: 8,
  },
  {
    name: 'Text String with an overlong encoding',
    hex: '42 00 20 | 07 | 00 00 00 02 | C0 AF 00 00 00 00 00 00',
    code: 'bad-utf8',
    offset: 8,
  },
  {
    name: 'Boolean value 2',
    hex: '42 00 20 | 06 | 00 00 00 08 | 00 00 00 00 00 00 00 02',
    code: 'bad-encoding',
    offset: 8,
  },
  {
    name: 'Boolean high bytes set',
    hex: '42 00 20 | 06 | 00 00 00 08 | 01 00 00 00 00 00 00 01',
    code: 'bad-encoding',
    offset: 8,
  },
];

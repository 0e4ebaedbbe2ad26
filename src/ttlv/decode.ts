// Binary TTLV decoder (KMIP 1.4 §9.1, KMIP 2.1 §10.1): one item, strictly checked. Every failure is
// a TtlvError carrying the offset of the offending byte, so the transport can answer or close.
// Tags are not looked up here: any 3-byte tag decodes, including 0x54xxxx extensions.
import { Buffer } from 'node:buffer';
import { TtlvError, TtlvErrorCode } from './errors.js';
import type { TtlvItem } from './item.js';

export interface DecodeOptions {
  /** Deepest Structure nesting accepted (a top-level Structure is level 1). Default 64, at most 1000. */
  readonly maxDepth?: number;
  /** Largest Item Length accepted for any one item, checked before its value is read. Default 16 MiB. */
  readonly maxLength?: number;
}

export const DEFAULT_MAX_DEPTH = 64;
export const DEFAULT_MAX_LENGTH = 16 * 1024 * 1024;
// Recursion is bounded by maxDepth; this keeps it far from the engine's stack limit.
const DEPTH_CEILING = 1000;

/** One decoded item and the offset just past it (its padding included). */
export interface DecodedPrefix {
  readonly item: TtlvItem;
  readonly end: number;
}

/**
 * Decodes exactly one item spanning all of `bytes`; trailing bytes are an error (bad-length).
 * Byte String values are copies, so the input buffer may be reused afterwards.
 */
export function decodeTtlv(bytes: Uint8Array, options?: DecodeOptions): TtlvItem {
  const { item, end } = decodeTtlvPrefix(bytes, 0, options);
  if (end !== bytes.length) {
    throw new TtlvError(TtlvErrorCode.BadLength, 'trailing bytes after the item', end);
  }
  return item;
}

/**
 * Decodes the one item starting at `offset`, ignoring whatever follows it. Error offsets count from
 * the start of `bytes`. An item running past the end of `bytes` is `truncated`.
 */
export function decodeTtlvPrefix(bytes: Uint8Array, offset = 0, options?: DecodeOptions): DecodedPrefix {
  const reader = new Reader(
    bytes,
    options?.maxDepth ?? DEFAULT_MAX_DEPTH,
    options?.maxLength ?? DEFAULT_MAX_LENGTH,
  );
  if (!Number.isInteger(offset) || offset < 0 || offset > bytes.length) {
    throw new RangeError(`offset ${offset} is outside the input`);
  }
  reader.pos = offset;
  const item = reader.item(bytes.length, 0);
  return { item, end: reader.pos };
}

/** Bytes of padding that follow a value of `length` bytes. */
function padding(length: number): number {
  return (8 - (length & 7)) & 7;
}

class Reader {
  /** A plain Uint8Array over the input: its slice() copies (a Buffer's would not). */
  readonly bytes: Uint8Array;
  /** The same memory as a Buffer, for its fast hex and UTF-8 string conversions. */
  readonly buf: Buffer;
  readonly view: DataView;
  readonly maxDepth: number;
  readonly maxLength: number;
  /** Offset of the next unread byte. */
  pos = 0;

  constructor(input: Uint8Array, maxDepth: number, maxLength: number) {
    if (!Number.isInteger(maxDepth) || maxDepth < 0 || maxDepth > DEPTH_CEILING) {
      throw new RangeError(`maxDepth must be an integer from 0 to ${DEPTH_CEILING}`);
    }
    if (!(maxLength >= 0)) throw new RangeError('maxLength must be a non-negative number');
    this.bytes = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    this.buf = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    this.view = new DataView(input.buffer, input.byteOffset, input.byteLength);
    this.maxDepth = maxDepth;
    this.maxLength = maxLength;
  }

  /** Reads the item at `pos`, which must end by `limit`; `depth` counts the enclosing Structures. */
  item(limit: number, depth: number): TtlvItem {
    const start = this.pos;
    const view = this.view;
    if (limit - start < 8) throw this.short(depth, start, 'item header');
    const tagAndType = view.getUint32(start);
    const tag = tagAndType >>> 8;
    const type = tagAndType & 0xff;
    const length = view.getUint32(start + 4);
    const v = start + 8;
    switch (type) {
      case 0x01: {
        if ((length & 7) !== 0) throw badLength(start, 'Structure', length);
        this.claim(start, length, limit, depth);
        if (depth >= this.maxDepth) {
          throw new TtlvError(TtlvErrorCode.TooDeep, `Structures nested deeper than ${this.maxDepth}`, start);
        }
        const end = v + length;
        const value: TtlvItem[] = [];
        this.pos = v;
        while (this.pos < end) value.push(this.item(end, depth + 1));
        return { tag, type: 'Structure', value };
      }
      case 0x02:
        this.fixed(start, length, 4, limit, depth, 'Integer');
        return { tag, type: 'Integer', value: view.getInt32(v) };
      case 0x03:
        this.fixed(start, length, 8, limit, depth, 'Long Integer');
        return { tag, type: 'LongInteger', value: view.getBigInt64(v) };
      case 0x04: {
        if (length === 0 || (length & 7) !== 0) throw badLength(start, 'Big Integer', length);
        this.claim(start, length, limit, depth);
        const value =
          length === 8
            ? view.getBigInt64(v)
            : BigInt.asIntN(length * 8, BigInt('0x' + this.buf.toString('hex', v, v + length)));
        return { tag, type: 'BigInteger', value };
      }
      case 0x05:
        this.fixed(start, length, 4, limit, depth, 'Enumeration');
        return { tag, type: 'Enumeration', value: view.getUint32(v) };
      case 0x06: {
        this.fixed(start, length, 8, limit, depth, 'Boolean');
        const low = view.getUint32(v + 4);
        if (view.getUint32(v) !== 0 || low > 1) {
          throw new TtlvError(TtlvErrorCode.BadEncoding, 'Boolean value other than 0 or 1', v);
        }
        return { tag, type: 'Boolean', value: low === 1 };
      }
      case 0x07: {
        this.claim(start, length, limit, depth);
        return { tag, type: 'TextString', value: this.text(v, v + length) };
      }
      case 0x08:
        this.claim(start, length, limit, depth);
        return { tag, type: 'ByteString', value: this.bytes.slice(v, v + length) };
      case 0x09:
        this.fixed(start, length, 8, limit, depth, 'Date-Time');
        return { tag, type: 'DateTime', value: view.getBigInt64(v) };
      case 0x0a:
        this.fixed(start, length, 4, limit, depth, 'Interval');
        return { tag, type: 'Interval', value: view.getUint32(v) };
      case 0x0b:
        this.fixed(start, length, 8, limit, depth, 'Date-Time Extended');
        return { tag, type: 'DateTimeExtended', value: view.getBigInt64(v) };
      default:
        throw new TtlvError(TtlvErrorCode.UnknownType, `unknown item type 0x${hex2(type)}`, start + 3);
    }
  }

  /** A fixed-length type: checks the length and claims the item. */
  fixed(start: number, length: number, expected: number, limit: number, depth: number, what: string): void {
    if (length !== expected) throw badLength(start, what, length);
    this.claim(start, length, limit, depth);
  }

  /**
   * Checks that the value of `length` bytes and its padding fit before `limit` and that the padding
   * is zero, then moves `pos` past them. The maxLength cap comes first, before anything is read.
   */
  claim(start: number, length: number, limit: number, depth: number): void {
    if (length > this.maxLength) {
      throw new TtlvError(
        TtlvErrorCode.TooLarge,
        `item length ${length} exceeds ${this.maxLength}`,
        start + 4,
      );
    }
    const valueEnd = start + 8 + length;
    const end = valueEnd + padding(length);
    if (end > limit) throw this.short(depth, start + 4, `item length ${length}`);
    for (let i = valueEnd; i < end; i++) {
      if (this.bytes[i] !== 0) throw new TtlvError(TtlvErrorCode.BadPadding, 'non-zero padding byte', i);
    }
    this.pos = end;
  }

  /** Running out of bytes is `truncated` at the top level and `overrun` inside a Structure. */
  short(depth: number, offset: number, what: string): TtlvError {
    return depth === 0
      ? new TtlvError(TtlvErrorCode.Truncated, `input ends inside the ${what}`, offset)
      : new TtlvError(TtlvErrorCode.Overrun, `${what} runs past the end of its Structure`, offset);
  }

  /** UTF-8 of a Text String, validated; a byte-order mark is kept as a character, not stripped. */
  text(from: number, to: number): string {
    // The lenient decoder marks every malformed sequence with U+FFFD, so a result without one is
    // valid; only a result holding U+FFFD (malformed or genuine) goes through the strict decoder.
    const value = (this.buf as unknown as FastSlice).utf8Slice(from, to);
    if (value.indexOf('\uFFFD') === -1) return value;
    try {
      return utf8.decode(this.bytes.subarray(from, to));
    } catch {
      throw new TtlvError(TtlvErrorCode.BadUtf8, 'Text String is not valid UTF-8', from);
    }
  }
}

/** Buffer#utf8Slice: toString('utf8', from, to) without its argument checks (in every Node release). */
interface FastSlice {
  utf8Slice(from: number, to: number): string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function badLength(start: number, what: string, length: number): TtlvError {
  return new TtlvError(TtlvErrorCode.BadLength, `${what} with length ${length}`, start + 4);
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}

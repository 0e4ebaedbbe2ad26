// Binary TTLV encoder (KMIP 1.4 §9.1, KMIP 2.1 §10.1). Two passes: the first validates every item
// and sums the sizes, the second writes into one buffer of exactly that size, filling each
// Structure's length in once its children are written. Errors carry offset -1 (there is no input).
import { Buffer } from 'node:buffer';
import { TtlvError, TtlvErrorCode } from './errors.js';
import type { TtlvItem } from './item.js';

export interface EncodeOptions {
  /** Deepest Structure nesting written (a top-level Structure is level 1). Default 64, at most 1000. */
  readonly maxDepth?: number;
}

const DEFAULT_MAX_DEPTH = 64;
const DEPTH_CEILING = 1000;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const MAX_LENGTH = 0xffffffff;

/**
 * Encodes one item. The result may be a slice of Node's shared Buffer pool: write it or copy it,
 * but do not transfer or detach its ArrayBuffer.
 */
export function encodeTtlv(item: TtlvItem, options?: EncodeOptions): Buffer {
  const maxDepth = options?.maxDepth ?? DEFAULT_MAX_DEPTH;
  if (!Number.isInteger(maxDepth) || maxDepth < 0 || maxDepth > DEPTH_CEILING) {
    throw new RangeError(`maxDepth must be an integer from 0 to ${DEPTH_CEILING}`);
  }
  const size = sizeOf(item, 0, maxDepth);
  const buf = Buffer.allocUnsafe(size);
  write(buf, new DataView(buf.buffer, buf.byteOffset, size), item, 0);
  return buf;
}

/** The encoded size in bytes of one item, padding included (validates it like encodeTtlv). */
export function encodedSize(item: TtlvItem, options?: EncodeOptions): number {
  return sizeOf(item, 0, options?.maxDepth ?? DEFAULT_MAX_DEPTH);
}

function padding(length: number): number {
  return (8 - (length & 7)) & 7;
}

function fail(code: TtlvErrorCode, item: TtlvItem, what: string): never {
  const tag = typeof item.tag === 'number' ? `0x${item.tag.toString(16).padStart(6, '0')}` : String(item.tag);
  throw new TtlvError(code, `${item.type} ${tag}: ${what}`);
}

/** Validates `item` and returns its encoded size. */
function sizeOf(item: TtlvItem, depth: number, maxDepth: number): number {
  if (typeof item !== 'object' || item === null) {
    throw new TtlvError(TtlvErrorCode.BadEncoding, `${String(item)} is not an item`);
  }
  const tag = item.tag;
  if (typeof tag !== 'number' || (tag & 0xffffff) !== tag)
    fail(TtlvErrorCode.BadTag, item, 'not a 3-byte tag');
  switch (item.type) {
    case 'Structure': {
      if (depth >= maxDepth) fail(TtlvErrorCode.TooDeep, item, `Structures nested deeper than ${maxDepth}`);
      const value: unknown = item.value;
      if (!Array.isArray(value)) fail(TtlvErrorCode.BadEncoding, item, 'value is not an array');
      let length = 0;
      for (const c of item.value) length += sizeOf(c, depth + 1, maxDepth);
      if (length > MAX_LENGTH) fail(TtlvErrorCode.TooLarge, item, `length ${length} exceeds 32 bits`);
      return 8 + length;
    }
    case 'Integer': {
      const v = item.value;
      if (typeof v !== 'number' || (v | 0) !== v)
        fail(TtlvErrorCode.OutOfRange, item, `${v} is not an int32`);
      return 16;
    }
    case 'Enumeration':
    case 'Interval': {
      const v = item.value;
      if (typeof v !== 'number' || v >>> 0 !== v)
        fail(TtlvErrorCode.OutOfRange, item, `${v} is not a uint32`);
      return 16;
    }
    case 'LongInteger':
    case 'DateTime':
    case 'DateTimeExtended': {
      const v = item.value;
      if (typeof v !== 'bigint' || v < INT64_MIN || v > INT64_MAX) {
        fail(TtlvErrorCode.OutOfRange, item, `${String(v)} is not an int64`);
      }
      return 16;
    }
    case 'BigInteger': {
      const v = item.value;
      if (typeof v !== 'bigint') fail(TtlvErrorCode.OutOfRange, item, `${String(v)} is not a bigint`);
      const length = bigIntegerWords(v) * 8;
      if (length > MAX_LENGTH) fail(TtlvErrorCode.TooLarge, item, 'value exceeds 32-bit length');
      return 8 + length;
    }
    case 'Boolean':
      if (typeof item.value !== 'boolean') fail(TtlvErrorCode.BadEncoding, item, 'value is not a boolean');
      return 16;
    case 'TextString': {
      const v = item.value;
      if (typeof v !== 'string') fail(TtlvErrorCode.BadEncoding, item, 'value is not a string');
      // A lone surrogate has no UTF-8 form; writing it would silently become U+FFFD.
      if (!(v as unknown as WellFormed).isWellFormed()) fail(TtlvErrorCode.BadUtf8, item, 'lone surrogate');
      const length = Buffer.byteLength(v, 'utf8');
      if (length > MAX_LENGTH) fail(TtlvErrorCode.TooLarge, item, 'value exceeds 32-bit length');
      return 8 + length + padding(length);
    }
    case 'ByteString': {
      const v = item.value;
      if (!(v instanceof Uint8Array)) fail(TtlvErrorCode.BadEncoding, item, 'value is not a Uint8Array');
      if (v.length > MAX_LENGTH) fail(TtlvErrorCode.TooLarge, item, 'value exceeds 32-bit length');
      return 8 + v.length + padding(v.length);
    }
    default: {
      const unknown = item as { tag: number; type: unknown };
      throw new TtlvError(TtlvErrorCode.UnknownType, `unknown item type ${String(unknown.type)}`);
    }
  }
}

/** ES2024 String.prototype.isWellFormed, present in Node 20; the project's lib is ES2022. */
interface WellFormed {
  isWellFormed(): boolean;
}

/** 64-bit words in the shortest two's complement form of `v` (sign bit included), at least one. */
function bigIntegerWords(v: bigint): number {
  let magnitude = (v < 0n ? ~v : v) >> 63n;
  let words = 1;
  while (magnitude !== 0n) {
    words++;
    magnitude >>= 64n;
  }
  return words;
}

/** Writes a validated item at `off` and returns the offset after it. */
function write(buf: Buffer, view: DataView, item: TtlvItem, off: number): number {
  const head = item.tag * 256;
  const v = off + 8;
  switch (item.type) {
    case 'Structure': {
      view.setUint32(off, head + 0x01);
      let p = v;
      for (const c of item.value) p = write(buf, view, c, p);
      view.setUint32(off + 4, p - v);
      return p;
    }
    case 'Integer':
      return write4(view, off, head + 0x02, item.value);
    case 'Enumeration':
      return write4(view, off, head + 0x05, item.value);
    case 'Interval':
      return write4(view, off, head + 0x0a, item.value);
    case 'LongInteger':
      return write8(view, off, head + 0x03, item.value);
    case 'DateTime':
      return write8(view, off, head + 0x09, item.value);
    case 'DateTimeExtended':
      return write8(view, off, head + 0x0b, item.value);
    case 'Boolean':
      return write8(view, off, head + 0x06, item.value ? 1n : 0n);
    case 'BigInteger': {
      const value = item.value;
      const length = bigIntegerWords(value) * 8;
      view.setUint32(off, head + 0x04);
      view.setUint32(off + 4, length);
      if (length === 8) view.setBigInt64(v, value);
      else
        buf.write(
          BigInt.asUintN(length * 8, value)
            .toString(16)
            .padStart(length * 2, '0'),
          v,
          'hex',
        );
      return v + length;
    }
    case 'TextString': {
      const length = buf.write(item.value, v, 'utf8');
      view.setUint32(off, head + 0x07);
      view.setUint32(off + 4, length);
      return zeroPad(buf, v + length, length);
    }
    case 'ByteString': {
      const value = item.value;
      buf.set(value, v);
      view.setUint32(off, head + 0x08);
      view.setUint32(off + 4, value.length);
      return zeroPad(buf, v + value.length, value.length);
    }
  }
}

/** A 4-byte value and its 4 bytes of padding. `value` is an int32 or uint32, written as its low 32 bits. */
function write4(view: DataView, off: number, head: number, value: number): number {
  view.setUint32(off, head);
  view.setUint32(off + 4, 4);
  view.setUint32(off + 8, value >>> 0);
  view.setUint32(off + 12, 0);
  return off + 16;
}

function write8(view: DataView, off: number, head: number, value: bigint): number {
  view.setUint32(off, head);
  view.setUint32(off + 4, 8);
  view.setBigInt64(off + 8, value);
  return off + 16;
}

/** Zeroes the padding after a value of `length` bytes ending at `end` (the buffer is not pre-zeroed). */
function zeroPad(buf: Buffer, end: number, length: number): number {
  const stop = end + padding(length);
  for (let i = end; i < stop; i++) buf[i] = 0;
  return stop;
}

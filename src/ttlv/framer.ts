// Splits a byte stream into TTLV messages (an 8-byte header plus Item Length bytes), push-based
// like node-postgres' pg-protocol parser: the connection feeds chunks in, whole frames come out.
// The header is checked before anything is buffered for the body, and the body buffer grows with
// the bytes that actually arrive, so a header claiming a large length costs nothing by itself.
import { TtlvError, TtlvErrorCode } from './errors.js';

export interface TtlvFramerOptions {
  /** Largest Item Length (the header's length field, header excluded) accepted for one message. */
  readonly maxMessageSize: number;
}

/** Body buffers start at most this large and double as bytes arrive, up to the frame size. */
const INITIAL_CAPACITY = 16 * 1024;

export class TtlvFramer {
  readonly #maxMessageSize: number;
  /** A header split across chunks. */
  readonly #head = new Uint8Array(8);
  #headLength = 0;
  /** The frame being assembled (header included) and how much of it has arrived. */
  #frame: Uint8Array | null = null;
  #frameSize = 0;
  #filled = 0;
  /** Stream offset of the first byte of the next chunk, for error offsets. */
  #streamOffset = 0;
  #failure: TtlvError | null = null;

  constructor(options: TtlvFramerOptions) {
    const max = options.maxMessageSize;
    if (!Number.isInteger(max) || max < 0 || max > 0xffffffff) {
      throw new RangeError('maxMessageSize must be an integer from 0 to 2^32-1');
    }
    this.#maxMessageSize = max;
  }

  /** Bytes received but not yet delivered as a frame (for idle and slow-sender policies). */
  get pendingBytes(): number {
    return this.#frame === null ? this.#headLength : this.#filled;
  }

  /**
   * Feeds one chunk; calls `onFrame` for each frame it completes, in order. A frame lying wholly
   * inside `chunk` is a view into it (zero-copy): copy it if the chunk's memory will be reused.
   * Throws a TtlvError (bad-tag, bad-encoding, bad-length, too-large) on a bad header; the framer
   * then stays failed and throws the same error on every later push: close the connection.
   * If `onFrame` throws, the rest of the chunk is dropped; discard the framer.
   */
  push(chunk: Uint8Array, onFrame: (frame: Uint8Array) => void): void {
    if (this.#failure !== null) throw this.#failure;
    const base = this.#streamOffset;
    const n = chunk.length;
    this.#streamOffset = base + n;
    let pos = 0;
    while (pos < n) {
      if (this.#frame !== null) {
        pos = this.#fill(chunk, pos);
        if (this.#filled === this.#frameSize) {
          const frame = this.#frame;
          this.#frame = null;
          onFrame(frame);
        }
      } else if (this.#headLength === 0 && n - pos >= 8) {
        // The common case: the header is whole in this chunk.
        const size = this.#check(chunk, pos, base + pos);
        if (n - pos >= size) {
          onFrame(size === n ? chunk : chunk.subarray(pos, pos + size));
          pos += size;
        } else {
          this.#begin(size, chunk.subarray(pos, pos + 8), n - pos);
          pos += 8;
        }
      } else {
        const take = Math.min(8 - this.#headLength, n - pos);
        this.#head.set(chunk.subarray(pos, pos + take), this.#headLength);
        this.#headLength += take;
        pos += take;
        if (this.#headLength === 8) {
          const size = this.#check(this.#head, 0, base + pos - 8);
          this.#headLength = 0;
          this.#begin(size, this.#head, 8 + n - pos);
          if (size === 8) {
            // An empty Structure is complete with its header; no more bytes may come to flush it.
            this.#frame = null;
            onFrame(this.#head.slice());
          }
        }
      }
    }
  }

  /** Validates a header and returns the frame size; a failure is remembered. */
  #check(bytes: Uint8Array, at: number, streamAt: number): number {
    const b = bytes; // at + 7 is in range: the callers check
    const length = b[at + 4]! * 0x1000000 + ((b[at + 5]! << 16) | (b[at + 6]! << 8) | b[at + 7]!);
    let failure: TtlvError | null = null;
    if (b[at] !== 0x42) {
      failure = new TtlvError(TtlvErrorCode.BadTag, 'a message tag must start with 0x42', streamAt);
    } else if (b[at + 3] !== 0x01) {
      failure = new TtlvError(TtlvErrorCode.BadEncoding, 'a message must be a Structure', streamAt + 3);
    } else if (length > this.#maxMessageSize) {
      failure = new TtlvError(
        TtlvErrorCode.TooLarge,
        `message length ${length} exceeds ${this.#maxMessageSize}`,
        streamAt + 4,
      );
    } else if ((length & 7) !== 0) {
      failure = new TtlvError(
        TtlvErrorCode.BadLength,
        `message length ${length} is not a multiple of 8`,
        streamAt + 4,
      );
    }
    if (failure !== null) {
      this.#failure = failure;
      throw failure;
    }
    return 8 + length;
  }

  /** Starts buffering a frame of `size` bytes whose header is `header`; `available` bytes are at hand. */
  #begin(size: number, header: Uint8Array, available: number): void {
    const frame = new Uint8Array(Math.min(size, Math.max(INITIAL_CAPACITY, available)));
    frame.set(header);
    this.#frame = frame;
    this.#frameSize = size;
    this.#filled = 8;
  }

  /** Copies what the frame still needs from `chunk` at `pos`, growing it; returns the new pos. */
  #fill(chunk: Uint8Array, pos: number): number {
    let frame = this.#frame as Uint8Array;
    const take = Math.min(this.#frameSize - this.#filled, chunk.length - pos);
    const needed = this.#filled + take;
    if (needed > frame.length) {
      const grown = new Uint8Array(Math.min(this.#frameSize, Math.max(frame.length * 2, needed)));
      grown.set(frame.subarray(0, this.#filled));
      this.#frame = frame = grown;
    }
    frame.set(chunk.subarray(pos, pos + take), this.#filled);
    this.#filled = needed;
    return pos + take;
  }
}

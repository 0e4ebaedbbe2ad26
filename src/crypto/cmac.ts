// CMAC (NIST SP 800-38B, RFC 4493) over any block cipher the server has in ECB mode: AES and
// Camellia (128-bit blocks, Rb = 0x87), 3DES, Blowfish, CAST5 and IDEA (64-bit blocks, Rb = 0x1B).
import { BlockCipherMode, PaddingMethod } from '../spec/generated/enums.js';
import { blockSizeOf, openSymmetric } from './symmetric-cipher.js';
import type { CipherSession } from './cipher-session.js';

function shiftLeft(b: Buffer): Buffer {
  const out = Buffer.alloc(b.length);
  for (let i = 0; i < b.length; i++) out[i] = (((b[i] ?? 0) << 1) | ((b[i + 1] ?? 0) >> 7)) & 0xff;
  return out;
}

function dbl(b: Buffer): Buffer {
  const out = shiftLeft(b);
  if (((b[0] ?? 0) & 0x80) !== 0)
    out[b.length - 1] = (out[b.length - 1] ?? 0) ^ (b.length === 16 ? 0x87 : 0x1b);
  return out;
}

function xorInto(a: Buffer, b: Uint8Array): Buffer {
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i++) out[i] = (a[i] ?? 0) ^ (b[i] ?? 0);
  return out;
}

/** An incremental CMAC: update() any number of times, then digest(). */
export class Cmac {
  readonly #ecb: CipherSession;
  readonly #bs: number;
  readonly #k1: Buffer;
  readonly #k2: Buffer;
  #x: Buffer;
  /** Unprocessed input; always keeps the last (possibly full) block back for the subkey. */
  #pending: Buffer = Buffer.alloc(0);

  constructor(algorithm: number, key: Uint8Array) {
    this.#ecb = openSymmetric(
      { algorithm, key, mode: BlockCipherMode.ECB, padding: PaddingMethod.None },
      true,
    ).session;
    this.#bs = blockSizeOf(algorithm);
    this.#k1 = dbl(this.#ecb.update(Buffer.alloc(this.#bs)));
    this.#k2 = dbl(this.#k1);
    this.#x = Buffer.alloc(this.#bs);
  }

  #block(b: Uint8Array): void {
    this.#x = this.#ecb.update(xorInto(this.#x, b));
  }

  update(data: Uint8Array): this {
    const all = Buffer.concat([this.#pending, data]);
    let i = 0;
    while (all.length - i > this.#bs) {
      this.#block(all.subarray(i, i + this.#bs));
      i += this.#bs;
    }
    this.#pending = all.subarray(i);
    return this;
  }

  digest(): Buffer {
    const last = this.#pending;
    let m: Buffer;
    if (last.length === this.#bs) {
      m = xorInto(last, this.#k1);
    } else {
      const padded = Buffer.alloc(this.#bs);
      last.copy(padded);
      padded[last.length] = 0x80;
      m = xorInto(padded, this.#k2);
    }
    this.#block(m);
    return this.#x;
  }
}

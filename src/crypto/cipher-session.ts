// One encryption or decryption in progress: single-part requests open, update once and finish;
// streamed ones (Init Indicator / Correlation Value / Final Indicator, KMIP 2.1 §6.1.17) keep the
// session between requests. OpenSSL does the cipher; padding is done here so that PKCS5, X9.23 and
// ISO 10126 behave alike, and CTR for 64-bit block ciphers (which OpenSSL lacks) is built on ECB.
import { createCipheriv, createDecipheriv } from 'node:crypto';
import type { Cipher, CipherGCM, Decipher, DecipherGCM } from 'node:crypto';
import { KmipError } from '../messages/kmip-error.js';
import { PaddingMethod, ResultReason } from '../spec/generated/enums.js';
import { paddingFor, unpad } from './padding.js';

export interface CipherSession {
  update(data: Uint8Array): Buffer;
  final(): Buffer;
  /** The authentication tag of a finished AEAD encryption. */
  tag(): Buffer | undefined;
}

export function cryptoFailure(what: string, err: unknown): KmipError {
  const detail = err instanceof Error ? `: ${err.message}` : '';
  return new KmipError(ResultReason.CryptographicFailure, `${what} failed${detail}`);
}

function guard<T>(what: string, f: () => T): T {
  try {
    return f();
  } catch (err) {
    if (err instanceof KmipError) throw err;
    throw cryptoFailure(what, err);
  }
}

export interface NodeCipherSpec {
  readonly name: string;
  readonly key: Uint8Array;
  readonly iv: Uint8Array | null;
  readonly encrypt: boolean;
  /** AEAD only. */
  readonly tagLength?: number;
  readonly aad?: Uint8Array;
  /** AEAD decryption only. */
  readonly tag?: Uint8Array;
}

function makeNodeCipher(spec: NodeCipherSpec): Cipher | Decipher {
  return guard('setting up the cipher', () => {
    const opts = spec.tagLength === undefined ? undefined : { authTagLength: spec.tagLength };
    const c = spec.encrypt
      ? createCipheriv(spec.name, spec.key, spec.iv, opts as never)
      : createDecipheriv(spec.name, spec.key, spec.iv, opts as never);
    c.setAutoPadding(false);
    if (spec.tag !== undefined) (c as DecipherGCM).setAuthTag(spec.tag);
    if (spec.aad !== undefined && spec.aad.length > 0) (c as CipherGCM).setAAD(spec.aad);
    return c;
  });
}

/** Stream modes (CFB, OFB, CTR, RC4, ChaCha20) and AEAD modes: OpenSSL as it is. */
export class NodeStreamSession implements CipherSession {
  readonly #c: Cipher | Decipher;
  readonly #aead: boolean;
  #tag: Buffer | undefined;
  constructor(spec: NodeCipherSpec) {
    this.#c = makeNodeCipher(spec);
    this.#aead = spec.tagLength !== undefined && spec.encrypt;
  }
  update(data: Uint8Array): Buffer {
    return guard('the cipher', () => this.#c.update(data));
  }
  final(): Buffer {
    const out = guard('authenticating or finishing the data', () => this.#c.final());
    if (this.#aead) this.#tag = (this.#c as CipherGCM).getAuthTag();
    return out;
  }
  tag(): Buffer | undefined {
    return this.#tag;
  }
}

/** ECB and CBC with the padding method applied here (OpenSSL's own padding is switched off). */
export class PaddedBlockSession implements CipherSession {
  readonly #c: Cipher | Decipher;
  readonly #encrypt: boolean;
  readonly #padding: number;
  readonly #blockSize: number;
  #length = 0;
  /** Decryption holds back the last whole block until final, where the padding is. */
  #held: Buffer = Buffer.alloc(0);
  constructor(spec: NodeCipherSpec, padding: number, blockSize: number) {
    this.#c = makeNodeCipher(spec);
    this.#encrypt = spec.encrypt;
    this.#padding = padding;
    this.#blockSize = blockSize;
  }
  update(data: Uint8Array): Buffer {
    this.#length += data.length;
    const out = guard('the cipher', () => this.#c.update(data));
    if (this.#encrypt) return out;
    const all = Buffer.concat([this.#held, out]);
    const keep = Math.min(all.length, this.#blockSize);
    this.#held = all.subarray(all.length - keep);
    return all.subarray(0, all.length - keep);
  }
  final(): Buffer {
    if (this.#encrypt) {
      const pad = paddingFor(this.#padding, this.#length, this.#blockSize);
      return Buffer.concat([guard('the cipher', () => this.#c.update(pad)), this.#final()]);
    }
    return unpad(this.#padding, Buffer.concat([this.#held, this.#final()]), this.#blockSize);
  }
  #final(): Buffer {
    const padded = this.#encrypt && this.#padding !== PaddingMethod.None;
    if (!padded && this.#length % this.#blockSize !== 0) {
      throw new KmipError(
        ResultReason.CryptographicFailure,
        `the data length ${this.#length} is not a multiple of the ${this.#blockSize}-byte block and no padding was asked for`,
      );
    }
    return guard('the cipher', () => this.#c.final());
  }
  tag(): undefined {
    return undefined;
  }
}

/** CTR over an ECB cipher (SP 800-38A §6.5): the whole block is the counter, incremented big-endian. */
export class EcbCounterSession implements CipherSession {
  readonly #ecb: Cipher;
  readonly #counter: Buffer;
  #stream: Buffer = Buffer.alloc(0);
  constructor(ecbName: string, key: Uint8Array, counter: Uint8Array) {
    this.#ecb = makeNodeCipher({ name: ecbName, key, iv: null, encrypt: true });
    this.#counter = Buffer.from(counter);
  }
  update(data: Uint8Array): Buffer {
    const bs = this.#counter.length;
    const blocks: Buffer[] = [this.#stream];
    let have = this.#stream.length;
    while (have < data.length) {
      blocks.push(this.#ecb.update(this.#counter));
      have += bs;
      for (let i = bs - 1; i >= 0; i--) {
        this.#counter[i] = ((this.#counter[i] ?? 0) + 1) & 0xff;
        if (this.#counter[i] !== 0) break;
      }
    }
    const ks = Buffer.concat(blocks);
    const out = Buffer.alloc(data.length);
    for (let i = 0; i < data.length; i++) out[i] = (data[i] ?? 0) ^ (ks[i] ?? 0);
    this.#stream = ks.subarray(data.length);
    return out;
  }
  final(): Buffer {
    return Buffer.alloc(0);
  }
  tag(): undefined {
    return undefined;
  }
}

/** Runs a whole single-part operation through a session. */
export function runSession(s: CipherSession, data: Uint8Array): Buffer {
  return Buffer.concat([s.update(data), s.final()]);
}

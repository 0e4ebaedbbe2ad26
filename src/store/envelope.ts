// Key material at rest: each object body is sealed with its own random data key (AES-256-GCM),
// and the data key is wrapped under the master key (AES-256-GCM too; in memory or on a PKCS#11
// token, see KeyWrapper). Rotating the master key
// re-wraps data keys only. The unique identifier is bound as additional data, so a sealed body
// moved to another row fails to open.
//
// Layout: 0x01 | key-id length (1) | key id | wrap iv (12) | wrapped key (32) | wrap tag (16)
//         | body iv (12) | body tag (16) | ciphertext
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { freshNonce } from '../crypto/nonce-pool.js';

export interface MasterKey {
  readonly id: string;
  readonly key: Buffer;
}

/**
 * What wraps the per-object data keys: a master key in memory, or one that never leaves a token
 * (pkcs11-master-key.ts). `wrap` returns the 60 bytes the layout holds: iv (12) | wrapped key
 * (32) | tag (16), AES-256-GCM with `aad`; `unwrap` reverses it and throws when it does not open.
 */
export interface KeyWrapper {
  readonly id: string;
  wrap(dataKey: Buffer, aad: Buffer): Buffer;
  unwrap(wrapped: Buffer, aad: Buffer): Buffer;
}

/** A master key as the envelope takes it: key bytes, or a wrapper that keeps them elsewhere. */
export type EnvelopeKey = MasterKey | KeyWrapper;

const VERSION = 0x01;

function gcmSeal(key: Buffer, plain: Uint8Array, aad: Uint8Array): { iv: Buffer; ct: Buffer; tag: Buffer } {
  const iv = freshNonce(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(aad);
  const ct = Buffer.concat([c.update(plain), c.final()]);
  return { iv, ct, tag: c.getAuthTag() };
}

function gcmOpen(key: Buffer, iv: Uint8Array, ct: Uint8Array, tag: Uint8Array, aad: Uint8Array): Buffer {
  const d = createDecipheriv('aes-256-gcm', key, iv);
  d.setAAD(aad);
  d.setAuthTag(tag);
  return Buffer.concat([d.update(ct), d.final()]);
}

/** A short public identifier of a master key, derived from it (not secret-revealing). */
export function masterKeyId(key: Buffer): string {
  return createHash('sha256').update('kmip-ts master key id').update(key).digest('hex').slice(0, 16);
}

/** The software key wrapper: AES-256-GCM under a master key held in memory. */
export function softwareKeyWrapper(master: MasterKey): KeyWrapper {
  if (master.key.length !== 32) throw new Error(`master key ${master.id} is not 32 bytes`);
  return {
    id: master.id,
    wrap(dataKey, aad) {
      const w = gcmSeal(master.key, dataKey, aad);
      return Buffer.concat([w.iv, w.ct, w.tag]);
    },
    unwrap(wrapped, aad) {
      return gcmOpen(
        master.key,
        wrapped.subarray(0, 12),
        wrapped.subarray(12, 44),
        wrapped.subarray(44, 60),
        aad,
      );
    },
  };
}

const toWrapper = (k: EnvelopeKey): KeyWrapper => ('wrap' in k ? k : softwareKeyWrapper(k));

export interface EnvelopeOptions {
  /**
   * Reads the configured keys again; called when a blob names a key this envelope has not loaded
   * (another process rotated the master key), before giving up.
   */
  readonly reload?: () => readonly EnvelopeKey[];
}

export class Envelope {
  #current: KeyWrapper;
  #byId: Map<string, KeyWrapper>;
  readonly #reload: (() => readonly EnvelopeKey[]) | undefined;

  /** `keys[0]` seals; every key listed can open (older keys during a rotation). */
  constructor(keys: readonly EnvelopeKey[], options: EnvelopeOptions = {}) {
    [this.#current, this.#byId] = checkedKeys(keys);
    this.#reload = options.reload;
  }

  get currentKeyId(): string {
    return this.#current.id;
  }

  /** The ids of every loaded key, the sealing one first. */
  get keyIds(): string[] {
    return [this.#current.id, ...[...this.#byId.keys()].filter((id) => id !== this.#current.id)];
  }

  /** Replaces the keys (master key rotation): `keys[0]` seals from now on. */
  setKeys(keys: readonly EnvelopeKey[]): void {
    [this.#current, this.#byId] = checkedKeys(keys);
  }

  /** Whether a sealed blob's data key is wrapped under the current master key. */
  isCurrent(sealed: Uint8Array): boolean {
    return Envelope.keyIdOf(sealed) === this.#current.id;
  }

  /** The bytes a blob sealed under the current key has at offset 1: key-id length, key id. */
  currentKeyPrefix(): Buffer {
    const id = Buffer.from(this.#current.id, 'utf8');
    return Buffer.concat([Buffer.from([id.length]), id]);
  }

  /** The key a blob names, reloading the configured keys once if it is not loaded. */
  #keyFor(id: string): KeyWrapper {
    let key = this.#byId.get(id);
    if (key === undefined && this.#reload !== undefined) {
      try {
        this.setKeys(this.#reload());
      } catch {
        // An unreadable key file keeps the keys already loaded.
      }
      key = this.#byId.get(id);
    }
    if (key === undefined) throw new Error(`sealed under master key ${id}, which is not loaded`);
    return key;
  }

  seal(plain: Uint8Array, aad: string): Buffer {
    const aadBytes = Buffer.from(aad, 'utf8');
    const dataKey = randomBytes(32);
    const body = gcmSeal(dataKey, plain, aadBytes);
    return Buffer.concat([this.#wrappedKeyHeader(dataKey, aadBytes), body.iv, body.tag, body.ct]);
  }

  open(sealed: Uint8Array, aad: string): Buffer {
    const b = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
    const aadBytes = Buffer.from(aad, 'utf8');
    const { dataKey, bodyStart: p } = this.#unwrapDataKey(b, aadBytes);
    return gcmOpen(dataKey, b.subarray(p, p + 12), b.subarray(p + 28), b.subarray(p + 12, p + 28), aadBytes);
  }

  /** The key id a sealed blob was wrapped under (for rotation). */
  static keyIdOf(sealed: Uint8Array): string {
    const idLen = sealed[1] ?? 0;
    return Buffer.from(sealed.subarray(2, 2 + idLen)).toString('utf8');
  }

  /** Re-wraps the data key under the current master key; the ciphertext is untouched. */
  rewrap(sealed: Uint8Array, aad: string): Buffer {
    const b = Buffer.from(sealed);
    const aadBytes = Buffer.from(aad, 'utf8');
    const { dataKey, bodyStart } = this.#unwrapDataKey(b, aadBytes);
    return Buffer.concat([this.#wrappedKeyHeader(dataKey, aadBytes), b.subarray(bodyStart)]);
  }

  /** Version, key id and the data key wrapped under the current master key. */
  #wrappedKeyHeader(dataKey: Buffer, aad: Buffer): Buffer {
    const wrapped = this.#current.wrap(dataKey, aad);
    if (wrapped.length !== 60)
      throw new Error(`master key ${this.#current.id} wrapped to ${wrapped.length} bytes, not 60`);
    const id = Buffer.from(this.#current.id, 'utf8');
    return Buffer.concat([Buffer.from([VERSION, id.length]), id, wrapped]);
  }

  /** The data key of a sealed blob, and where its body (iv, tag, cipher text) starts. */
  #unwrapDataKey(b: Buffer, aad: Buffer): { dataKey: Buffer; bodyStart: number } {
    if (b[0] !== VERSION) throw new Error('sealed blob has an unknown version');
    const idLen = b[1] ?? 0;
    const key = this.#keyFor(b.subarray(2, 2 + idLen).toString('utf8'));
    const p = 2 + idLen;
    const dataKey = key.unwrap(b.subarray(p, p + 60), aad);
    return { dataKey, bodyStart: p + 60 };
  }
}

function checkedKeys(keys: readonly EnvelopeKey[]): [KeyWrapper, Map<string, KeyWrapper>] {
  const wrappers = keys.map(toWrapper);
  const first = wrappers[0];
  if (first === undefined) throw new Error('at least one master key is needed');
  return [first, new Map(wrappers.map((k) => [k.id, k]))];
}

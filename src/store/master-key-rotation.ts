// Master key rotation without downtime. The key file lists the new key first and the old ones
// after it (kmip-server rotate-master-key writes it so); every key listed can open, the first
// seals. Re-wrapping a body replaces only its wrapped data key (envelope.ts), batch by batch,
// each row only if it is unchanged since it was read, so several processes (the rotate command,
// the server, cluster workers) may re-wrap at once. A running server notices the new key file by
// itself (it polls the file, and re-reads it when it meets a key id it has not loaded), re-wraps
// what it still sealed under an old key, and reseals the key check once nothing is left.
import { statSync } from 'node:fs';
import type { Logger } from '../log/logger.js';
import type { Envelope, EnvelopeKey } from './envelope.js';

export interface RewrapBatch {
  /** The last row looked at (the cursor for the next batch). */
  readonly lastSeq: number;
  readonly scanned: number;
  readonly rewrapped: number;
  /** Rows that could not be re-wrapped (their key is not loaded, or they do not open). */
  readonly failed: readonly string[];
}

/** What a backend offers for rotation (SQLite: sqlite-store.ts). */
export interface RewrappableStore {
  rewrapStale(afterSeq: number, limit: number): Promise<RewrapBatch>;
  countStale(): Promise<number>;
  resealKeyCheck(): Promise<void>;
}

export function isRewrappable(store: object): store is RewrappableStore {
  const s = store as Partial<RewrappableStore>;
  return (
    typeof s.rewrapStale === 'function' &&
    typeof s.countStale === 'function' &&
    typeof s.resealKeyCheck === 'function'
  );
}

export interface RewrapResult {
  readonly rewrapped: number;
  readonly failed: readonly string[];
  /** Bodies still under an older key after the pass (written meanwhile by a process not yet reloaded). */
  readonly remaining: number;
}

/** One pass over every body; reseals the key check when none is left under an older key. */
export async function rewrapAll(
  store: RewrappableStore,
  opts: { readonly batchSize?: number; readonly stopped?: () => boolean } = {},
): Promise<RewrapResult> {
  const size = opts.batchSize ?? 200;
  let after = 0;
  let rewrapped = 0;
  const failed: string[] = [];
  for (;;) {
    if (opts.stopped?.() === true) break;
    const b = await store.rewrapStale(after, size);
    rewrapped += b.rewrapped;
    failed.push(...b.failed);
    if (b.scanned < size) break;
    after = b.lastSeq;
    // Requests go on between batches (a synchronous backend would otherwise hold the event loop).
    await new Promise((resolve) => setImmediate(resolve));
  }
  const remaining = await store.countStale();
  if (remaining === 0) await store.resealKeyCheck();
  return { rewrapped, failed, remaining };
}

export interface MasterKeyRotationOptions {
  readonly envelope: Envelope;
  readonly store: RewrappableStore;
  /** Reads the configured keys (the key file, or KMIP_MASTER_KEY). */
  readonly load: () => readonly EnvelopeKey[];
  /** The key file to watch; none for keys from the environment. */
  readonly file?: string | undefined;
  /** How often the key file is polled (default 2 s). */
  readonly pollMs?: number;
  readonly log: Logger;
}

/** A running server's side of a rotation. */
export class MasterKeyRotation {
  readonly #o: MasterKeyRotationOptions;
  #running: Promise<void> | undefined;
  #again = false;
  #stopped = false;
  #seen: string;
  #fileStamp = '';
  #timer: NodeJS.Timeout | undefined;
  /** The next pass after one that left bodies under older keys, and how long it waits. */
  #retry: NodeJS.Timeout | undefined;
  #retryMs = 0;

  constructor(o: MasterKeyRotationOptions) {
    this.#o = o;
    this.#seen = o.envelope.keyIds.join(',');
  }

  /**
   * Polls the key file (and the envelope, which re-reads the keys by itself when it meets a key id
   * it has not loaded), and finishes a rotation an earlier run left unfinished.
   */
  start(): void {
    const file = this.#o.file;
    if (file !== undefined) {
      this.#fileStamp = stamp(file);
      this.#timer = setInterval(() => {
        const now = stamp(file);
        if (now !== this.#fileStamp || this.#o.envelope.keyIds.join(',') !== this.#seen) {
          this.#fileStamp = now;
          void this.reload();
        }
      }, this.#o.pollMs ?? 2_000).unref();
    }
    void this.#pass();
  }

  /** Re-reads the keys (SIGHUP, or the key file changed) and re-wraps what is not under the first. */
  async reload(): Promise<void> {
    let keys: readonly EnvelopeKey[];
    try {
      keys = this.#o.load();
    } catch (e) {
      this.#o.log.error('master keys not reloaded: the key file cannot be read', {
        error: (e as Error).message,
      });
      return;
    }
    this.#o.envelope.setKeys(keys);
    // Compared with what this rotation saw last, not with the envelope: the envelope re-reads the
    // keys by itself when it meets a key id it has not loaded. The pass stops when nothing is stale.
    const ids = this.#o.envelope.keyIds.join(',');
    if (ids !== this.#seen) {
      this.#seen = ids;
      this.#o.log.info('master keys reloaded', {
        sealingKey: this.#o.envelope.currentKeyId,
        keys: keys.length,
      });
    }
    await this.#pass();
  }

  /** Stops watching and waits for a pass in progress to reach the end of its batch. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    clearTimeout(this.#retry);
    await this.#running;
  }

  /** Runs a pass, or another one after the current pass when asked during it. */
  #pass(): Promise<void> {
    if (this.#running !== undefined) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      do {
        this.#again = false;
        await this.#rewrap();
      } while (this.#again && !this.#stopped);
      this.#running = undefined;
    })();
    return this.#running;
  }

  async #rewrap(): Promise<void> {
    const { store, envelope, log } = this.#o;
    try {
      if ((await store.countStale()) === 0) return;
      const r = await rewrapAll(store, { stopped: () => this.#stopped });
      for (const f of r.failed.slice(0, 10))
        log.error('master key rotation: a body could not be re-wrapped', { body: f });
      if (r.remaining === 0) {
        this.#retryMs = 0;
        log.info('master key rotation complete: every object key is wrapped under the sealing master key', {
          sealingKey: envelope.currentKeyId,
          rewrapped: r.rewrapped,
        });
      } else {
        const inMs = this.#retryLater();
        log.warn('master key rotation: bodies remain under older master keys; another pass follows', {
          remaining: r.remaining,
          rewrapped: r.rewrapped,
          retryInSeconds: inMs / 1000,
        });
      }
    } catch (e) {
      const inMs = this.#retryLater();
      log.error('master key rotation failed; another pass follows', {
        error: (e as Error).message,
        retryInSeconds: inMs / 1000,
      });
    }
  }

  /**
   * Bodies can stay under an older key after a pass: another worker or node sealed them before it
   * saw the new key file, or re-wrapping one failed (a token busy, a database locked). Another pass
   * follows by itself, sooner at first and then less often (the poll interval, doubling, at most a
   * minute), so a rotation finishes without waiting for the next reload or restart.
   */
  #retryLater(): number {
    this.#retryMs = Math.min(MAX_RETRY_MS, Math.max(this.#o.pollMs ?? 2_000, this.#retryMs * 2));
    clearTimeout(this.#retry);
    if (!this.#stopped) this.#retry = setTimeout(() => void this.#pass(), this.#retryMs).unref();
    return this.#retryMs;
  }
}

const MAX_RETRY_MS = 60_000;

/** What changes when the key file is rewritten (it is replaced by a rename); '' when it is missing. */
function stamp(file: string): string {
  try {
    const st = statSync(file);
    return `${st.ino}:${st.mtimeMs}:${st.size}`;
  } catch {
    return '';
  }
}

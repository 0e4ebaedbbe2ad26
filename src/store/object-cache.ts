// A bounded cache of decoded objects (attributes parsed, body unsealed) for Store.get, the read
// every operation on an object starts with. Each entry remembers the row it was read from (seq,
// which changes when an object is removed and inserted again, and revision, which every update
// bumps), so a backend can tell in one cheap check whether the row is still the same, and trust
// the entry without any check while it knows nothing was written (SQLite: PRAGMA data_version).
// Least recently used entries go first; nothing here grows with the size of the store.
import type { ManagedObject } from '../objects/managed-object.js';

export interface CachedObject {
  readonly obj: ManagedObject;
  readonly seq: number;
  readonly revision: number;
  /** The backend's change counter when the entry was last known current. */
  checkedAt: number;
}

/** Objects each worker keeps decoded (a few KiB each). */
export const DEFAULT_OBJECT_CACHE_SIZE = 4096;

export class ObjectCache {
  readonly #limit: number;
  readonly #entries = new Map<string, CachedObject>();

  constructor(limit: number = DEFAULT_OBJECT_CACHE_SIZE) {
    this.#limit = Math.max(0, limit);
  }

  get size(): number {
    return this.#entries.size;
  }

  get(uid: string): CachedObject | undefined {
    const e = this.#entries.get(uid);
    if (e === undefined) return undefined;
    // Map iteration order is insertion order: re-inserting marks the entry most recently used.
    this.#entries.delete(uid);
    this.#entries.set(uid, e);
    return e;
  }

  set(uid: string, entry: CachedObject): void {
    if (this.#limit === 0) return;
    this.#entries.delete(uid);
    this.#entries.set(uid, entry);
    if (this.#entries.size > this.#limit) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
  }

  delete(uid: string): void {
    this.#entries.delete(uid);
  }

  clear(): void {
    this.#entries.clear();
  }
}

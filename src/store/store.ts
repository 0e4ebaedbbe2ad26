// The storage interface. Backends (SQLite, PostgreSQL) implement it; the engine never sees SQL.
// Every method is asynchronous so a networked backend fits behind it unchanged. A write resolves
// only once it is durable: the engine sends no response before that.
import type { ManagedObject } from '../objects/managed-object.js';
import type { LocateQuery, LocateResult } from './locate-query.js';

/** Settings live in the meta table under this prefix, apart from the store's own entries. */
export const SETTING_PREFIX = 'setting:';

export class ConcurrentUpdateError extends Error {
  override readonly name = 'ConcurrentUpdateError';
}

export interface Store {
  /** Inserts a new object (revision 1). */
  insert(obj: ManagedObject): Promise<void>;
  /** The object, or undefined when it does not exist. Decrypts the body. */
  get(uid: string): Promise<ManagedObject | undefined>;
  /**
   * Replaces an object whose stored revision is `obj.revision - 1`; throws ConcurrentUpdateError
   * when another writer got there first.
   */
  update(obj: ManagedObject): Promise<void>;
  /** Removes an object and all its data (used for Undo of a Create, and for purging). */
  remove(uid: string): Promise<void>;
  /**
   * The Unique Identifiers of the visible objects meeting every criterion, newest first, a page
   * of them, and their count when asked (locate-query.ts). Answered from indexes: its cost grows
   * with what the caller may see and what matches, not with the size of the store.
   */
  locate(query: LocateQuery): Promise<LocateResult>;
  /** A server setting kept beside the objects (the Constraints a client set), or undefined. */
  getSetting(key: string): Promise<Uint8Array | undefined>;
  /** Stores a server setting durably, replacing the one of that key. */
  putSetting(key: string, value: Uint8Array): Promise<void>;
  /** Flushes and releases resources. */
  close(): Promise<void>;
}

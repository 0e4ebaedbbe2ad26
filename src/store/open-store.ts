// Which backend a server uses: database_url (postgres:// or postgresql://) selects PostgreSQL,
// shared by every node; otherwise the SQLite file at database_path (the default).
import { Envelope, type EnvelopeKey } from './envelope.js';
import { PostgresStore } from './postgres-store.js';
import { SqliteStore } from './sqlite-store.js';
import type { SealedRows } from './export-import.js';
import type { Store } from './store.js';

export interface StoreLocation {
  /** postgres://… selects PostgreSQL; undefined or '' keeps SQLite. */
  readonly databaseUrl?: string | undefined;
  readonly databasePath: string;
  readonly masterKeys: readonly EnvelopeKey[];
  /** Seal with this envelope instead of one made from masterKeys (master key rotation shares it). */
  readonly envelope?: Envelope;
  /** PostgreSQL: errors of idle pooled connections, for the log. */
  readonly onIdleError?: (err: Error) => void;
  /** Live objects one owner may hold (max_objects_per_identity); 0 or absent = no limit. */
  readonly maxObjectsPerOwner?: number;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** Opens the configured backend (PostgreSQL: connects, migrates, checks the master key). */
export async function openStore(o: StoreLocation): Promise<Store & SealedRows> {
  const envelope = o.envelope ?? new Envelope(o.masterKeys);
  const url = o.databaseUrl ?? '';
  const limit = o.maxObjectsPerOwner ?? 0;
  if (url === '') return new SqliteStore({ path: o.databasePath, envelope, maxObjectsPerOwner: limit });
  if (!isPostgresUrl(url)) {
    throw new Error(`database_url ${redactUrl(url)}: only postgres:// and postgresql:// URLs are supported`);
  }
  return PostgresStore.open({
    connectionString: url,
    envelope,
    maxObjectsPerOwner: limit,
    ...(o.onIdleError !== undefined ? { onIdleError: o.onIdleError } : {}),
  });
}

/** The URL with any password replaced by ***, for logs and messages. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/?#@]*):[^@/?#]*@/i, '$1:***@');
}

/** Where the store lives, for the log: the redacted URL or the SQLite path. */
export function describeStore(o: Pick<StoreLocation, 'databaseUrl' | 'databasePath'>): string {
  return o.databaseUrl !== undefined && o.databaseUrl !== '' ? redactUrl(o.databaseUrl) : o.databasePath;
}

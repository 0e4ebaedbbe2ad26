// The web console's server page (GET /ui/api/server): version, uptime, workers, connections,
// requests per second and errors by operation (from the metrics, summed over a cluster's
// workers), the store and how many objects it holds, the master key and its rotation, the
// operation policies in force. Counting objects and stale keys scans the objects table, so those
// answers are reused for `slowTtlMs` (the metrics' object counts are kept as long).
import { stat } from 'node:fs/promises';
import { enumValueName } from '../spec/registry.js';
import type { Envelope } from '../store/envelope.js';
import { isRewrappable } from '../store/master-key-rotation.js';
import type { ObjectCount } from '../store/store-health.js';
import { isObservable } from '../store/store-health.js';
import type { Store } from '../store/store.js';
import type {
  MasterKeyInfo,
  ObjectCountInfo,
  PolicyInfo,
  RateSample,
  ServerInfoReply,
} from './console-api.js';
import { summarizeMetrics, type MetricsJson } from './metrics-summary.js';

/** What the whole node (one process, or a cluster's primary over its workers) reports. */
export interface NodeStats {
  readonly metrics: MetricsJson;
  readonly rate: readonly RateSample[];
  /** ISO 8601 start of the node's first process. */
  readonly startedAt: string;
  readonly workers: { readonly configured: number; readonly reporting: number };
}

export const MasterKeySource = Object.freeze({
  File: 'file',
  Environment: 'environment',
  Pkcs11: 'pkcs11',
} as const);
export type MasterKeySource = (typeof MasterKeySource)[keyof typeof MasterKeySource];

export interface ServerFactsSources {
  readonly version: string;
  readonly nodeStats: () => Promise<NodeStats>;
  readonly store: Store;
  /** The SQLite path or the redacted PostgreSQL URL. */
  readonly storeKind: string;
  /** The SQLite file, to report its size; undefined for PostgreSQL. */
  readonly databasePath?: string | undefined;
  readonly envelope: Envelope;
  readonly masterKeySource: MasterKeySource;
  readonly masterKeyFile?: string | undefined;
  readonly policies: () => PolicyInfo[];
  readonly auditLog: boolean;
  readonly slowTtlMs?: number;
  readonly now?: () => number;
}

async function fileBytes(path: string): Promise<number | undefined> {
  let total: number | undefined;
  for (const p of [path, `${path}-wal`]) {
    try {
      total = (total ?? 0) + (await stat(p)).size;
    } catch {
      // No WAL file (or no database yet).
    }
  }
  return total;
}

function countInfo(c: ObjectCount): ObjectCountInfo {
  return {
    objectType: enumValueName('ObjectType', c.objectType) ?? String(c.objectType),
    state: c.state === undefined ? 'None' : (enumValueName('State', c.state) ?? String(c.state)),
    count: c.count,
  };
}

/** Answers the server page, reusing the slow counts for a while. */
export function serverFacts(s: ServerFactsSources): () => Promise<ServerInfoReply> {
  const now = (): number => s.now?.() ?? Date.now();
  let slow: { at: number; value: Promise<{ objects: ObjectCountInfo[]; stale?: number }> } | undefined;
  const slowCounts = (): Promise<{ objects: ObjectCountInfo[]; stale?: number }> => {
    if (slow === undefined || now() - slow.at >= (s.slowTtlMs ?? 30_000)) {
      const value = (async () => {
        const objects = isObservable(s.store) ? (await s.store.countObjects()).map(countInfo) : [];
        const stale = isRewrappable(s.store) ? await s.store.countStale() : undefined;
        return { objects, ...(stale === undefined ? {} : { stale }) };
      })();
      slow = { at: now(), value };
      // A failure is not kept: the next page load asks again.
      value.catch(() => (slow = undefined));
    }
    return slow.value;
  };

  return async () => {
    const [stats, counts, bytes, keyFile] = await Promise.all([
      s.nodeStats(),
      slowCounts(),
      s.databasePath === undefined ? undefined : fileBytes(s.databasePath),
      s.masterKeyFile === undefined ? undefined : stat(s.masterKeyFile).catch(() => undefined),
    ]);
    const m = summarizeMetrics(stats.metrics);
    const masterKey: MasterKeyInfo = {
      source: s.masterKeySource,
      sealingKeyId: s.envelope.currentKeyId,
      olderKeys: s.envelope.keyIds.length - 1,
      ...(counts.stale === undefined ? {} : { staleObjects: counts.stale }),
      ...(keyFile === undefined ? {} : { keyFileChanged: keyFile.mtime.toISOString() }),
    };
    return {
      version: s.version,
      startedAt: stats.startedAt,
      uptimeSeconds: Math.max(0, Math.floor((now() - Date.parse(stats.startedAt)) / 1000)),
      workers: stats.workers,
      connections: m.connections,
      connectionsAccepted: m.connectionsAccepted,
      requestsTotal: m.requestsTotal,
      errorsTotal: m.errorsTotal,
      rate: stats.rate,
      errors: m.errors,
      store: { kind: s.storeKind, objects: counts.objects, ...(bytes === undefined ? {} : { bytes }) },
      masterKey,
      policies: s.policies(),
      auditLog: s.auditLog,
    };
  };
}

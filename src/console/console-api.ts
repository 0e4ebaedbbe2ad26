// The JSON the web console's page reads from the server besides KMIP (GET /ui/api/session,
// /ui/api/server, /ui/api/audit). Types only: the browser code (console/) imports them too, so
// both ends agree on every field. Objects, their attributes and every action go through
// POST /ui/api/kmip as KMIP JSON messages (KMIP Additional Message Encodings 1.0 §3), not here.

export interface SessionInfo {
  readonly identity: string;
  readonly via: 'certificate' | 'token';
  /** Sent back in the X-CSRF-Token header of every POST. */
  readonly csrf: string;
  /** May read the server page and every identity's audit records (console_admins). */
  readonly admin: boolean;
  /** ISO 8601: when the session ends unless it is used. */
  readonly expires: string;
}

export interface ObjectCountInfo {
  readonly objectType: string;
  readonly state: string;
  readonly count: number;
}

export interface RateSample {
  /** ISO 8601 end of the interval. */
  readonly at: string;
  readonly requestsPerSecond: number;
  readonly errorsPerSecond: number;
}

export interface OperationErrors {
  readonly operation: string;
  readonly reason: string;
  readonly count: number;
}

export interface PolicyInfo {
  readonly name: string;
  readonly builtin: boolean;
  /** Object type -> operation -> permission, in policy-file spelling (SYMMETRIC_KEY, GET, ALLOW_OWNER). */
  readonly preset?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly groups?: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, string>>>>>>;
}

export interface MasterKeyInfo {
  /** Where the keys come from: 'file', 'environment' or 'pkcs11'. */
  readonly source: string;
  readonly sealingKeyId: string;
  /** Older keys still loaded to open what they sealed (a rotation not yet retired). */
  readonly olderKeys: number;
  /** Object keys still wrapped under an older master key; undefined when the store cannot say. */
  readonly staleObjects?: number;
  /** ISO 8601: when the key file was last written (its rotation, or its creation). */
  readonly keyFileChanged?: string;
}

export interface ServerInfoReply {
  readonly version: string;
  readonly startedAt: string;
  readonly uptimeSeconds: number;
  readonly workers: { readonly configured: number; readonly reporting: number };
  /** Open connections by listener (ttlv, https). */
  readonly connections: Readonly<Record<string, number>>;
  readonly connectionsAccepted: number;
  readonly requestsTotal: number;
  readonly errorsTotal: number;
  readonly rate: readonly RateSample[];
  readonly errors: readonly OperationErrors[];
  readonly store: {
    readonly kind: string;
    readonly objects: readonly ObjectCountInfo[];
    /** Bytes on disk (SQLite file and its WAL); undefined for PostgreSQL. */
    readonly bytes?: number;
  };
  readonly masterKey: MasterKeyInfo;
  readonly policies: readonly PolicyInfo[];
  readonly auditLog: boolean;
}

export interface AuditRecordInfo {
  readonly seq: number;
  readonly time: string;
  readonly identity: string;
  readonly operation: string | null;
  readonly uids: readonly string[];
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
  /** Which file it is in: each worker process keeps its own chain. */
  readonly file: string;
}

export interface AuditChainInfo {
  readonly file: string;
  readonly ok: boolean;
  readonly records: number;
  /** The head hash when intact; the first bad line and why otherwise. */
  readonly head?: string;
  readonly line?: number;
  readonly reason?: string;
}

export interface AuditReply {
  /** False when the server keeps no audit log (audit_log unset). */
  readonly enabled: boolean;
  /** Newest first, at most `limit`. */
  readonly records: readonly AuditRecordInfo[];
  /** Older matching records exist beyond these. */
  readonly more: boolean;
  readonly chains: readonly AuditChainInfo[];
  /** The filter applied; a non-admin's identity filter is always their own. */
  readonly filter: { readonly identity?: string; readonly operation?: string; readonly object?: string };
}

/** The body of a refusal from /ui/api/* (other than KMIP, which answers in KMIP). */
export interface ApiError {
  readonly error: string;
}

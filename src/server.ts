// Assembles a running KMIP server from resolved settings: the store (SQLite, or PostgreSQL shared
// by several nodes; keys sealed under the master key), the operation policies (hot-reloaded), the
// engine and the TLS listener.
// The CLI and the tests both start servers through here.
import type { TLSSocket, TlsOptions } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { Engine, type AuditEvent } from './engine/engine.js';
import type { Logger } from './engine/logger.js';
import { PolicyRegistry, policyAccessControl } from './engine/policy/index.js';
import { OPERATION_HANDLERS } from './operations/dispatch.js';
import { openStore } from './store/open-store.js';
import { Envelope, type EnvelopeKey } from './store/envelope.js';
import { MasterKeyRotation, isRewrappable } from './store/master-key-rotation.js';
import { AuditLog } from './audit/audit-log.js';
import type { Store } from './store/store.js';
import { StoreHealth, storeFault, withStoreHealth, type StoreHealthState } from './store/store-health.js';
import { KmipListener } from './transport/kmip-listener.js';
import { TlsMaterial } from './transport/tls-material.js';
import { clientIdentity } from './transport/identity.js';
import { OBJECT_TAG_BY_TYPE } from './engine/object-types.js';
import { createAuthenticator, type AuthPluginConfig } from './auth/authenticator.js';
import { localAdmission, RequestRateLimiter, type RequestAdmission } from './engine/request-rate.js';

export interface KmipServerOptions {
  readonly host: string;
  readonly port: number;
  /** Fixed options, or the TLS material source a reload rereads (shared with other listeners). */
  readonly tls: TlsOptions | TlsMaterial;
  readonly enableTlsClientAuth: boolean;
  readonly databasePath: string;
  readonly masterKeys: readonly EnvelopeKey[];
  /** Where masterKeys came from, to follow a master key rotation while running. */
  readonly masterKeySource?: {
    readonly load: () => readonly EnvelopeKey[];
    /** The key file, polled for changes every pollMs (default 2 s). */
    readonly file?: string | undefined;
    readonly pollMs?: number;
  };
  readonly policyPath?: string | undefined;
  readonly log: Logger;
  /** Appends one hash-chained JSON line per operation to this file (src/audit). */
  readonly auditLog?: string | undefined;
  readonly maxMessageSize?: number;
  readonly maxConnections?: number;
  readonly idleTimeoutMs?: number;
  readonly handshakeTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  /** postgres://… selects the PostgreSQL backend (shared by several nodes); else SQLite. */
  readonly databaseUrl?: string | undefined;
  /** Requests one identity may send per second (0 or absent: no limit), in this process. */
  readonly maxRequestsPerSecond?: number;
  /** Decides on each request instead (the workers of a server share their primary's buckets). */
  readonly admission?: RequestAdmission;
  /** Live objects one identity may own (0 or absent: no limit); the database enforces it. */
  readonly maxObjectsPerIdentity?: number;
  /** Supplies a store directly (tests); wins over databaseUrl and databasePath. */
  readonly store?: Store;
  /** The `[auth:…]` sections of server.conf (SLUGS); none enabled = certificate identity only. */
  readonly authPlugins?: readonly AuthPluginConfig[];
  /** How long SLUGS answers are reused (default 30 s; 0 = ask on every request). */
  readonly authCacheTtlMs?: number;
  /** Deadline of one SLUGS lookup (default 10 s). */
  readonly authTimeoutMs?: number;
}

export interface RunningServer {
  readonly address: AddressInfo;
  readonly engine: Engine;
  readonly store: Store;
  /** Whether the database answers (for /readyz): down while it cannot be reached or written. */
  health(): StoreHealthState;
  /** Re-reads the master keys (SIGHUP) and re-wraps object keys when the sealing key changed. */
  reloadMasterKeys(): Promise<void>;
  /**
   * SIGHUP: rereads the TLS material (certificate, key, CA bundle, CRLs; kept when unusable) and
   * the master keys; logs what happened. Resolves with whether the TLS material was taken.
   */
  reload(): Promise<boolean>;
  close(): Promise<void>;
}

export async function startKmipServer(o: KmipServerOptions): Promise<RunningServer> {
  // First: an unusable [auth:…] section stops the start before anything is opened.
  const authenticate = createAuthenticator(o.authPlugins ?? [], {
    log: o.log,
    cacheTtlMs: o.authCacheTtlMs,
    timeoutMs: o.authTimeoutMs,
  });
  const holder: { health?: StoreHealth } = {};
  const source = o.masterKeySource;
  const envelope = new Envelope(o.masterKeys, source === undefined ? {} : { reload: source.load });
  const store =
    o.store ??
    (await openStore({
      databaseUrl: o.databaseUrl,
      databasePath: o.databasePath,
      masterKeys: o.masterKeys,
      envelope,
      maxObjectsPerOwner: o.maxObjectsPerIdentity ?? 0,
      onIdleError: (e) => {
        if (storeFault(e) !== undefined) holder.health?.failed(e);
        else o.log.warn('PostgreSQL connection lost', { error: e.message });
      },
    }));
  const health = new StoreHealth({ log: o.log, probe: () => probeStore(store) });
  holder.health = health;
  // The engine's view of the store: database faults become StoreUnavailableError and health.
  const served = withStoreHealth(store, health);
  const rotation =
    source !== undefined && o.store === undefined && isRewrappable(store)
      ? new MasterKeyRotation({ envelope, store, log: o.log, ...source })
      : undefined;
  const audit = o.auditLog === undefined ? undefined : new AuditLog(o.auditLog, o.log);
  const policies = new PolicyRegistry({ policyPath: o.policyPath, logger: o.log });
  await policies.start();
  const rate = o.maxRequestsPerSecond ?? 0;
  const admission = o.admission ?? (rate > 0 ? localAdmission(new RequestRateLimiter(rate)) : undefined);
  const engine = new Engine({
    store: served,
    access: policyAccessControl(policies, o.log),
    handlers: OPERATION_HANDLERS,
    server: {
      vendorIdentification: 'kmip-ts',
      serverInformation: 'kmip-ts KMIP server',
      operations: [...OPERATION_HANDLERS.keys()],
      objectTypes: [...OBJECT_TAG_BY_TYPE.keys()],
    },
    log: o.log,
    ...(o.maxMessageSize !== undefined ? { maxMessageSize: o.maxMessageSize } : {}),
    ...(authenticate !== undefined ? { authenticate } : {}),
    ...(admission !== undefined ? { admission } : {}),
    ...(audit !== undefined ? { audit: (e: AuditEvent) => audit.append(e) } : {}),
  });
  const material = o.tls instanceof TlsMaterial ? o.tls : TlsMaterial.fixed(o.tls);
  const listener = new KmipListener({
    tls: material,
    host: o.host,
    port: o.port,
    engine,
    identify: (socket: TLSSocket) => {
      const cert = socket.getPeerCertificate(false);
      return clientIdentity(cert, o.enableTlsClientAuth);
    },
    log: o.log,
    ...(o.maxMessageSize !== undefined ? { maxMessageSize: o.maxMessageSize } : {}),
    ...(o.maxConnections !== undefined ? { maxConnections: o.maxConnections } : {}),
    ...(o.idleTimeoutMs !== undefined ? { idleTimeoutMs: o.idleTimeoutMs } : {}),
    ...(o.handshakeTimeoutMs !== undefined ? { handshakeTimeoutMs: o.handshakeTimeoutMs } : {}),
    ...(o.requestTimeoutMs !== undefined ? { requestTimeoutMs: o.requestTimeoutMs } : {}),
  });
  const address = await listener.listen();
  rotation?.start();
  let closing: Promise<void> | undefined;
  return {
    address,
    engine,
    store,
    health: () => health.state,
    reloadMasterKeys: async () => rotation?.reload(),
    reload: async () => {
      const r = material.reload();
      if (r.ok) {
        o.log.info('TLS certificates reloaded: new connections use them', r.summary);
        for (const w of r.warnings) o.log.warn(w);
      } else {
        o.log.error(`TLS certificates not reloaded; the ones in force stay: ${r.error}`);
      }
      await rotation?.reload();
      return r.ok;
    },
    close: () => {
      closing ??= (async () => {
        await rotation?.stop();
        await listener.close();
        audit?.close();
        policies.close();
        health.close();
        await store.close();
      })();
      return closing;
    },
  };
}

/** A write that changes nothing, when the backend has one; else a read. */
function probeStore(store: Store): Promise<unknown> {
  const p = (store as Partial<{ probe(): Promise<void> }>).probe;
  return typeof p === 'function' ? p.call(store) : store.get('kmip-ts-health-probe');
}

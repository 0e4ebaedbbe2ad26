// Assembles a running KMIP server from resolved settings: the store (SQLite, or PostgreSQL shared
// by several nodes; keys sealed under the master key), the operation policies (hot-reloaded), the
// engine, the TLS listener, the HTTPS listener (https_port) on the same TLS options, the request
// log and metrics, the admin listener (/metrics, /healthz, /readyz) of a one-process server, and
// the web console under /ui/ on the HTTPS listener (server-console.ts).
// The CLI and the tests both start servers through here.
import type { TLSSocket, TlsOptions } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { Engine, type AuditEvent } from './engine/engine.js';
import type { Logger } from './log/logger.js';
import { PolicyRegistry, policyAccessControl } from './engine/policy/index.js';
import { OPERATIONS } from './operations/dispatch.js';
import { openStore } from './store/open-store.js';
import type { Route } from './transport/http-router.js';
import { Envelope, type EnvelopeKey } from './store/envelope.js';
import { MasterKeyRotation, isRewrappable } from './store/master-key-rotation.js';
import { AuditLog } from './audit/audit-log.js';
import type { Store } from './store/store.js';
import {
  StoreAvailability,
  storeFault,
  withStoreAvailability,
  type StoreAvailabilityState,
} from './store/store-availability.js';
import { KmipListener, LISTENER_DEFAULTS } from './transport/kmip-listener.js';
import { TlsMaterial } from './transport/tls-material.js';
import { clientIdentity } from './transport/identity.js';
import { HttpsListener } from './transport/https-listener.js';
import { HttpRouter } from './transport/http-router.js';
import { certificateIdentity, type RequestIdentity } from './transport/http-identity.js';
import { KMIP_PATH, kmipNotFound, kmipRoute } from './transport/kmip-http-route.js';
import { AdminListener, type Readiness } from './transport/admin-listener.js';
import { ServerMetrics } from './metrics/server-metrics.js';
import { instrumentStore } from './metrics/instrument-store.js';
import { isObservable } from './store/store-health.js';
import { requestLogger } from './audit/request-log.js';
import { consoleSetup, type ConsoleSettings } from './server-console.js';
import { describeStore } from './store/open-store.js';
import { serverReadiness } from './server-readiness.js';
import { OBJECT_TAG_BY_TYPE } from './messages/object-tags.js';
import { Pkcs11Service, serverLibrary } from './operations/support/pkcs11-service.js';
import { moduleLibrary } from './operations/support/pkcs11-module.js';
import {
  createAuthenticator,
  type AuthPluginConfig,
  type AuthenticatorOptions,
} from './auth/authenticator.js';
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
  /** How long a known user's SLUGS answer is reused (default 0: ask on every request). */
  readonly authCacheTtlMs?: number;
  /** Where SLUGS lookups go instead of this process's plugins (a cluster worker: the primary). */
  readonly authLookup?: AuthenticatorOptions['lookup'];
  /** Deadline of one SLUGS lookup (default 10 s). */
  readonly authTimeoutMs?: number;
  /** KMIP over HTTPS (POST /kmip) on this port (0 = any free one); undefined = no HTTPS listener. */
  readonly httpsPort?: number | undefined;
  /** /metrics, /healthz and /readyz on this address; undefined = none (a cluster's primary serves them). */
  readonly admin?: { readonly host: string; readonly port: number } | undefined;
  /** The metrics to count into (default: a registry of this server's own). */
  readonly metrics?: ServerMetrics;
  /** One INFO line per request (default true; false spares the work when INFO is not logged). */
  readonly requestLog?: boolean;
  /** The web console under /ui/ on the HTTPS listener (needs httpsPort); undefined = none. */
  readonly console?: ConsoleSettings | undefined;
  /** A PKCS#11 module the PKCS#11 operation calls (server.conf `pkcs11_module`); else the server answers itself. */
  readonly pkcs11Module?: string | undefined;
}

export interface RunningServer {
  readonly address: AddressInfo;
  /** The HTTPS listener's address, when https_port is set. */
  readonly httpsAddress: AddressInfo | undefined;
  /** The admin listener's address, when one was asked for. */
  readonly adminAddress: AddressInfo | undefined;
  readonly engine: Engine;
  readonly store: Store;
  readonly metrics: ServerMetrics;
  /** Store reachable and writable, master key usable, listeners up (and not stopping). */
  readiness(): Promise<Readiness>;
  /** Whether requests find the database: down while it cannot be reached or written. */
  availability(): StoreAvailabilityState;
  /** New certificates, key or CA for both listeners' new connections (fixed options). */
  setSecureContext(tls: TlsOptions): void;
  /** Re-reads the master keys (SIGHUP) and re-wraps object keys when the sealing key changed. */
  reloadMasterKeys(): Promise<void>;
  /**
   * SIGHUP: rereads the TLS material (certificate, key, CA bundle, CRLs; kept when unusable) and
   * the master keys; logs what happened. Resolves with whether the TLS material was taken.
   */
  reload(): Promise<boolean>;
  close(): Promise<void>;
}

/** The library version C_GetInfo reports for the server itself (the package version, 0.1). */
const SERVER_LIBRARY_VERSION = { major: 0, minor: 1 };

export async function startKmipServer(o: KmipServerOptions): Promise<RunningServer> {
  // First: an unusable [auth:…] section stops the start before anything is opened.
  const authenticate = createAuthenticator(o.authPlugins ?? [], {
    log: o.log,
    cacheTtlMs: o.authCacheTtlMs,
    timeoutMs: o.authTimeoutMs,
    lookup: o.authLookup,
  });
  const holder: { availability?: StoreAvailability } = {};
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
        if (storeFault(e) !== undefined) holder.availability?.failed(e);
        else o.log.warn('PostgreSQL connection lost', { error: e.message });
      },
    }));
  const availability = new StoreAvailability({ log: o.log, probe: () => probeStore(store) });
  holder.availability = availability;
  // The engine's view of the store: database faults become StoreUnavailableError, and tell
  // availability (for readiness) whether the database answers.
  const served = withStoreAvailability(store, availability);
  const rotation =
    source !== undefined && o.store === undefined && isRewrappable(store)
      ? new MasterKeyRotation({ envelope, store, log: o.log, ...source })
      : undefined;
  const audit = o.auditLog === undefined ? undefined : new AuditLog(o.auditLog, o.log);
  const metrics = o.metrics ?? new ServerMetrics();
  if (isObservable(store)) metrics.setObjectCounter(() => store.countObjects());
  const logRequest = o.requestLog === false ? undefined : requestLogger(o.log);
  const policies = new PolicyRegistry({ policyPath: o.policyPath, logger: o.log });
  await policies.start();
  const rate = o.maxRequestsPerSecond ?? 0;
  const admission = o.admission ?? (rate > 0 ? localAdmission(new RequestRateLimiter(rate)) : undefined);
  const pkcs11 = new Pkcs11Service(
    o.pkcs11Module === undefined
      ? serverLibrary('kmip-ts KMIP server', SERVER_LIBRARY_VERSION)
      : await moduleLibrary(o.pkcs11Module),
  );
  const engine = new Engine({
    store: instrumentStore(served, (m, seconds, failed) => metrics.storeCall(m, seconds, failed)),
    access: policyAccessControl(policies, o.log),
    operations: OPERATIONS,
    server: {
      vendorIdentification: 'kmip-ts',
      serverInformation: 'kmip-ts KMIP server',
      objectTypes: [...OBJECT_TAG_BY_TYPE.keys()],
      pkcs11,
    },
    log: o.log,
    ...(o.maxMessageSize !== undefined ? { maxMessageSize: o.maxMessageSize } : {}),
    ...(authenticate !== undefined ? { authenticate } : {}),
    ...(admission !== undefined ? { admission } : {}),
    ...(audit !== undefined ? { audit: (e: AuditEvent) => audit.append(e) } : {}),
    observe: (e) => {
      metrics.requestAnswered(e);
      logRequest?.(e);
    },
  });
  const material = o.tls instanceof TlsMaterial ? o.tls : TlsMaterial.fixed(o.tls);
  const identify = (socket: TLSSocket): ReturnType<typeof clientIdentity> =>
    clientIdentity(socket.getPeerCertificate(false), o.enableTlsClientAuth);
  const listener = new KmipListener({
    tls: material,
    host: o.host,
    port: o.port,
    engine,
    identify,
    log: o.log,
    observer: metrics,
    ...(o.maxMessageSize !== undefined ? { maxMessageSize: o.maxMessageSize } : {}),
    ...(o.maxConnections !== undefined ? { maxConnections: o.maxConnections } : {}),
    ...(o.idleTimeoutMs !== undefined ? { idleTimeoutMs: o.idleTimeoutMs } : {}),
    ...(o.handshakeTimeoutMs !== undefined ? { handshakeTimeoutMs: o.handshakeTimeoutMs } : {}),
    ...(o.requestTimeoutMs !== undefined ? { requestTimeoutMs: o.requestTimeoutMs } : {}),
  });
  const byCertificate = certificateIdentity(identify);
  const web =
    o.console === undefined || o.httpsPort === undefined
      ? undefined
      : consoleSetup(o.console, {
          engine,
          certificate: byCertificate,
          store,
          storeKind: describeStore(o),
          databasePath: o.store === undefined && (o.databaseUrl ?? '') === '' ? o.databasePath : undefined,
          envelope,
          policies,
          metrics,
          auditLog: o.auditLog,
          log: o.log,
          maxMessageSize: o.maxMessageSize ?? LISTENER_DEFAULTS.maxMessageSize,
          requestTimeoutMs: o.requestTimeoutMs ?? LISTENER_DEFAULTS.requestTimeoutMs,
        });
  const https =
    o.httpsPort === undefined
      ? undefined
      : new HttpsListener({
          tls: material,
          // Token sign-in: browsers without a certificate must get through the handshake; every
          // route still takes only a verified certificate as one (http-identity.ts).
          acceptUnverifiedPeers: o.console?.tokensFile !== undefined,
          host: o.host,
          port: o.httpsPort,
          router: httpsRouter(engine, byCertificate, o, web?.routes ?? []),
          log: o.log,
          observer: metrics,
          ...(o.maxConnections !== undefined ? { maxConnections: o.maxConnections } : {}),
          ...(o.idleTimeoutMs !== undefined ? { idleTimeoutMs: o.idleTimeoutMs } : {}),
          ...(o.handshakeTimeoutMs !== undefined ? { handshakeTimeoutMs: o.handshakeTimeoutMs } : {}),
          ...(o.requestTimeoutMs !== undefined ? { requestTimeoutMs: o.requestTimeoutMs } : {}),
        });
  let closing: Promise<void> | undefined;
  const readiness = serverReadiness({
    store,
    availability: () => availability.state,
    envelope,
    listeners: {
      ttlv: () => listener.listening,
      ...(https === undefined ? {} : { https: () => https.listening }),
    },
    stopping: () => closing !== undefined,
  });
  const admin =
    o.admin === undefined
      ? undefined
      : new AdminListener({
          ...o.admin,
          log: o.log,
          handlers: {
            metrics: async () => ({
              contentType: metrics.registry.contentType,
              body: await metrics.registry.metrics(),
            }),
            readiness,
          },
        });
  const shutdown = async (): Promise<void> => {
    await rotation?.stop();
    await Promise.all([listener.close(), https?.close()]);
    await admin?.close();
    web?.close();
    audit?.close();
    policies.close();
    availability.close();
    await pkcs11.close();
    await store.close();
  };
  let address: AddressInfo;
  let httpsAddress: AddressInfo | undefined;
  let adminAddress: AddressInfo | undefined;
  try {
    address = await listener.listen();
    httpsAddress = await https?.listen();
    adminAddress = await admin?.listen();
  } catch (err) {
    // A port already taken: nothing may stay open behind the error.
    await shutdown();
    throw err;
  }
  rotation?.start();
  return {
    address,
    httpsAddress,
    adminAddress,
    engine,
    store,
    availability: () => availability.state,
    metrics,
    readiness,
    setSecureContext: (tls) => {
      listener.setSecureContext(tls);
      https?.setSecureContext(tls);
    },
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
      closing ??= shutdown();
      return closing;
    },
  };
}

/** The HTTPS listener's routes: POST /kmip, the console's, and a KMIP error for any other path. */
function httpsRouter(
  engine: Engine,
  byCertificate: RequestIdentity,
  o: KmipServerOptions,
  more: readonly Route[],
): HttpRouter {
  const router = new HttpRouter({ log: o.log, notFound: kmipNotFound({ engine, identify: byCertificate }) });
  for (const r of more) router.add(r);
  return router.add({
    path: KMIP_PATH,
    handler: kmipRoute({
      engine,
      identify: byCertificate,
      log: o.log,
      maxMessageSize: o.maxMessageSize ?? LISTENER_DEFAULTS.maxMessageSize,
      requestTimeoutMs: o.requestTimeoutMs ?? LISTENER_DEFAULTS.requestTimeoutMs,
    }),
  });
}

/** A write that changes nothing, when the backend has one; else a read. */
function probeStore(store: Store): Promise<unknown> {
  const p = (store as Partial<{ probe(): Promise<void> }>).probe;
  return typeof p === 'function' ? p.call(store) : store.get('kmip-ts-health-probe');
}

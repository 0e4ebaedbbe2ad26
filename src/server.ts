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
import { Envelope, type EnvelopeKey, type MasterKey } from './store/envelope.js';
import { MasterKeyRotation, isRewrappable } from './store/master-key-rotation.js';
import { AuditLog } from './audit/audit-log.js';
import type { Store } from './store/store.js';
import { KmipListener, LISTENER_DEFAULTS } from './transport/kmip-listener.js';
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

export interface KmipServerOptions {
  readonly host: string;
  readonly port: number;
  readonly tls: TlsOptions;
  readonly enableTlsClientAuth: boolean;
  readonly databasePath: string;
  readonly masterKeys: readonly EnvelopeKey[];
  /** Where masterKeys came from, to follow a master key rotation while running. */
  readonly masterKeySource?: {
    readonly load: () => readonly MasterKey[];
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
  /** Store reachable, master key usable, listeners up (and not stopping). */
  readiness(): Promise<Readiness>;
  /** New certificates, key or CA for both listeners' new connections. */
  setSecureContext(tls: TlsOptions): void;
  /** Re-reads the master keys (SIGHUP) and re-wraps object keys when the sealing key changed. */
  reloadMasterKeys(): Promise<void>;
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
  const source = o.masterKeySource;
  const envelope = new Envelope(o.masterKeys, source === undefined ? {} : { reload: source.load });
  const store =
    o.store ??
    (await openStore({
      databaseUrl: o.databaseUrl,
      databasePath: o.databasePath,
      masterKeys: o.masterKeys,
      envelope,
      onIdleError: (e) => o.log.warn('PostgreSQL connection lost', { error: e.message }),
    }));
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
  const pkcs11 = new Pkcs11Service(
    o.pkcs11Module === undefined
      ? serverLibrary('kmip-ts KMIP server', SERVER_LIBRARY_VERSION)
      : await moduleLibrary(o.pkcs11Module),
  );
  const engine = new Engine({
    store: instrumentStore(store, (m, seconds, failed) => metrics.storeCall(m, seconds, failed)),
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
    ...(audit !== undefined ? { audit: (e: AuditEvent) => audit.append(e) } : {}),
    observe: (e) => {
      metrics.requestAnswered(e);
      logRequest?.(e);
    },
  });
  const identify = (socket: TLSSocket): ReturnType<typeof clientIdentity> =>
    clientIdentity(socket.getPeerCertificate(false), o.enableTlsClientAuth);
  const listener = new KmipListener({
    tls: o.tls,
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
          // Token sign-in: browsers without a certificate must get through the handshake; every
          // route still takes only a verified certificate as one (http-identity.ts).
          tls: o.console?.tokensFile === undefined ? o.tls : { ...o.tls, rejectUnauthorized: false },
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
    metrics,
    readiness,
    setSecureContext: (tls) => {
      listener.setSecureContext(tls);
      https?.setSecureContext(tls);
    },
    reloadMasterKeys: async () => rotation?.reload(),
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

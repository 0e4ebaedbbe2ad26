// Assembles a running KMIP server from resolved settings: the store (SQLite, or PostgreSQL shared
// by several nodes; keys sealed under the master key), the operation policies (hot-reloaded), the
// engine and the TLS listener.
// The CLI and the tests both start servers through here.
import type { TLSSocket, TlsOptions } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { Engine } from './engine/engine.js';
import type { Logger } from './engine/logger.js';
import { PolicyRegistry, policyAccessControl } from './engine/policy/index.js';
import { OPERATION_HANDLERS } from './operations/dispatch.js';
import { openStore } from './store/open-store.js';
import type { MasterKey } from './store/envelope.js';
import type { Store } from './store/store.js';
import { KmipListener } from './transport/kmip-listener.js';
import { clientIdentity } from './transport/identity.js';
import { OBJECT_TAG_BY_TYPE } from './engine/object-types.js';
import { createAuthenticator, type AuthPluginConfig } from './auth/authenticator.js';

export interface KmipServerOptions {
  readonly host: string;
  readonly port: number;
  readonly tls: TlsOptions;
  readonly enableTlsClientAuth: boolean;
  readonly databasePath: string;
  readonly masterKeys: readonly MasterKey[];
  readonly policyPath?: string | undefined;
  readonly log: Logger;
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
  /** How long SLUGS answers are reused (default 30 s; 0 = ask on every request). */
  readonly authCacheTtlMs?: number;
  /** Deadline of one SLUGS lookup (default 10 s). */
  readonly authTimeoutMs?: number;
}

export interface RunningServer {
  readonly address: AddressInfo;
  readonly engine: Engine;
  readonly store: Store;
  close(): Promise<void>;
}

export async function startKmipServer(o: KmipServerOptions): Promise<RunningServer> {
  // First: an unusable [auth:…] section stops the start before anything is opened.
  const authenticate = createAuthenticator(o.authPlugins ?? [], {
    log: o.log,
    cacheTtlMs: o.authCacheTtlMs,
    timeoutMs: o.authTimeoutMs,
  });
  const store =
    o.store ??
    (await openStore({
      databaseUrl: o.databaseUrl,
      databasePath: o.databasePath,
      masterKeys: o.masterKeys,
      onIdleError: (e) => o.log.warn('PostgreSQL connection lost', { error: e.message }),
    }));
  const policies = new PolicyRegistry({ policyPath: o.policyPath, logger: o.log });
  await policies.start();
  const engine = new Engine({
    store,
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
  });
  const listener = new KmipListener({
    tls: o.tls,
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
  let closing: Promise<void> | undefined;
  return {
    address,
    engine,
    store,
    close: () => {
      closing ??= (async () => {
        await listener.close();
        policies.close();
        await store.close();
      })();
      return closing;
    },
  };
}

// Assembles a running KMIP server from resolved settings: the store (SQLite, keys sealed under
// the master key), the operation policies (hot-reloaded), the engine and the TLS listener.
// The CLI and the tests both start servers through here.
import type { TLSSocket, TlsOptions } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { Engine } from './engine/engine.js';
import type { Logger } from './engine/logger.js';
import { PolicyRegistry, policyAccessControl } from './engine/policy/index.js';
import { OPERATION_HANDLERS } from './operations/dispatch.js';
import { SqliteStore } from './store/sqlite-store.js';
import { Envelope, type MasterKey } from './store/envelope.js';
import type { Store } from './store/store.js';
import { KmipListener } from './transport/kmip-listener.js';
import { clientIdentity } from './transport/identity.js';
import { OBJECT_TAG_BY_TYPE } from './engine/object-types.js';

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
  /** Supplies a store other than SQLite (PostgreSQL, tests). */
  readonly store?: Store;
}

export interface RunningServer {
  readonly address: AddressInfo;
  readonly engine: Engine;
  readonly store: Store;
  close(): Promise<void>;
}

export async function startKmipServer(o: KmipServerOptions): Promise<RunningServer> {
  const store = o.store ?? new SqliteStore({ path: o.databasePath, envelope: new Envelope(o.masterKeys) });
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

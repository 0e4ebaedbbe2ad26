// The TLS listener on port 5696: mutual TLS, client identity from the certificate, a connection
// limit, and a graceful close that stops accepting and lets requests in flight finish. Its TLS
// material follows the shared TlsMaterial source (reloaded without dropping connections).
// Whatever a peer does (no TLS, a bad certificate, too many connections, a failed accept), the
// listener logs it and closes that socket; it never lets the error escape to the process.
import { createServer, type Server, type TLSSocket, type TlsOptions } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { listenOn } from './listen.js';
import type { Engine } from '../engine/engine.js';
import type { Logger } from '../log/logger.js';
import { KmipConnection } from './connection.js';
import { REVOKED_CLOSE, revokedFields, revokedPeer, TlsMaterial } from './tls-material.js';
import { identityRefused, watchTlsServer, type ListenerObserver } from './listener-events.js';

export type IdentityResult =
  { readonly ok: true; readonly identity: string } | { readonly ok: false; readonly reason: string };

export interface KmipListenerOptions {
  /** Fixed options, or the shared source that reloads replace. */
  readonly tls: TlsOptions | TlsMaterial;
  readonly host: string;
  readonly port: number;
  readonly engine: Engine;
  readonly identify: (socket: TLSSocket) => IdentityResult;
  readonly log: Logger;
  /** Told of connections opened, closed and refused (the metrics). */
  readonly observer?: ListenerObserver;
  readonly maxMessageSize?: number;
  readonly maxConnections?: number;
  readonly maxInFlight?: number;
  readonly idleTimeoutMs?: number;
  readonly handshakeTimeoutMs?: number;
  /** A request whose first byte has arrived must be whole within this time; 0 = no limit. */
  readonly requestTimeoutMs?: number;
}

export const LISTENER_DEFAULTS = Object.freeze({
  maxMessageSize: 16 * 1024 * 1024,
  maxConnections: 10_000,
  maxInFlight: 64,
  idleTimeoutMs: 300_000,
  handshakeTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
} as const);

/** The name of this listener in logs and metrics; also the transport of its requests. */
const LISTENER_NAME = 'ttlv';

export class KmipListener {
  readonly #opts: KmipListenerOptions;
  readonly #server: Server;
  readonly #connections = new Map<KmipConnection, TLSSocket>();
  readonly #detach: () => void;

  constructor(opts: KmipListenerOptions) {
    this.#opts = opts;
    const material = opts.tls instanceof TlsMaterial ? opts.tls : TlsMaterial.fixed(opts.tls);
    this.#server = createServer({
      ...material.options,
      handshakeTimeout: opts.handshakeTimeoutMs ?? LISTENER_DEFAULTS.handshakeTimeoutMs,
    });
    this.#detach = material.attach(this.#server, (revoked) => this.#endRevoked(revoked));
    this.#server.maxConnections = opts.maxConnections ?? LISTENER_DEFAULTS.maxConnections;
    this.#server.on('secureConnection', (socket) => this.#accept(socket));
    watchTlsServer(this.#server, LISTENER_NAME, opts.log, opts.observer);
  }

  /** New certificates, key or CA for new connections (the ones open keep theirs). */
  setSecureContext(tls: TlsOptions): void {
    this.#server.setSecureContext(tls);
  }

  listen(): Promise<AddressInfo> {
    return listenOn(this.#server, this.#opts.port, this.#opts.host);
  }

  get listening(): boolean {
    return this.#server.listening;
  }

  get connectionCount(): number {
    return this.#connections.size;
  }

  #accept(socket: TLSSocket): void {
    let who: IdentityResult;
    try {
      who = this.#opts.identify(socket);
    } catch (err) {
      who = {
        ok: false,
        reason: `identity check failed: ${err instanceof Error ? err.message : String(err)}`,
      };
    }
    if (!who.ok) {
      identityRefused(LISTENER_NAME, this.#opts.log, this.#opts.observer, who.reason, socket.remoteAddress);
      socket.destroy();
      return;
    }
    const remote = socket.remoteAddress;
    this.#opts.log.debug('connection opened', { listener: LISTENER_NAME, identity: who.identity, remote });
    this.#opts.observer?.connectionOpened(LISTENER_NAME);
    const conn = new KmipConnection(socket, {
      engine: this.#opts.engine,
      session: { identity: who.identity, remote, transport: LISTENER_NAME },
      log: this.#opts.log,
      maxMessageSize: this.#opts.maxMessageSize ?? LISTENER_DEFAULTS.maxMessageSize,
      maxInFlight: this.#opts.maxInFlight ?? LISTENER_DEFAULTS.maxInFlight,
      idleTimeoutMs: this.#opts.idleTimeoutMs ?? LISTENER_DEFAULTS.idleTimeoutMs,
      requestTimeoutMs: this.#opts.requestTimeoutMs ?? LISTENER_DEFAULTS.requestTimeoutMs,
    });
    this.#connections.set(conn, socket);
    void conn.finished.then(() => {
      this.#connections.delete(conn);
      this.#opts.observer?.connectionClosed(LISTENER_NAME);
    });
  }

  /** Ends (after their owed responses) the connections whose client certificate is now revoked. */
  #endRevoked(revoked: ReadonlySet<string>): void {
    for (const [conn, socket] of this.#connections) {
      const cert = revokedPeer(socket, revoked);
      if (cert === undefined) continue;
      this.#opts.log.warn(REVOKED_CLOSE, { listener: LISTENER_NAME, ...revokedFields(socket, cert) });
      conn.drain();
    }
  }

  /** Stops accepting, lets every connection finish what it was sent, then resolves. */
  async close(): Promise<void> {
    this.#detach();
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    for (const c of this.#connections.keys()) c.drain();
    await Promise.all([...this.#connections.keys()].map((c) => c.finished));
    await closed;
  }
}

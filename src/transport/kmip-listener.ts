// The TLS listener on port 5696: mutual TLS, client identity from the certificate, a connection
// limit, and a graceful close that stops accepting and lets requests in flight finish.
import { createServer, type Server, type TLSSocket, type TlsOptions } from 'node:tls';
import type { AddressInfo } from 'node:net';
import type { Engine } from '../engine/engine.js';
import type { Logger } from '../engine/logger.js';
import { KmipConnection } from './connection.js';

export type IdentityResult =
  { readonly ok: true; readonly identity: string } | { readonly ok: false; readonly reason: string };

export interface KmipListenerOptions {
  readonly tls: TlsOptions;
  readonly host: string;
  readonly port: number;
  readonly engine: Engine;
  readonly identify: (socket: TLSSocket) => IdentityResult;
  readonly log: Logger;
  readonly maxMessageSize?: number;
  readonly maxConnections?: number;
  readonly maxInFlight?: number;
  readonly idleTimeoutMs?: number;
  readonly handshakeTimeoutMs?: number;
}

export class KmipListener {
  readonly #opts: KmipListenerOptions;
  readonly #server: Server;
  readonly #connections = new Set<KmipConnection>();

  constructor(opts: KmipListenerOptions) {
    this.#opts = opts;
    this.#server = createServer({ ...opts.tls, handshakeTimeout: opts.handshakeTimeoutMs ?? 10_000 });
    this.#server.maxConnections = opts.maxConnections ?? 10_000;
    this.#server.on('secureConnection', (socket) => this.#accept(socket));
    this.#server.on('tlsClientError', (err, socket) => {
      // Node reports a failed certificate check as "socket hang up"; the reason is on the socket.
      const reason = socket.authorizationError ?? err.message;
      opts.log.warn('TLS handshake refused', { remote: socket.remoteAddress, reason: String(reason) });
      socket.destroy();
    });
  }

  async listen(): Promise<AddressInfo> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(this.#opts.port, this.#opts.host, () => {
        this.#server.off('error', reject);
        resolve();
      });
    });
    return this.#server.address() as AddressInfo;
  }

  get connectionCount(): number {
    return this.#connections.size;
  }

  #accept(socket: TLSSocket): void {
    const who = this.#opts.identify(socket);
    if (!who.ok) {
      this.#opts.log.warn('client certificate refused', { remote: socket.remoteAddress, reason: who.reason });
      socket.destroy();
      return;
    }
    const conn = new KmipConnection(socket, {
      engine: this.#opts.engine,
      session: { identity: who.identity },
      log: this.#opts.log,
      maxMessageSize: this.#opts.maxMessageSize ?? 16 * 1024 * 1024,
      maxInFlight: this.#opts.maxInFlight ?? 64,
      idleTimeoutMs: this.#opts.idleTimeoutMs ?? 300_000,
    });
    this.#connections.add(conn);
    void conn.finished.then(() => this.#connections.delete(conn));
  }

  /** Stops accepting, lets every connection finish what it was sent, then resolves. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    for (const c of this.#connections) c.drain();
    await Promise.all([...this.#connections].map((c) => c.finished));
    await closed;
  }
}

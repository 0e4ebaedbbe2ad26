// The TLS listener on port 5696: mutual TLS, client identity from the certificate, a connection
// limit, and a graceful close that stops accepting and lets requests in flight finish. Its TLS
// material follows the shared TlsMaterial source (reloaded without dropping connections).
// Whatever a peer does (no TLS, a bad certificate, too many connections, a failed accept), the
// listener logs it and closes that socket; it never lets the error escape to the process.
import { createServer, type Server, type TLSSocket, type TlsOptions } from 'node:tls';
import type { AddressInfo } from 'node:net';
import type { Engine } from '../engine/engine.js';
import type { Logger } from '../engine/logger.js';
import { KmipConnection } from './connection.js';
import { describeHandshakeFailure } from './handshake-refusal.js';
import { TlsMaterial } from './tls-material.js';
import { certificateIssuer, revocationKey } from './x509-crl.js';

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
    // Node closes a connection over maxConnections as soon as it is accepted.
    this.#server.on('drop', (data?: { remoteAddress?: string }) => {
      opts.log.warn('connection refused: too many connections', {
        remote: data?.remoteAddress,
        maxConnections: this.#server.maxConnections,
      });
    });
    // After listen(), e.g. EMFILE on accept: the listener keeps going.
    this.#server.on('error', (err: Error) => opts.log.error('listener error', { error: err.message }));
    this.#server.on('tlsClientError', (err, socket) => {
      // Node reports a failed certificate check as "socket hang up"; the reason is on the socket.
      const { code, reason } = describeHandshakeFailure(err, socket.authorizationError);
      opts.log.warn(`TLS handshake refused: ${reason}`, { remote: socket.remoteAddress, code });
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
      this.#opts.log.warn(`client certificate refused: ${who.reason}`, { remote: socket.remoteAddress });
      socket.destroy();
      return;
    }
    const conn = new KmipConnection(socket, {
      engine: this.#opts.engine,
      session: { identity: who.identity },
      log: this.#opts.log,
      maxMessageSize: this.#opts.maxMessageSize ?? LISTENER_DEFAULTS.maxMessageSize,
      maxInFlight: this.#opts.maxInFlight ?? LISTENER_DEFAULTS.maxInFlight,
      idleTimeoutMs: this.#opts.idleTimeoutMs ?? LISTENER_DEFAULTS.idleTimeoutMs,
      requestTimeoutMs: this.#opts.requestTimeoutMs ?? LISTENER_DEFAULTS.requestTimeoutMs,
    });
    this.#connections.set(conn, socket);
    void conn.finished.then(() => this.#connections.delete(conn));
  }

  /** Ends (after their owed responses) the connections whose client certificate is now revoked. */
  #endRevoked(revoked: ReadonlySet<string>): void {
    if (revoked.size === 0) return;
    for (const [conn, socket] of this.#connections) {
      const cert = socket.getPeerX509Certificate();
      if (cert === undefined) continue;
      let key: string;
      try {
        key = revocationKey(certificateIssuer(cert.raw), cert.serialNumber);
      } catch {
        continue;
      }
      if (!revoked.has(key)) continue;
      this.#opts.log.warn('closing connection: its client certificate is now revoked (crl_path)', {
        remote: socket.remoteAddress,
        subject: cert.subject.replace(/\n/g, ', '),
        serial: cert.serialNumber,
      });
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

// The HTTPS listener (https_port): the TTLV port's TLS material (one source of certificates,
// tls-material.ts, so a reload applies to both), its limits (connections, handshake, header and request time, idle
// keep-alive), and an HttpRouter deciding what each path serves (POST /kmip, kmip-http-route.ts).
// Closing stops accepting, lets the requests in flight finish and closes idle keep-alive
// connections.
import { createServer, type Server } from 'node:https';
import type { TLSSocket, TlsOptions } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { listenOn } from './listen.js';
import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from '../log/logger.js';
import type { HttpRouter } from './http-router.js';
import { watchTlsServer, type ListenerObserver } from './listener-events.js';
import { LISTENER_DEFAULTS } from './kmip-listener.js';
import { REVOKED_CLOSE, revokedFields, revokedPeer, TlsMaterial } from './tls-material.js';

export interface HttpsListenerOptions {
  /** Fixed options, or the shared source that reloads replace. */
  readonly tls: TlsOptions | TlsMaterial;
  /**
   * Lets a peer without a verifiable certificate finish the handshake (the console's token
   * sign-in); routes still tell a verified certificate from none (socket.authorized).
   */
  readonly acceptUnverifiedPeers?: boolean;
  readonly host: string;
  readonly port: number;
  readonly router: HttpRouter;
  readonly log: Logger;
  readonly observer?: ListenerObserver;
  readonly maxConnections?: number;
  /** How long a keep-alive connection may wait for its next request; 0 = forever. */
  readonly idleTimeoutMs?: number;
  readonly handshakeTimeoutMs?: number;
  /** Headers and body of a request must arrive within this; 0 = no limit. */
  readonly requestTimeoutMs?: number;
  /** Largest request head (request line and headers) accepted; node answers 431 above it. */
  readonly maxHeaderSize?: number;
}

export const LISTENER_NAME = 'https';
export const DEFAULT_MAX_HEADER_SIZE = 16 * 1024;

/** Statuses for the requests node's parser refuses (RFC 9110 §15.5, RFC 6585 §5). */
const CLIENT_ERROR_STATUS: Readonly<Record<string, number>> = Object.freeze({
  HPE_HEADER_OVERFLOW: 431,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
});

/** How long node's own request timer waits past ours: ours answers with a KMIP error first. */
const BACKSTOP_MS = 5_000;

export class HttpsListener {
  readonly #opts: HttpsListenerOptions;
  readonly #server: Server;
  readonly #sockets = new Set<TLSSocket>();
  readonly #detach: () => void;

  constructor(opts: HttpsListenerOptions) {
    this.#opts = opts;
    const requestTimeout = opts.requestTimeoutMs ?? LISTENER_DEFAULTS.requestTimeoutMs;
    const material = opts.tls instanceof TlsMaterial ? opts.tls : TlsMaterial.fixed(opts.tls);
    this.#server = createServer(
      {
        ...material.options,
        ...(opts.acceptUnverifiedPeers === true ? { rejectUnauthorized: false } : {}),
        handshakeTimeout: opts.handshakeTimeoutMs ?? LISTENER_DEFAULTS.handshakeTimeoutMs,
        maxHeaderSize: opts.maxHeaderSize ?? DEFAULT_MAX_HEADER_SIZE,
        // Slow headers: node answers 408 itself (there is no body yet to pick an encoding from).
        headersTimeout: requestTimeout > 0 ? requestTimeout : 60_000,
        requestTimeout: requestTimeout > 0 ? requestTimeout + BACKSTOP_MS : 0,
        keepAliveTimeout: opts.idleTimeoutMs ?? LISTENER_DEFAULTS.idleTimeoutMs,
        connectionsCheckingInterval: 1_000,
      },
      (req, res) => {
        if (opts.observer?.httpResponse !== undefined) {
          res.once('finish', () => opts.observer?.httpResponse?.(LISTENER_NAME, res.statusCode));
        }
        void opts.router.dispatch(req, res);
      },
    );
    this.#server.maxConnections = opts.maxConnections ?? LISTENER_DEFAULTS.maxConnections;
    this.#server.on('secureConnection', (socket: TLSSocket) => this.#opened(socket));
    // Replaces node's default answer to a request it cannot parse, to log why.
    this.#server.on('clientError', (err: Error & { code?: string }, socket: Duplex) => {
      const status = CLIENT_ERROR_STATUS[err.code ?? ''] ?? 400;
      opts.log.debug('bad HTTP request', { listener: LISTENER_NAME, status, error: err.message });
      if (err.code === 'ECONNRESET' || !socket.writable) {
        socket.destroy();
        return;
      }
      socket.end(
        `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
      );
      setTimeout(() => socket.destroy(), 1_000).unref();
    });
    watchTlsServer(this.#server, LISTENER_NAME, opts.log, opts.observer);
    this.#detach = material.attach(this.#server, (revoked) => this.#endRevoked(revoked));
  }

  /** Ends the connections whose client certificate is now revoked (after what is being written). */
  #endRevoked(revoked: ReadonlySet<string>): void {
    for (const socket of this.#sockets) {
      const cert = revokedPeer(socket, revoked);
      if (cert === undefined) continue;
      this.#opts.log.warn(REVOKED_CLOSE, { listener: LISTENER_NAME, ...revokedFields(socket, cert) });
      socket.end();
      setTimeout(() => socket.destroy(), 5_000).unref();
    }
  }

  #opened(socket: TLSSocket): void {
    const remote = socket.remoteAddress;
    this.#opts.log.debug('connection opened', { listener: LISTENER_NAME, remote });
    this.#opts.observer?.connectionOpened(LISTENER_NAME);
    this.#sockets.add(socket);
    socket.once('close', () => {
      this.#sockets.delete(socket);
      this.#opts.log.debug('connection closed', { listener: LISTENER_NAME, remote });
      this.#opts.observer?.connectionClosed(LISTENER_NAME);
    });
  }

  listen(): Promise<AddressInfo> {
    return listenOn(this.#server, this.#opts.port, this.#opts.host);
  }

  get listening(): boolean {
    return this.#server.listening;
  }

  /** New certificates, key or CA for new connections. */
  setSecureContext(tls: TlsOptions): void {
    this.#server.setSecureContext(tls);
  }

  /** Stops accepting, lets requests in flight finish, closes keep-alive connections as they idle. */
  async close(): Promise<void> {
    this.#detach();
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    const idle = setInterval(() => this.#server.closeIdleConnections(), 100);
    this.#server.closeIdleConnections();
    try {
      await closed;
    } finally {
      clearInterval(idle);
    }
  }
}

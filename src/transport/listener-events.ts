// What both TLS listeners (TTLV and HTTPS) report about their connections: to the log (refusals
// with the reason an operator can act on; opened and closed connections at DEBUG) and to an
// observer (the metrics). A peer that fails the handshake, or a listener error after listen(),
// never reaches the process as an exception.
import type { Server } from 'node:tls';
import type { Logger } from '../log/logger.js';
import { describeHandshakeFailure } from './handshake-refusal.js';

/** Told of connection events; src/metrics implements it. */
export interface ListenerObserver {
  connectionOpened(listener: string): void;
  connectionClosed(listener: string): void;
  /** A refused handshake or client certificate; `reason` is a short code (CERT_HAS_EXPIRED …). */
  connectionRefused(listener: string, reason: string): void;
  /** An HTTP response sent (HTTPS listener). */
  httpResponse?(listener: string, status: number): void;
}

/** Logs and reports the refusals and errors of a TLS server; refused sockets are destroyed. */
export function watchTlsServer(
  server: Server,
  listener: string,
  log: Logger,
  observer: ListenerObserver | undefined,
): void {
  // Node closes a connection over maxConnections as soon as it is accepted.
  server.on('drop', (data?: { remoteAddress?: string }) => {
    observer?.connectionRefused(listener, 'TOO_MANY_CONNECTIONS');
    log.warn('connection refused: too many connections', {
      listener,
      remote: data?.remoteAddress,
      maxConnections: server.maxConnections,
    });
  });
  // After listen(), e.g. EMFILE on accept: the listener keeps going. (A failed listen() is the
  // caller's to report: listen() rejects with it, and kmip-server says it once.)
  server.on('error', (err: Error) => {
    if (server.listening) log.error('listener error', { listener, error: err.message });
  });
  server.on('tlsClientError', (err, socket) => {
    // Node reports a failed certificate check as "socket hang up"; the reason is on the socket.
    const { code, reason } = describeHandshakeFailure(err, socket.authorizationError);
    observer?.connectionRefused(listener, code ?? 'HANDSHAKE_FAILED');
    log.warn(`TLS handshake refused: ${reason}`, { listener, remote: socket.remoteAddress, code });
    socket.destroy();
  });
}

/** Logs a refused client certificate (the identity rules of src/transport/identity.ts). */
export function identityRefused(
  listener: string,
  log: Logger,
  observer: ListenerObserver | undefined,
  reason: string,
  remote: string | undefined,
): void {
  observer?.connectionRefused(listener, 'CLIENT_IDENTITY');
  log.warn(`client certificate refused: ${reason}`, { listener, remote });
}

// One client connection: bytes in through the framer, each request handed to the engine as soon
// as it is framed (pipelining: Zenko sends 8 at once), responses written strictly in request
// order, one write per response (clients.md rule 4). A frame that cannot be framed ends the
// connection after the responses already owed are written.
// Limits against misbehaving peers: idle connections are ended, a request that has begun must be
// whole within requestTimeoutMs (a byte-a-second sender is cut off), and once this side has
// ended the connection the peer has LINGER_MS to close its side before the socket is destroyed.
import type { TLSSocket } from 'node:tls';
import { TtlvFramer } from '../ttlv/framer.js';
import { TtlvError } from '../ttlv/errors.js';
import type { Engine, Session } from '../engine/engine.js';
import type { Logger } from '../log/logger.js';

export interface ConnectionOptions {
  readonly engine: Engine;
  readonly session: Session;
  readonly log: Logger;
  readonly maxMessageSize: number;
  /** Requests in flight before the connection stops reading. */
  readonly maxInFlight: number;
  readonly idleTimeoutMs: number;
  /** A request whose first byte has arrived must be whole within this time; 0 = no limit. */
  readonly requestTimeoutMs: number;
}

/** How long a peer may keep its side open after this side has ended the connection. */
const LINGER_MS = 5_000;

export class KmipConnection {
  readonly #socket: TLSSocket;
  readonly #opts: ConnectionOptions;
  readonly #framer: TtlvFramer;
  readonly #pending: Promise<Uint8Array>[] = [];
  #writing = false;
  #closing = false;
  #requestTimer: NodeJS.Timeout | undefined;
  /** Why the connection ended, for the log line when it closes. */
  #endReason = 'the connection was reset';
  #requests = 0;
  #done: () => void = () => undefined;
  /** Resolves when the connection has ended and every owed response has been written or dropped. */
  readonly finished: Promise<void>;

  constructor(socket: TLSSocket, opts: ConnectionOptions) {
    this.#socket = socket;
    this.#opts = opts;
    this.#framer = new TtlvFramer({ maxMessageSize: opts.maxMessageSize });
    this.finished = new Promise((resolve) => (this.#done = resolve));
    socket.setNoDelay(true);
    if (opts.idleTimeoutMs > 0) {
      socket.setTimeout(opts.idleTimeoutMs, () => {
        if (this.#pending.length > 0) return;
        if (this.#closing) {
          socket.destroy();
          return;
        }
        this.#endInput(`idle for ${opts.idleTimeoutMs} ms`);
      });
    }
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('end', () => this.#endInput('the client closed it'));
    socket.on('error', (err: Error) => {
      if (!this.#closing) this.#endReason = `connection error: ${err.message}`;
      opts.log.debug('connection error', { identity: opts.session.identity, error: err.message });
    });
    socket.on('close', () => {
      opts.log.debug('connection closed', {
        identity: opts.session.identity,
        remote: opts.session.remote,
        requests: this.#requests,
        reason: this.#endReason,
      });
      clearTimeout(this.#requestTimer);
      this.#closing = true;
      this.#pending.length = 0;
      this.#done();
    });
  }

  /** Stops reading new requests; ends the connection once the owed responses are written. */
  drain(): void {
    this.#endInput('the server is stopping');
  }

  #onData(chunk: Buffer): void {
    if (this.#closing) return;
    try {
      this.#framer.push(chunk, (frame) => {
        clearTimeout(this.#requestTimer);
        this.#requestTimer = undefined;
        this.#requests++;
        this.#pending.push(this.#opts.engine.handleFrame(frame, this.#opts.session));
        if (this.#pending.length >= this.#opts.maxInFlight) this.#socket.pause();
      });
    } catch (err) {
      const why = err instanceof TtlvError ? err.message : String(err);
      this.#opts.log.warn('closing connection: the byte stream is not KMIP', {
        identity: this.#opts.session.identity,
        error: why,
      });
      this.#endInput(`the byte stream is not KMIP: ${why}`);
      return;
    }
    this.#watchPartialRequest();
    void this.#flush();
  }

  /** Starts the request timer when a request has begun but is not whole yet. */
  #watchPartialRequest(): void {
    const limit = this.#opts.requestTimeoutMs;
    if (limit <= 0 || this.#requestTimer !== undefined || this.#framer.pendingBytes === 0) return;
    this.#requestTimer = setTimeout(() => {
      this.#opts.log.warn('closing connection: a request did not arrive in time', {
        identity: this.#opts.session.identity,
        receivedBytes: this.#framer.pendingBytes,
        requestTimeoutMs: limit,
      });
      this.#endInput(`a request did not arrive within ${limit} ms`);
    }, limit);
  }

  #endInput(reason: string): void {
    if (this.#closing) return;
    this.#closing = true;
    this.#endReason = reason;
    this.#socket.pause();
    void this.#flush();
  }

  async #flush(): Promise<void> {
    if (this.#writing) return;
    this.#writing = true;
    try {
      while (this.#pending.length > 0) {
        const head = this.#pending[0];
        if (head === undefined) break;
        let bytes: Uint8Array;
        try {
          bytes = await head;
        } catch (err) {
          // The engine answers every request itself; reaching here is a bug, not bad input.
          this.#opts.log.error('request failed without a response', {
            error: err instanceof Error ? err.message : String(err),
          });
          this.#socket.destroy();
          return;
        }
        void this.#pending.shift();
        if (this.#socket.destroyed) return;
        if (this.#pending.length < this.#opts.maxInFlight && !this.#closing) this.#socket.resume();
        // Wait for this write to be handed to the socket before the next one: node would otherwise
        // gather the queued writes into one TLS record (writev), which Arsenal would read as one
        // 'data' event and so as one response (clients.md rule 4).
        await new Promise<void>((resolve) => this.#socket.write(bytes, () => resolve()));
      }
      if (this.#closing && !this.#socket.destroyed) {
        this.#socket.end();
        setTimeout(() => this.#socket.destroy(), LINGER_MS).unref();
      }
    } finally {
      this.#writing = false;
    }
  }
}

// A mutual-TLS connection to a KMIP server. Requests are written as they come, up to
// `pipelineDepth` in flight; KMIP has no request IDs on the wire, so replies are matched to
// requests strictly in order (the server answers in order: KMIP 2.1 §8 / our transport). The
// socket is opened on first use; a connection failure moves on to the next host of the list
// (PyKMIP's comma-separated `host`), starting from the one that last worked. A timeout or a
// dropped connection fails the requests in flight (they may or may not have been executed) and
// the next request reconnects.
import { connect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import type { TtlvItem } from '../ttlv/item.js';
import { TtlvFramer } from '../ttlv/framer.js';
import { DEFAULT_MAX_LENGTH, decodeTtlv } from '../ttlv/decode.js';
import { encodeTtlv } from '../ttlv/encode.js';
import { KmipClientError, KmipClientErrorCode } from './errors.js';

export interface HostPort {
  readonly host: string;
  readonly port: number;
}

export interface KmipConnectionOptions {
  /** Tried in order on connection failure. */
  readonly hosts: readonly HostPort[];
  /** node:tls options: cert, key, ca, rejectUnauthorized, checkServerIdentity, minVersion … */
  readonly tls?: ConnectionOptions;
  /** Requests written before the first reply is read (default 1: one at a time). */
  readonly pipelineDepth?: number;
  /** Per request, from the moment it is written (default 30 s, PyKMIP's default). */
  readonly requestTimeoutMs?: number;
  /** TCP connect plus TLS handshake, per host (default 10 s). */
  readonly connectTimeoutMs?: number;
  /** Largest response accepted (default 16 MiB). */
  readonly maxMessageSize?: number;
  /** 'tls' (the default): TTLV over TLS on port 5696; 'https': POST /kmip (the server's https_port). */
  readonly transport?: KmipTransport;
  /** The request path over HTTPS (default /kmip). */
  readonly httpsPath?: string;
}

export const KmipTransport = Object.freeze({ Tls: 'tls', Https: 'https' } as const);
export type KmipTransport = (typeof KmipTransport)[keyof typeof KmipTransport];

/** The pipeline depth the options ask for; throws on a host list or depth that cannot work. */
export function checkedDepth(options: KmipConnectionOptions): number {
  if (options.hosts.length === 0) throw new RangeError('at least one host is needed');
  const depth = options.pipelineDepth ?? 1;
  if (!Number.isInteger(depth) || depth < 1) throw new RangeError('pipelineDepth must be a positive integer');
  return depth;
}

/** A response's bytes decoded; a protocol error when they are not a TTLV message. */
export function decodeReply(reply: Uint8Array, maxSize: number): TtlvItem {
  try {
    return decodeTtlv(reply, { maxLength: maxSize });
  } catch (err) {
    throw new KmipClientError(
      KmipClientErrorCode.Protocol,
      `undecodable response: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
}

/**
 * Runs `attempt` on each host in turn, starting at `first`, until one succeeds; an error for
 * which `retry` says false ends the round (a request that may have reached a server). All
 * failing: a Connect error naming each host and why.
 */
export async function tryHosts<T>(
  hosts: readonly HostPort[],
  first: number,
  attempt: (h: HostPort) => Promise<T>,
  retry: (err: Error) => boolean = () => true,
): Promise<{ value: T; index: number }> {
  const problems: string[] = [];
  let last: Error | undefined;
  for (let i = 0; i < hosts.length; i++) {
    const index = (first + i) % hosts.length;
    const h = hosts[index] as HostPort;
    try {
      return { value: await attempt(h), index };
    } catch (err) {
      last = err as Error;
      if (!retry(last)) throw last;
      problems.push(`${h.host}:${h.port} (${last.message})`);
    }
  }
  throw new KmipClientError(KmipClientErrorCode.Connect, `cannot connect to ${problems.join('; ')}`, {
    cause: last,
  });
}

interface Pending {
  readonly bytes: Uint8Array;
  readonly resolve: (frame: Uint8Array) => void;
  readonly reject: (err: Error) => void;
  timer?: NodeJS.Timeout;
}

export class KmipConnection {
  readonly #opts: KmipConnectionOptions;
  readonly #depth: number;
  readonly #maxSize: number;
  #socket: TLSSocket | undefined;
  #connecting = false;
  #host: HostPort | undefined;
  #preferred = 0;
  #closed = false;
  readonly #waiting: Pending[] = [];
  readonly #inFlight: Pending[] = [];
  #peak = 0;
  #idle: (() => void)[] = [];

  constructor(options: KmipConnectionOptions) {
    this.#opts = options;
    this.#depth = checkedDepth(options);
    this.#maxSize = options.maxMessageSize ?? DEFAULT_MAX_LENGTH;
  }

  /** The host of the open connection, if any. */
  get host(): HostPort | undefined {
    return this.#socket === undefined ? undefined : this.#host;
  }

  /** Requests written and not yet answered. */
  get inFlight(): number {
    return this.#inFlight.length;
  }

  /** The most requests that were ever in flight at once (diagnostics: is pipelining happening?). */
  get peakInFlight(): number {
    return this.#peak;
  }

  /** Sends one message and returns the server's reply, decoded. */
  async send(message: TtlvItem): Promise<TtlvItem> {
    return decodeReply(await this.sendBytes(encodeTtlv(message)), this.#maxSize);
  }

  /** Sends one encoded message and returns the reply's bytes. */
  sendBytes(bytes: Uint8Array): Promise<Uint8Array> {
    if (this.#closed) {
      return Promise.reject(new KmipClientError(KmipClientErrorCode.Closed, 'the connection is closed'));
    }
    return new Promise((resolve, reject) => {
      this.#waiting.push({ bytes, resolve, reject });
      this.#pump();
    });
  }

  /** Lets the outstanding requests finish, then closes the connection. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#waiting.length > 0 || this.#inFlight.length > 0 || this.#connecting) {
      await new Promise<void>((resolve) => this.#idle.push(resolve));
    }
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket === undefined || socket.destroyed) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => socket.destroy(), 2000);
      socket.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.end();
    });
  }

  /** Closes at once, failing whatever is outstanding. */
  destroy(): void {
    this.#closed = true;
    const err = new KmipClientError(KmipClientErrorCode.Closed, 'the connection was destroyed');
    for (const p of this.#waiting.splice(0)) p.reject(err);
    this.#fail(err);
  }

  #pump(): void {
    if (this.#waiting.length === 0) return this.#checkIdle();
    const socket = this.#socket;
    if (socket === undefined) {
      if (!this.#connecting) this.#startConnect();
      return;
    }
    while (this.#waiting.length > 0 && this.#inFlight.length < this.#depth) {
      const p = this.#waiting.shift() as Pending;
      this.#inFlight.push(p);
      this.#peak = Math.max(this.#peak, this.#inFlight.length);
      const ms = this.#opts.requestTimeoutMs ?? 30_000;
      p.timer = setTimeout(
        () => this.#fail(new KmipClientError(KmipClientErrorCode.Timeout, `no response within ${ms} ms`)),
        ms,
      );
      socket.write(p.bytes);
    }
  }

  #checkIdle(): void {
    if (this.#waiting.length > 0 || this.#inFlight.length > 0 || this.#connecting) return;
    for (const done of this.#idle.splice(0)) done();
  }

  #startConnect(): void {
    this.#connecting = true;
    this.#connectAny().then(
      (socket) => {
        this.#connecting = false;
        this.#attach(socket);
        this.#pump();
      },
      (err: Error) => {
        this.#connecting = false;
        for (const p of this.#waiting.splice(0)) p.reject(err);
        this.#checkIdle();
      },
    );
  }

  #attach(socket: TLSSocket): void {
    this.#socket = socket;
    const framer = new TtlvFramer({ maxMessageSize: this.#maxSize });
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      if (this.#socket !== socket) return;
      try {
        framer.push(chunk, (frame) => this.#onFrame(frame.slice()));
      } catch (err) {
        const e = err as Error;
        this.#fail(
          new KmipClientError(KmipClientErrorCode.Protocol, `bad response framing: ${e.message}`, {
            cause: e,
          }),
        );
      }
    });
    const lost = (why: string, cause?: Error): void => {
      if (this.#socket !== socket) return;
      this.#fail(
        new KmipClientError(KmipClientErrorCode.Closed, why, cause === undefined ? undefined : { cause }),
      );
    };
    socket.on('error', (err: Error) => lost(`connection error: ${err.message}`, err));
    socket.on('close', () => lost('the server closed the connection'));
  }

  #onFrame(frame: Uint8Array): void {
    const p = this.#inFlight.shift();
    if (p === undefined) {
      this.#fail(
        new KmipClientError(KmipClientErrorCode.Protocol, 'a response arrived with no request in flight'),
      );
      return;
    }
    clearTimeout(p.timer);
    p.resolve(frame);
    this.#pump();
  }

  /** Drops the socket and fails the requests in flight; waiting ones reconnect. */
  #fail(err: Error): void {
    const socket = this.#socket;
    this.#socket = undefined;
    socket?.destroy();
    for (const p of this.#inFlight.splice(0)) {
      clearTimeout(p.timer);
      p.reject(err);
    }
    if (this.#closed) for (const p of this.#waiting.splice(0)) p.reject(err);
    this.#pump();
  }

  async #connectAny(): Promise<TLSSocket> {
    const { value, index } = await tryHosts(this.#opts.hosts, this.#preferred, (h) => this.#connectOne(h));
    this.#preferred = index;
    this.#host = this.#opts.hosts[index];
    return value;
  }

  #connectOne(h: HostPort): Promise<TLSSocket> {
    return new Promise((resolve, reject) => {
      const socket = connect({ ...this.#opts.tls, host: h.host, port: h.port });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`no TLS connection within ${this.#opts.connectTimeoutMs ?? 10_000} ms`));
      }, this.#opts.connectTimeoutMs ?? 10_000);
      const onError = (err: Error): void => {
        clearTimeout(timer);
        socket.destroy();
        reject(err);
      };
      socket.once('error', onError);
      socket.once('secureConnect', () => {
        clearTimeout(timer);
        socket.removeListener('error', onError);
        resolve(socket);
      });
    });
  }
}

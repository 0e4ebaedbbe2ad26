// KMIP over HTTPS from the client's side (KMIP Profiles 2.1, HTTPS profile): each request is a
// POST of the binary TTLV message to /kmip (application/octet-stream) on a keep-alive mutual-TLS
// connection, up to `pipelineDepth` requests at once (one per connection, as HTTP/1.1 allows).
// A server refusing a request answers with an HTTP error status and still a KMIP Response
// Message, which is returned like any other so the caller sees its Result Reason. A host that
// cannot be reached is skipped for the next one of the list; a request that may have reached the
// server is never sent again.
import { Agent, request as httpsRequest } from 'node:https';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { TtlvItem } from '../ttlv/item.js';
import { DEFAULT_MAX_LENGTH } from '../ttlv/decode.js';
import { encodeTtlv } from '../ttlv/encode.js';
import { MEDIA_TYPE, MessageEncoding, encodingOfMediaType } from '../notation/message-encodings.js';
import {
  checkedDepth,
  decodeReply,
  tryHosts,
  type HostPort,
  type KmipConnectionOptions,
} from './connection.js';
import { KmipClientError, KmipClientErrorCode } from './errors.js';

export const DEFAULT_HTTPS_PATH = '/kmip';

/** Errors of requests that cannot have reached the server: the next host may be tried. */
const unsent = new WeakSet<Error>();

export class KmipHttpsConnection {
  readonly #opts: KmipConnectionOptions;
  readonly #agent: Agent;
  readonly #maxSize: number;
  readonly #path: string;
  #preferred = 0;
  #host: HostPort | undefined;
  #inFlight = 0;
  #peak = 0;
  #closed = false;
  readonly #requests = new Set<{ destroy(error: Error): void }>();
  #idle: (() => void)[] = [];

  constructor(options: KmipConnectionOptions) {
    const depth = checkedDepth(options);
    this.#opts = options;
    this.#maxSize = options.maxMessageSize ?? DEFAULT_MAX_LENGTH;
    this.#path = options.httpsPath ?? DEFAULT_HTTPS_PATH;
    this.#agent = new Agent({ ...options.tls, keepAlive: true, maxSockets: depth });
  }

  /** The host that answered last, if any. */
  get host(): HostPort | undefined {
    return this.#host;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  get peakInFlight(): number {
    return this.#peak;
  }

  async send(message: TtlvItem): Promise<TtlvItem> {
    return decodeReply(await this.sendBytes(encodeTtlv(message)), this.#maxSize);
  }

  async sendBytes(bytes: Uint8Array): Promise<Uint8Array> {
    if (this.#closed) throw new KmipClientError(KmipClientErrorCode.Closed, 'the connection is closed');
    this.#inFlight++;
    this.#peak = Math.max(this.#peak, this.#inFlight);
    try {
      return await this.#sendToAny(bytes);
    } finally {
      this.#inFlight--;
      if (this.#inFlight === 0) for (const done of this.#idle.splice(0)) done();
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#inFlight > 0) await new Promise<void>((resolve) => this.#idle.push(resolve));
    this.#agent.destroy();
  }

  destroy(): void {
    this.#closed = true;
    const err = new KmipClientError(KmipClientErrorCode.Closed, 'the connection was destroyed');
    for (const r of this.#requests) r.destroy(err);
    this.#agent.destroy();
  }

  async #sendToAny(bytes: Uint8Array): Promise<Uint8Array> {
    const { value, index } = await tryHosts(
      this.#opts.hosts,
      this.#preferred,
      (h) => this.#post(h, bytes),
      (err) => unsent.has(err),
    );
    this.#preferred = index;
    this.#host = this.#opts.hosts[index];
    return value;
  }

  /** One POST; rejects with an error in `unsent` when the request cannot have left this side. */
  #post(h: HostPort, bytes: Uint8Array): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      let connected = false;
      let settled = false;
      const finish = (a: { ok: true; body: Uint8Array } | { ok: false; error: Error }): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.#requests.delete(req);
        if (a.ok) resolve(a.body);
        else reject(a.error);
      };
      const req = httpsRequest({
        agent: this.#agent,
        host: h.host,
        port: h.port,
        method: 'POST',
        path: this.#path,
        headers: {
          'Content-Type': MEDIA_TYPE.ttlv,
          'Content-Length': String(bytes.length),
          'Cache-Control': 'no-cache',
          Accept: MEDIA_TYPE.ttlv,
        },
      });
      this.#requests.add(req);
      const connectMs = this.#opts.connectTimeoutMs ?? 10_000;
      const requestMs = this.#opts.requestTimeoutMs ?? 30_000;
      let timer = setTimeout(
        () => req.destroy(new Error(`no TLS connection within ${connectMs} ms`)),
        connectMs,
      );
      const sent = (): void => {
        connected = true;
        clearTimeout(timer);
        timer = setTimeout(
          () =>
            req.destroy(
              new KmipClientError(KmipClientErrorCode.Timeout, `no response within ${requestMs} ms`),
            ),
          requestMs,
        );
      };
      req.once('socket', (socket: TLSSocket) => {
        if (req.reusedSocket || !socket.connecting) sent();
        else socket.once('secureConnect', sent);
      });
      req.once('error', (error: Error) => {
        const failure =
          error instanceof KmipClientError
            ? error
            : new KmipClientError(
                KmipClientErrorCode.Closed,
                connected ? `connection error: ${error.message}` : error.message,
                { cause: error },
              );
        if (!connected) unsent.add(failure);
        finish({ ok: false, error: failure });
      });
      req.once('response', (res: IncomingMessage) => {
        void this.#readResponse(res).then(
          (body) => finish({ ok: true, body }),
          (error: Error) => finish({ ok: false, error }),
        );
      });
      req.end(bytes);
    });
  }

  async #readResponse(res: IncomingMessage): Promise<Uint8Array> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > this.#maxSize) {
        res.destroy();
        throw new KmipClientError(
          KmipClientErrorCode.Protocol,
          `the response is larger than ${this.#maxSize} bytes`,
        );
      }
      chunks.push(chunk);
    }
    const body = Buffer.concat(chunks, size);
    if (encodingOfMediaType(res.headers['content-type']) === MessageEncoding.Ttlv) return body;
    const text = body.toString('utf8').slice(0, 200).trim();
    throw new KmipClientError(
      KmipClientErrorCode.Protocol,
      `HTTP ${res.statusCode ?? '?'} ${res.statusMessage ?? ''} without a KMIP response${text === '' ? '' : `: ${text}`}`,
    );
  }
}

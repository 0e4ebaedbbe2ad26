// A kmip-ts server started in this process over mutual TLS with the demo certificates, and a raw
// TLS client that reads the way the real clients do:
// - messages(): libkmip (Ceph, Percona) reads the 8-byte header, then exactly the body;
// - event(): Arsenal (Zenko) takes each socket 'data' event as one whole response.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import type { RunningServer } from '../../src/server.js';
import { startTestServer as startSharedTestServer } from '../helpers/kmip-test-server.js';
import { type DemoCertificates } from '../../src/transport/demo-certs.js';
import { writeInteropPolicy } from '../interop/interop-policy.js';
import { parseResponse, type ParsedResponse } from './wire.js';

export interface TestServer {
  readonly server: RunningServer;
  readonly certs: DemoCertificates;
  readonly port: number;
  /** A mutual-TLS client with the demo client certificate, host name checked against 127.0.0.1. */
  connect(opts?: Partial<ConnectionOptions>): Promise<RawClient>;
  /** The same with the second demo identity (demo-client-2), e.g. an operator making keys. */
  connectAsOther(): Promise<RawClient>;
  close(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'kmip-ts-clients-'));
  // 'interop-shared': symmetric keys any identity may locate and get, only the owner change.
  const started = await startSharedTestServer({
    server: { policyPath: writeInteropPolicy(join(dir, 'policies')) },
  });
  const { server, certs } = started;
  const port = server.address.port;
  const clients: RawClient[] = [];
  return {
    server,
    certs,
    port,
    connect: async (opts = {}) => {
      const c = await RawClient.open({
        host: '127.0.0.1',
        port,
        ca: readFileSync(certs.ca.cert),
        cert: readFileSync(certs.client.cert),
        key: readFileSync(certs.client.key),
        ...opts,
      });
      clients.push(c);
      return c;
    },
    connectAsOther: async () => {
      const c = await RawClient.open({
        host: '127.0.0.1',
        port,
        ca: readFileSync(certs.ca.cert),
        cert: readFileSync(certs.client2.cert),
        key: readFileSync(certs.client2.key),
      });
      clients.push(c);
      return c;
    },
    close: async () => {
      for (const c of clients) c.close();
      await started.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export class RawClient {
  readonly socket: TLSSocket;
  /** Every 'data' event, in order, as it arrived. */
  readonly #events: Buffer[] = [];
  #waiters: (() => void)[] = [];
  #ended = false;
  #error: Error | undefined;

  private constructor(socket: TLSSocket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => {
      this.#events.push(chunk);
      this.#wake();
    });
    socket.on('end', () => {
      this.#ended = true;
      this.#wake();
    });
    socket.on('error', (err) => {
      this.#error = err;
      this.#wake();
    });
  }

  static open(opts: ConnectionOptions): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(opts, () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  #wake(): void {
    const w = this.#waiters;
    this.#waiters = [];
    for (const f of w) f();
  }

  async #waitForData(timeoutMs: number): Promise<void> {
    if (this.#events.length > 0) return;
    if (this.#error !== undefined) throw this.#error;
    if (this.#ended) throw new Error('the server ended the connection');
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no data within ${timeoutMs} ms`)), timeoutMs);
      this.#waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    await this.#waitForData(timeoutMs);
  }

  write(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  /** Arsenal's reader: the next 'data' event, which must be one whole response. */
  async event(timeoutMs = 5000): Promise<Buffer> {
    await this.#waitForData(timeoutMs);
    const e = this.#events.shift();
    if (e === undefined) throw new Error('no event');
    return e;
  }

  /** libkmip's reader: the 8-byte header, then the body, whatever the events' boundaries. */
  async message(timeoutMs = 5000): Promise<ParsedResponse> {
    let buf: Buffer = Buffer.alloc(0);
    for (;;) {
      if (buf.length >= 8) {
        const need = 8 + buf.readUInt32BE(4);
        if (buf.length >= need) {
          // Bytes past this message belong to the next one: put them back.
          if (buf.length > need) this.#events.unshift(buf.subarray(need));
          return parseResponse(buf.subarray(0, need));
        }
      }
      await this.#waitForData(timeoutMs);
      const chunk = this.#events.shift();
      if (chunk !== undefined) buf = Buffer.concat([buf, chunk]);
    }
  }

  /** One request, one response (how libkmip, libmongocrypt and Ceph talk). */
  async roundTrip(bytes: Uint8Array): Promise<ParsedResponse> {
    this.write(bytes);
    return this.message();
  }

  close(): void {
    this.socket.end();
    this.socket.destroy();
  }
}

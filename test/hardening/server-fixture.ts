// An in-process kmip-ts server over real TLS on 127.0.0.1 for the hardening tests, a logger that
// keeps what it is told, and a raw TLS client that sends TTLV frames and reads whole responses.
import { startTestServer as startSharedTestServer } from '../helpers/kmip-test-server.js';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type TLSSocket } from 'node:tls';
import { type KmipServerOptions, type RunningServer } from '../../src/server.js';
import type { Logger } from '../../src/log/logger.js';
import {
  ensureDemoCertificates,
  type CertKeyPaths,
  type DemoCertificates,
} from '../../src/transport/demo-certs.js';
import { TtlvFramer } from '../../src/ttlv/framer.js';
import { decodeTtlv } from '../../src/ttlv/decode.js';
import { encodeTtlv } from '../../src/ttlv/encode.js';
import { xmlToTtlv } from '../../src/notation/xml.js';
import type { StructureItem } from '../../src/ttlv/item.js';
import { batchResult, requestXml, type BatchResult } from '../helpers/engine-harness.js';

export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly msg: string;
  readonly fields: Record<string, unknown> | undefined;
}

/** A Logger that records every line (and can say whether one matching a pattern came). */
export class CapturingLogger implements Logger {
  readonly lines: LogLine[] = [];
  debug(msg: string, fields?: Record<string, unknown>): void {
    this.lines.push({ level: 'debug', msg, fields });
  }
  info(msg: string, fields?: Record<string, unknown>): void {
    this.lines.push({ level: 'info', msg, fields });
  }
  warn(msg: string, fields?: Record<string, unknown>): void {
    this.lines.push({ level: 'warn', msg, fields });
  }
  error(msg: string, fields?: Record<string, unknown>): void {
    this.lines.push({ level: 'error', msg, fields });
  }
  /** The lines whose message and fields, as one JSON text, match `pattern`. */
  matching(pattern: RegExp): LogLine[] {
    return this.lines.filter((l) => pattern.test(`${l.msg} ${JSON.stringify(l.fields ?? {})}`));
  }
}

export interface TestServer {
  readonly server: RunningServer;
  readonly port: number;
  readonly log: CapturingLogger;
  readonly certs: DemoCertificates;
  close(): Promise<void>;
}

export type ServerOverrides = Partial<
  Pick<
    KmipServerOptions,
    | 'maxMessageSize'
    | 'maxConnections'
    | 'idleTimeoutMs'
    | 'handshakeTimeoutMs'
    | 'requestTimeoutMs'
    | 'auditLog'
    | 'enableTlsClientAuth'
    | 'httpsPort'
  >
>;

let demoDir: string | undefined;
let demo: Promise<DemoCertificates> | undefined;

/** The demo certificates, made once per test process (RSA key generation is what takes time). */
export function demoCertificates(): Promise<DemoCertificates> {
  demoDir ??= mkdtempSync(join(tmpdir(), 'kmip-hardening-certs-'));
  demo ??= ensureDemoCertificates(demoDir);
  return demo;
}

export async function startTestServer(
  overrides: ServerOverrides = {},
  caPath?: string,
  crlPath?: string,
): Promise<TestServer> {
  const log = new CapturingLogger();
  const started = await startSharedTestServer({
    certs: await demoCertificates(),
    ...(caPath !== undefined ? { caPath } : {}),
    ...(crlPath !== undefined ? { crlPath } : {}),
    server: { log, ...overrides },
  });
  return {
    server: started.server,
    port: started.port,
    log,
    certs: started.certs,
    close: () => started.stop(),
  };
}

/** Opens a mutual-TLS connection with the given client certificate (the demo client's by default). */
export async function tlsClient(port: number, ca: string, client?: CertKeyPaths): Promise<TLSSocket> {
  const certs = await demoCertificates();
  const pair = client ?? certs.client;
  return new Promise((resolve, reject) => {
    const socket = connect({
      host: '127.0.0.1',
      port,
      ca: readFileSync(ca),
      cert: readFileSync(pair.cert),
      key: readFileSync(pair.key),
      servername: 'localhost',
    });
    socket.once('secureConnect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

export interface HandshakeOutcome {
  /** Bytes the server answered (none when it refused the client). */
  readonly answered: number;
  /** The client-side error, if any (the alert a refusal sends). */
  readonly error: string | undefined;
  /** The TLS session the server granted, for a resumption attempt. */
  readonly session: Buffer | undefined;
}

/**
 * Connects with `client` (or no certificate), optionally resuming `session`, sends a request once
 * TLS says it is connected, and resolves when the connection closes with what happened.
 */
export function handshakeAttempt(
  port: number,
  ca: string,
  client: CertKeyPaths | undefined,
  session?: Buffer,
): Promise<HandshakeOutcome> {
  return new Promise((resolve) => {
    let answered = 0;
    let error: string | undefined;
    let granted: Buffer | undefined;
    const socket = connect({
      host: '127.0.0.1',
      port,
      servername: 'localhost',
      ca: readFileSync(ca),
      ...(client === undefined ? {} : { cert: readFileSync(client.cert), key: readFileSync(client.key) }),
      ...(session === undefined ? {} : { session }),
    });
    socket.on('session', (s: Buffer) => (granted = s));
    socket.on('secureConnect', () => socket.write(requestBytes('DiscoverVersions')));
    socket.on('data', (d: Buffer) => {
      answered += d.length;
      // Answered: the session ticket (TLS 1.3 sends it after the handshake) has come too.
      socket.end();
    });
    socket.on('error', (e: Error) => (error = e.message));
    socket.on('close', () => resolve({ answered, error, session: granted }));
    setTimeout(() => socket.destroy(), 5000).unref();
  });
}

/** A request message with one batch item, encoded. */
export function requestBytes(operation: string, payloadXml = '', version = '1.4'): Uint8Array {
  return encodeTtlv(xmlToTtlv(requestXml(operation, payloadXml, version)));
}

/** Reads whole TTLV frames from a socket until `count` have come; rejects if it closes first. */
export function readFrames(socket: TLSSocket, count: number, timeoutMs = 10_000): Promise<StructureItem[]> {
  const framer = new TtlvFramer({ maxMessageSize: 16 * 1024 * 1024 });
  const out: StructureItem[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => finish(new Error(`no ${count} responses within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer): void => {
      framer.push(chunk, (frame) => {
        const item = decodeTtlv(frame);
        if (item.type === 'Structure') out.push(item);
      });
      if (out.length >= count) finish();
    };
    const onClose = (): void =>
      finish(new Error(`connection closed after ${out.length} of ${count} responses`));
    const finish = (err?: Error): void => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      if (err === undefined) resolve(out);
      else reject(err);
    };
    socket.on('data', onData);
    socket.once('close', onClose);
  });
}

/** Resolves when the socket has closed (with how long it took), or rejects after `timeoutMs`. */
export function closed(
  socket: { once(e: 'close', f: () => void): unknown; destroyed: boolean },
  timeoutMs = 10_000,
): Promise<number> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still open after ${timeoutMs} ms`)), timeoutMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(Date.now() - start);
    });
  });
}

/** One Query request over a fresh connection: proves the server still serves. */
export async function querySucceeds(t: TestServer): Promise<BatchResult> {
  const socket = await tlsClient(t.port, t.certs.ca.cert);
  try {
    const reply = readFrames(socket, 1);
    socket.write(requestBytes('Query', '<QueryFunction type="Enumeration" value="QueryOperations"/>'));
    const [response] = await reply;
    if (response === undefined) throw new Error('no response');
    return batchResult(response);
  } finally {
    socket.destroy();
  }
}

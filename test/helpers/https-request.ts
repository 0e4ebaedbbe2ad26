// Plain HTTP(S) requests for the tests of the HTTPS and admin listeners: one request on its own
// connection (no keep-alive), the whole response body read, with the demo client certificate (or
// another one) for mutual TLS.
import { readFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { CertKeyPaths, DemoCertificates } from '../../src/transport/demo-certs.js';

export interface HttpReply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface HttpsRequestOptions {
  readonly method?: string;
  readonly path?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Uint8Array | string;
  /** The client certificate (default: the demo client's; null: none). */
  readonly client?: CertKeyPaths | null;
}

function collect(
  resolve: (r: HttpReply) => void,
  reject: (e: Error) => void,
): (res: IncomingMessage) => void {
  return (res) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.once('error', reject);
    res.once('end', () =>
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
    );
  };
}

/** One request to the HTTPS listener on 127.0.0.1:port, as the demo client by default. */
export function httpsRequestTo(
  port: number,
  certs: DemoCertificates,
  o: HttpsRequestOptions = {},
): Promise<HttpReply> {
  const client = o.client === undefined ? certs.client : o.client;
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port,
        servername: 'localhost',
        method: o.method ?? 'POST',
        path: o.path ?? '/kmip',
        headers: o.headers ?? {},
        ca: readFileSync(certs.ca.cert),
        ...(client === null ? {} : { cert: readFileSync(client.cert), key: readFileSync(client.key) }),
        agent: false,
      },
      collect(resolve, reject),
    );
    req.once('error', reject);
    req.end(o.body);
  });
}

/** A GET to the admin listener. */
export function httpGet(port: number, path: string, host = '127.0.0.1'): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host, port, path, agent: false }, collect(resolve, reject));
    req.once('error', reject);
    req.end();
  });
}

/** The value of one sample in Prometheus text format, or undefined when it is absent. */
export function sampleValue(
  metricsText: string,
  name: string,
  labels: Readonly<Record<string, string>> = {},
): number | undefined {
  for (const line of metricsText.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (m === null || m[1] !== name) continue;
    const have = new Map<string, string>();
    for (const pair of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g))
      have.set(pair[1] ?? '', pair[2] ?? '');
    const wanted = Object.entries(labels);
    if (have.size === wanted.length && wanted.every(([k, v]) => have.get(k) === v)) return Number(m[3]);
  }
  return undefined;
}

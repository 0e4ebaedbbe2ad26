// A small HTTP(S) GET for the authentication plugins: one fresh connection per request (no agent
// that keeps sockets open), an overall deadline, a cap on the body, and redirects followed the
// way Python's `requests` (which PyKMIP's SLUGS plugin uses) follows them for a GET.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface HttpGetResult {
  readonly status: number;
  readonly body: string;
}

export interface HttpGetOptions {
  /** For the whole exchange, redirects included. */
  readonly timeoutMs: number;
  /** Default 64 KiB: a SLUGS answer is a short JSON document. */
  readonly maxBodyBytes?: number;
  /** Default 5. */
  readonly maxRedirects?: number;
}

/** Why a GET got no HTTP answer (refused, reset, timed out, too big, too many redirects). */
export class HttpGetError extends Error {
  override readonly name = 'HttpGetError';
}

const REDIRECTS: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

function once(
  url: URL,
  signal: AbortSignal,
  maxBody: number,
): Promise<HttpGetResult & { location?: string }> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, { method: 'GET', agent: false, signal, headers: { accept: 'application/json' } });
    req.on('error', (e: Error & { code?: string }) =>
      reject(
        new HttpGetError(
          e.name === 'AbortError'
            ? 'timed out'
            : e.code !== undefined
              ? `${e.code}: ${e.message}`
              : e.message,
        ),
      ),
    );
    req.on('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBody) {
          req.destroy();
          reject(new HttpGetError(`the answer is larger than ${maxBody} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      res.on('error', (e) => reject(new HttpGetError(e.message)));
      res.on('end', () => {
        const location = res.headers.location;
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          ...(location !== undefined ? { location } : {}),
        });
      });
    });
    req.end();
  });
}

/** GETs `url`; resolves with any HTTP status, rejects with HttpGetError when there is none. */
export async function httpGet(url: string, opts: HttpGetOptions): Promise<HttpGetResult> {
  const signal = AbortSignal.timeout(opts.timeoutMs);
  const maxBody = opts.maxBodyBytes ?? 64 * 1024;
  let target = new URL(url);
  for (let hop = 0; ; hop++) {
    if (target.protocol !== 'http:' && target.protocol !== 'https:') {
      throw new HttpGetError(`cannot follow a redirect to ${target.protocol} URLs`);
    }
    const r = await once(target, signal, maxBody);
    if (!REDIRECTS.has(r.status) || r.location === undefined) return { status: r.status, body: r.body };
    if (hop >= (opts.maxRedirects ?? 5)) throw new HttpGetError('too many redirects');
    target = new URL(r.location, target);
  }
}

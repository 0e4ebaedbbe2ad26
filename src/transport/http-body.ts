// Reads an HTTP request body under the listener's limits: no more than `maxBytes` (a declared
// Content-Length above it is refused before a byte is read, as the TTLV framer refuses a length
// from the header), and, from the moment the request arrived, within `timeoutMs` (slow senders).
import type { IncomingMessage } from 'node:http';

export type BodyResult =
  | { readonly ok: true; readonly body: Buffer }
  | { readonly ok: false; readonly why: 'too-large' | 'timeout' | 'aborted' };

export function readBody(req: IncomingMessage, maxBytes: number, timeoutMs: number): Promise<BodyResult> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > maxBytes) {
    return Promise.resolve({ ok: false, why: 'too-large' });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (r: BodyResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
      req.off('error', onClose);
      if (!r.ok) req.pause();
      resolve(r);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) finish({ ok: false, why: 'too-large' });
      else chunks.push(chunk);
    };
    const onEnd = (): void => finish({ ok: true, body: Buffer.concat(chunks, size) });
    const onClose = (): void => finish({ ok: false, why: 'aborted' });
    const timer =
      timeoutMs > 0 ? setTimeout(() => finish({ ok: false, why: 'timeout' }), timeoutMs) : undefined;
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('close', onClose);
    req.once('error', onClose);
  });
}

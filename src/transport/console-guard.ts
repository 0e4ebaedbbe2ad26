// The web console's browser-side protections. Every answer under /ui/ carries a strict Content
// Security Policy (CSP Level 3: scripts, styles, images and fetches from this origin only; no inline
// script or style, no plugins, no framing, forms post only here), and is never cached or framed.
// A request that changes something, or reads the console's API, must come from a page of this
// origin (Fetch Metadata `Sec-Fetch-Site`, and the Origin header, RFC 6454 §7), besides carrying
// its CSRF token (console-routes.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { respond } from './http-router.js';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Frame-Options': 'DENY',
  // Not no-referrer: with it the browser sends `Origin: null` on form posts, which would be refused.
  'Referrer-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
});

/** Why a request does not come from a page of this origin, or undefined when it does. */
export function crossOriginReason(req: IncomingMessage): string | undefined {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin') return `the request was made by a ${site} page`;
  const origin = req.headers.origin;
  const host = req.headers.host;
  if (origin !== undefined && (host === undefined || origin !== `https://${host}`))
    return `the request was made by a page of ${origin}`;
  return undefined;
}

export function sendHtml(
  res: ServerResponse,
  status: number,
  html: string,
  headers: Readonly<Record<string, string | string[]>> = {},
): void {
  sendWithHeaders(res, status, 'text/html; charset=utf-8', html, headers);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  value: unknown,
  headers: Readonly<Record<string, string | string[]>> = {},
): void {
  sendWithHeaders(res, status, 'application/json', `${JSON.stringify(value)}\n`, headers);
}

/** 303 See Other: after a form post, the browser GETs `location`. */
export function redirect(
  res: ServerResponse,
  location: string,
  headers: Readonly<Record<string, string | string[]>> = {},
): void {
  sendWithHeaders(res, 303, 'text/plain; charset=utf-8', `see ${location}\n`, {
    ...headers,
    Location: location,
  });
}

/** respond() with the security headers; Set-Cookie may be several values. */
export function sendWithHeaders(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string | Uint8Array,
  headers: Readonly<Record<string, string | string[]>> = {},
): void {
  const single: Record<string, string> = { ...SECURITY_HEADERS };
  for (const [name, value] of Object.entries(headers)) {
    if (Array.isArray(value)) res.setHeader(name, value);
    else single[name] = value;
  }
  respond(res, status, contentType, body, single);
}

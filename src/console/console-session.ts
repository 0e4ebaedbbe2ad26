// Web console sessions as signed cookies (RFC 6265 §4.1; the `__Host-` prefix, RFC 6265bis §4.1.3.2,
// makes the browser keep it only when Secure, host-only and Path=/): the cookie carries who signed
// in, how, and until when, under an HMAC-SHA256 of a key every worker process shares (the
// `console-session.key` file), so any worker can check it and no session table is needed. A
// session ends after `idle` without a request and in any case `maxAge` after sign-in. Whatever
// the cookie says, every request checks again that its certificate is still presented or its token
// still listed (console-auth.ts), so a copied cookie alone is worth nothing once that is gone.
//
// CSRF (OWASP "synchronizer token" pattern, here stateless): the token is an HMAC of the session
// id, given to the page by GET /ui/api/session, which another origin cannot read; every POST must
// send it back in a header. The login form, used before any session exists, carries an HMAC of a
// random nonce also set as a short-lived cookie (the "signed double-submit cookie").
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export const SESSION_COOKIE = '__Host-kmip-console';
export const LOGIN_COOKIE = '__Host-kmip-console-login';

export const SessionVia = Object.freeze({ Certificate: 'certificate', Token: 'token' } as const);
export type SessionVia = (typeof SessionVia)[keyof typeof SessionVia];

export interface ConsoleSession {
  readonly sid: string;
  readonly identity: string;
  readonly via: SessionVia;
  /** The SHA-256 of the token a token session signed in with. */
  readonly token?: string;
  /** Sign-in time and expiry, in ms since the epoch. */
  readonly issued: number;
  readonly expires: number;
}

export interface SessionOptions {
  /** How long a session lives without a request. */
  readonly idleMs: number;
  /** How long it lives at most after sign-in. */
  readonly maxAgeMs: number;
  readonly now?: () => number;
}

export const DEFAULT_MAX_AGE_MS = 12 * 3_600_000;

function mac(key: Buffer, purpose: string, data: string): Buffer {
  return createHmac('sha256', key).update(`${purpose}\0${data}`, 'utf8').digest();
}

function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function isSession(v: unknown): v is ConsoleSession {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  return (
    typeof s.sid === 'string' &&
    typeof s.identity === 'string' &&
    (s.via === SessionVia.Certificate || s.via === SessionVia.Token) &&
    (s.token === undefined || typeof s.token === 'string') &&
    typeof s.issued === 'number' &&
    typeof s.expires === 'number'
  );
}

export class SessionSigner {
  readonly #key: Buffer;
  readonly #o: SessionOptions;

  constructor(key: Buffer, o: SessionOptions) {
    if (key.length < 32) throw new Error('the console session key must be at least 32 bytes');
    this.#key = key;
    this.#o = o;
  }

  #now(): number {
    return this.#o.now?.() ?? Date.now();
  }

  issue(identity: string, via: SessionVia, token?: string): ConsoleSession {
    const issued = this.#now();
    return {
      sid: randomBytes(16).toString('base64url'),
      identity,
      via,
      ...(token === undefined ? {} : { token }),
      issued,
      expires: Math.min(issued + this.#o.idleMs, issued + this.#o.maxAgeMs),
    };
  }

  /** The session pushed `idle` further, never past its maximum age. */
  refresh(s: ConsoleSession): ConsoleSession {
    return { ...s, expires: Math.min(this.#now() + this.#o.idleMs, s.issued + this.#o.maxAgeMs) };
  }

  encode(s: ConsoleSession): string {
    const body = Buffer.from(JSON.stringify(s), 'utf8').toString('base64url');
    return `${body}.${mac(this.#key, 'session', body).toString('base64url')}`;
  }

  /** The session a cookie value holds, if its signature is ours and it has not expired. */
  decode(value: string | undefined): ConsoleSession | undefined {
    if (value === undefined || value.length > 4096) return undefined;
    const dot = value.indexOf('.');
    if (dot < 0) return undefined;
    const body = value.slice(0, dot);
    if (!sameBytes(Buffer.from(value.slice(dot + 1), 'base64url'), mac(this.#key, 'session', body)))
      return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    if (!isSession(parsed)) return undefined;
    const now = this.#now();
    if (parsed.expires <= now || parsed.issued + this.#o.maxAgeMs <= now) return undefined;
    return parsed;
  }

  /** Seconds until the session expires, for the cookie's Max-Age. */
  maxAgeSeconds(s: ConsoleSession): number {
    return Math.max(0, Math.floor((s.expires - this.#now()) / 1000));
  }

  csrfToken(s: ConsoleSession): string {
    return mac(this.#key, 'csrf', s.sid).toString('base64url');
  }

  checkCsrf(s: ConsoleSession, presented: string | undefined): boolean {
    return (
      presented !== undefined && sameBytes(Buffer.from(presented, 'base64url'), mac(this.#key, 'csrf', s.sid))
    );
  }

  /** A fresh nonce for the login form's cookie, and the form field that must come back with it. */
  loginChallenge(): { nonce: string; field: string } {
    const nonce = randomBytes(16).toString('base64url');
    return { nonce, field: mac(this.#key, 'login', nonce).toString('base64url') };
  }

  checkLogin(nonce: string | undefined, field: string | undefined): boolean {
    return (
      nonce !== undefined &&
      field !== undefined &&
      sameBytes(Buffer.from(field, 'base64url'), mac(this.#key, 'login', nonce))
    );
  }
}

/** A Set-Cookie value: HttpOnly, Secure, SameSite=Strict, host-only, Path=/. */
export function cookieHeader(name: string, value: string, maxAgeSeconds: number): string {
  return `${name}=${value}; Max-Age=${maxAgeSeconds}; Path=/; Secure; HttpOnly; SameSite=Strict`;
}

/** The cookies of a request header (RFC 6265 §5.4 form: `a=1; b=2`). */
export function readCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (!out.has(name)) out.set(name, part.slice(eq + 1).trim());
  }
  return out;
}

/** The session key every worker shares: read from `path`, made (32 random bytes, 0600) when missing. */
export function loadSessionKey(path: string): Buffer {
  if (!existsSync(path)) {
    try {
      writeFileSync(path, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
    } catch (e) {
      // Another process made it first: read theirs.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'hex');
  if (key.length < 32) throw new Error(`${path}: the console session key must be 64 hex characters`);
  return key;
}

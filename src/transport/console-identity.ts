// Who a web console request speaks for. A console session (src/console/console-session.ts) starts
// from the client certificate — by the TTLV port's rules (identity.ts: verified chain, clientAuth
// extended key usage, common name) — or from a token of the console_tokens file, and every
// request proves it again: a certificate session needs the same certificate identity on the
// request's connection, a token session needs its token still listed for the same identity. So
// removing a token, or taking the certificate away, ends the session at its next request.
import type { IncomingMessage } from 'node:http';
import type { ConsoleTokens } from '../console/console-tokens.js';
import {
  SESSION_COOKIE,
  SessionVia,
  readCookies,
  type ConsoleSession,
  type SessionSigner,
} from '../console/console-session.js';
import type { RequestIdentity } from './http-identity.js';

export interface ConsoleIdentityOptions {
  readonly signer: SessionSigner;
  readonly certificate: RequestIdentity;
  /** The console_tokens file; undefined: token sign-in is off. */
  readonly tokens: ConsoleTokens | undefined;
}

export type ConsoleCheck =
  { readonly ok: true; readonly session: ConsoleSession } | { readonly ok: false; readonly reason: string };

/** The request's session, checked against its certificate or its token. */
export function consoleSessionOf(req: IncomingMessage, o: ConsoleIdentityOptions): ConsoleCheck {
  const session = o.signer.decode(readCookies(req.headers.cookie).get(SESSION_COOKIE));
  if (session === undefined) return { ok: false, reason: 'not signed in, or the session has ended' };
  if (session.via === SessionVia.Certificate) {
    const who = o.certificate(req);
    if (!who.ok || who.identity !== session.identity)
      return { ok: false, reason: 'the certificate this session signed in with is not presented' };
    return { ok: true, session };
  }
  const entry = session.token === undefined ? undefined : o.tokens?.byHash(session.token);
  if (entry === undefined || entry.identity !== session.identity)
    return { ok: false, reason: 'the token this session signed in with is no longer listed' };
  return { ok: true, session };
}

/** A new certificate session, when the connection carries a certificate the identity rules accept. */
export function certificateSignIn(
  req: IncomingMessage,
  o: ConsoleIdentityOptions,
): ConsoleSession | undefined {
  const who = o.certificate(req);
  return who.ok ? o.signer.issue(who.identity, SessionVia.Certificate) : undefined;
}

/** A new token session, when the token is listed. */
export function tokenSignIn(token: string, o: ConsoleIdentityOptions): ConsoleSession | undefined {
  const entry = o.tokens?.identityOf(token);
  return entry === undefined ? undefined : o.signer.issue(entry.identity, SessionVia.Token, entry.hash);
}

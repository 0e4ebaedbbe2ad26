// The web console under /ui/ on the HTTPS listener (KMIP over HTTPS's port, same certificates):
//   GET  /ui/               the app (a certificate the identity rules accept signs in by itself)
//   GET  /ui/login          the sign-in page, the only page served without a session
//   POST /ui/login          token sign-in (console_tokens), a form with its CSRF field
//   POST /ui/logout         ends the session (CSRF field)
//   GET  /ui/assets/NAME    the built app, style sheet and icon (console-assets.ts)
//   GET  /ui/api/session    who is signed in, and the CSRF token for POSTs
//   GET  /ui/api/server     the server page (console_admins only)
//   GET  /ui/api/audit      audit records and chain verdicts (others' records: console_admins only)
//   POST /ui/api/kmip       a KMIP JSON request run as the session's identity (console-kmip-route.ts)
// Without a session an API call gets 401 and a page the sign-in page. Every POST needs the
// session's CSRF token and must come from this origin (console-guard.ts).
import type { Engine } from '../engine/engine.js';
import type { Logger } from '../log/logger.js';
import type { AuditReply, ServerInfoReply, SessionInfo } from '../console/console-api.js';
import { AuditReader } from '../console/audit-query.js';
import {
  LOGIN_COOKIE,
  SESSION_COOKIE,
  cookieHeader,
  readCookies,
  type ConsoleSession,
} from '../console/console-session.js';
import { HttpRouter, type HttpExchange, type Route } from './http-router.js';
import { readBody } from './http-body.js';
import { crossOriginReason, redirect, sendHtml, sendJson, sendWithHeaders } from './console-guard.js';
import { ASSETS_PATH, appShell, loginPage } from './console-pages.js';
import type { ConsoleAssets } from './console-assets.js';
import {
  certificateSignIn,
  consoleSessionOf,
  tokenSignIn,
  type ConsoleIdentityOptions,
} from './console-identity.js';
import { consoleKmip } from './console-kmip-route.js';

export const CONSOLE_PATH = '/ui/';
export const CSRF_HEADER = 'x-csrf-token';
const FORM_LIMIT = 4096;
const LOGIN_COOKIE_SECONDS = 600;
const AUDIT_DEFAULT_LIMIT = 100;
const AUDIT_MAX_LIMIT = 1000;
/** A session is re-issued (its idle time restarted) once this share of its idle time has passed. */
const REFRESH_AFTER = 0.1;

export interface ConsoleOptions {
  readonly engine: Engine;
  readonly identity: ConsoleIdentityOptions;
  /** Identities that see the server page and every identity's audit records (console_admins). */
  readonly admins: ReadonlySet<string>;
  readonly serverInfo: () => Promise<ServerInfoReply>;
  /** The audit_log file, when the server keeps one. */
  readonly auditLog: string | undefined;
  readonly assets: ConsoleAssets;
  readonly log: Logger;
  readonly maxMessageSize: number;
  readonly requestTimeoutMs: number;
  /** The session idle time, for deciding when to re-issue the cookie. */
  readonly idleMs: number;
}

const sessionCookie = (value: string, seconds: number): string =>
  cookieHeader(SESSION_COOKIE, value, seconds);

/** Routes to add to the HTTPS listener's router. */
export function consoleRoutes(o: ConsoleOptions): Route[] {
  const { signer } = o.identity;
  const reader = o.auditLog === undefined ? undefined : new AuditReader(o.auditLog);
  const refreshed = (s: ConsoleSession): string[] => {
    if (s.expires - Date.now() > o.idleMs * (1 - REFRESH_AFTER)) return [];
    const next = signer.refresh(s);
    return [sessionCookie(signer.encode(next), signer.maxAgeSeconds(next))];
  };

  /** The request's session, or an answer already sent (401 for the API, the sign-in page otherwise). */
  const sessionOr401 = (x: HttpExchange): ConsoleSession | undefined => {
    const check = consoleSessionOf(x.req, o.identity);
    if (check.ok) return check.session;
    sendJson(x.res, 401, { error: `${check.reason}; sign in at /ui/login` });
    return undefined;
  };

  /** For an API call: from this origin, and for a POST with the session's CSRF token. */
  const apiSession = (x: HttpExchange): ConsoleSession | undefined => {
    const why = crossOriginReason(x.req);
    if (why !== undefined) {
      sendJson(x.res, 403, { error: `refused: ${why}` });
      return undefined;
    }
    const session = sessionOr401(x);
    if (session === undefined) return undefined;
    if (x.req.method === 'POST' && !signer.checkCsrf(session, headerText(x, CSRF_HEADER))) {
      sendJson(x.res, 403, {
        error: 'refused: the request lacks this session’s CSRF token (reload the page)',
      });
      return undefined;
    }
    // Any use of the API keeps the session alive (the answer carries the re-issued cookie).
    const cookies = refreshed(session);
    if (cookies.length > 0) x.res.setHeader('Set-Cookie', cookies);
    return session;
  };

  const showLogin = (x: HttpExchange, status: number, extra: { error?: string; notice?: string }): void => {
    const who = o.identity.certificate(x.req);
    const cookies: string[] = [];
    let tokenForm: { csrf: string } | undefined;
    if (o.identity.tokens !== undefined) {
      const challenge = signer.loginChallenge();
      cookies.push(cookieHeader(LOGIN_COOKIE, challenge.nonce, LOGIN_COOKIE_SECONDS));
      tokenForm = { csrf: challenge.field };
    }
    const html = loginPage({
      ...(who.ok ? { certificateIdentity: who.identity } : { certificateRefusal: who.reason }),
      tokenForm,
      ...extra,
    });
    sendHtml(x.res, status, html, cookies.length > 0 ? { 'Set-Cookie': cookies } : {});
  };

  const app = (x: HttpExchange): void => {
    const check = consoleSessionOf(x.req, o.identity);
    if (check.ok) {
      const cookies = refreshed(check.session);
      sendHtml(x.res, 200, appShell(), cookies.length > 0 ? { 'Set-Cookie': cookies } : {});
      return;
    }
    // A browser presenting an accepted certificate is signed in as a KMIP client would be.
    const session = certificateSignIn(x.req, o.identity);
    if (session === undefined) {
      redirect(x.res, '/ui/login');
      return;
    }
    o.log.info('console sign-in', { identity: session.identity, via: session.via, remote: remoteOf(x) });
    sendHtml(x.res, 200, appShell(), {
      'Set-Cookie': sessionCookie(signer.encode(session), signer.maxAgeSeconds(session)),
    });
  };

  const login = async (x: HttpExchange): Promise<void> => {
    if (x.req.method !== 'POST') {
      showLogin(x, 200, {});
      return;
    }
    const why = crossOriginReason(x.req);
    if (why !== undefined || o.identity.tokens === undefined) {
      showLogin(x, 403, { error: why ?? 'token sign-in is not enabled on this server (console_tokens)' });
      return;
    }
    const form = await readForm(x, o.requestTimeoutMs);
    if (form === undefined) return;
    const nonce = readCookies(x.req.headers.cookie).get(LOGIN_COOKIE);
    if (!signer.checkLogin(nonce, form.get('csrf') ?? undefined)) {
      showLogin(x, 403, { error: 'The sign-in form expired; please try again.' });
      return;
    }
    const session = tokenSignIn((form.get('token') ?? '').trim(), o.identity);
    if (session === undefined) {
      o.log.warn('console sign-in refused: unknown token', { remote: remoteOf(x) });
      showLogin(x, 401, { error: 'This token is not valid.' });
      return;
    }
    o.log.info('console sign-in', { identity: session.identity, via: session.via, remote: remoteOf(x) });
    redirect(x.res, CONSOLE_PATH, {
      'Set-Cookie': [
        sessionCookie(signer.encode(session), signer.maxAgeSeconds(session)),
        cookieHeader(LOGIN_COOKIE, '', 0),
      ],
    });
  };

  const logout = async (x: HttpExchange): Promise<void> => {
    const why = crossOriginReason(x.req);
    const check = consoleSessionOf(x.req, o.identity);
    const form = await readForm(x, o.requestTimeoutMs);
    if (form === undefined) return;
    if (why !== undefined || (check.ok && !signer.checkCsrf(check.session, form.get('csrf') ?? undefined))) {
      sendJson(x.res, 403, { error: `refused: ${why ?? 'the request lacks this session’s CSRF token'}` });
      return;
    }
    if (check.ok) o.log.info('console sign-out', { identity: check.session.identity, remote: remoteOf(x) });
    redirect(x.res, '/ui/login?signed-out', { 'Set-Cookie': sessionCookie('', 0) });
  };

  const assets = async (x: HttpExchange): Promise<void> => {
    const name = x.path.slice(ASSETS_PATH.length);
    let found: Awaited<ReturnType<ConsoleAssets['read']>>;
    try {
      found = await o.assets.read(name);
    } catch {
      o.log.error('the web console is not built (npm run build makes dist/ui)', { dir: o.assets.dir });
      sendWithHeaders(x.res, 503, 'text/plain; charset=utf-8', 'the console is not built on this server\n');
      return;
    }
    if (found === undefined) {
      sendWithHeaders(x.res, 404, 'text/plain; charset=utf-8', `no such file: ${x.path}\n`);
      return;
    }
    if (!found.asset.public && !consoleSessionOf(x.req, o.identity).ok) {
      sendWithHeaders(x.res, 401, 'text/plain; charset=utf-8', 'sign in at /ui/login\n');
      return;
    }
    sendWithHeaders(x.res, 200, found.asset.contentType, found.bytes, { 'Cache-Control': 'no-cache' });
  };

  const sessionInfo = (x: HttpExchange): void => {
    const s = apiSession(x);
    if (s === undefined) return;
    const info: SessionInfo = {
      identity: s.identity,
      via: s.via,
      csrf: signer.csrfToken(s),
      admin: o.admins.has(s.identity),
      expires: new Date(s.expires).toISOString(),
    };
    sendJson(x.res, 200, info);
  };

  const server = async (x: HttpExchange): Promise<void> => {
    const s = apiSession(x);
    if (s === undefined) return;
    if (!o.admins.has(s.identity)) {
      sendJson(x.res, 403, {
        error: `${s.identity} is not a console administrator: the server page is for the identities console_admins lists`,
      });
      return;
    }
    sendJson(x.res, 200, await o.serverInfo());
  };

  const audit = async (x: HttpExchange): Promise<void> => {
    const s = apiSession(x);
    if (s === undefined) return;
    const q = new URL(x.req.url ?? '/', 'https://console.invalid').searchParams;
    const given = (name: string): string | undefined => {
      const v = q.get(name)?.trim();
      return v === undefined || v === '' ? undefined : v;
    };
    // Others' records name their objects: only administrators read them.
    const filter = {
      identity: o.admins.has(s.identity) ? given('identity') : s.identity,
      operation: given('operation'),
      object: given('object'),
    };
    const limitText = given('limit');
    const limit = Math.min(AUDIT_MAX_LIMIT, Math.max(1, Number(limitText ?? AUDIT_DEFAULT_LIMIT) || 1));
    const defined = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined));
    if (reader === undefined) {
      const reply: AuditReply = { enabled: false, records: [], more: false, chains: [], filter: defined };
      sendJson(x.res, 200, reply);
      return;
    }
    const r = await reader.query(filter, limit);
    const reply: AuditReply = { enabled: true, ...r, filter: defined };
    sendJson(x.res, 200, reply);
  };

  const kmip = async (x: HttpExchange): Promise<void> => {
    const s = apiSession(x);
    if (s === undefined) return;
    await consoleKmip(x, s, o);
  };

  const inner = new HttpRouter({
    log: o.log,
    notFound: ({ res, path }) =>
      path.startsWith('/ui/api/')
        ? sendJson(res, 404, { error: `no such API: ${path}` })
        : sendWithHeaders(res, 404, 'text/plain; charset=utf-8', `no such page: ${path}\n`),
  })
    .add({ path: CONSOLE_PATH, methods: ['GET'], handler: app })
    .add({ path: '/ui/login', methods: ['GET', 'POST'], handler: login })
    .add({ path: '/ui/logout', methods: ['POST'], handler: logout })
    .add({ path: ASSETS_PATH, prefix: true, methods: ['GET'], handler: assets })
    .add({ path: '/ui/api/session', methods: ['GET'], handler: sessionInfo })
    .add({ path: '/ui/api/server', methods: ['GET'], handler: server })
    .add({ path: '/ui/api/audit', methods: ['GET'], handler: audit })
    .add({ path: '/ui/api/kmip', methods: ['POST'], handler: kmip });
  return [
    { path: CONSOLE_PATH, prefix: true, handler: (x) => inner.dispatch(x.req, x.res) },
    { path: '/ui', methods: ['GET'], handler: ({ res }) => redirect(res, CONSOLE_PATH) },
  ];
}

function headerText(x: HttpExchange, name: string): string | undefined {
  const v = x.req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function remoteOf(x: HttpExchange): string | undefined {
  return x.req.socket.remoteAddress;
}

/** A small urlencoded form body; undefined when an answer was already sent. */
async function readForm(x: HttpExchange, timeoutMs: number): Promise<URLSearchParams | undefined> {
  const read = await readBody(x.req, FORM_LIMIT, timeoutMs);
  if (read.ok) return new URLSearchParams(read.body.toString('utf8'));
  if (read.why !== 'aborted') {
    x.res.setHeader('Connection', 'close');
    sendJson(x.res, read.why === 'too-large' ? 413 : 408, {
      error: `the form ${read.why === 'too-large' ? 'is too large' : 'arrived too slowly'}`,
    });
  }
  return undefined;
}

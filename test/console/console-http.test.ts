// The web console's server side over HTTPS, without a browser: only the sign-in page is served
// without a session; token and certificate sessions, their cookies, CSRF and same-origin checks;
// a session ends when its token is removed or its certificate is not presented; POST /ui/api/kmip
// runs KMIP as the session's identity; the server page and others' audit records are for
// console_admins only; /kmip still takes only verified certificates; every answer carries the
// security headers and a Content Security Policy without inline script or style.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { HttpReply, HttpsRequestOptions } from '../helpers/https-request.js';
import {
  ConsoleHttp,
  createAesPayload,
  json,
  kmipJsonRequest,
  setCookie,
} from '../helpers/console-client.js';
import {
  ADMIN_IDENTITY,
  TOKEN_IDENTITY,
  startConsoleServer,
  type ConsoleTestServer,
} from '../helpers/console-server.js';
import { LOGIN_COOKIE, SESSION_COOKIE } from '../../src/console/console-session.js';
import type { AuditReply, ServerInfoReply, SessionInfo } from '../../src/console/console-api.js';

let s: ConsoleTestServer;
let assets: string;

before(async () => {
  assets = mkdtempSync(join(tmpdir(), 'kmip-console-assets-'));
  writeFileSync(join(assets, 'console.js'), 'export {};\n');
  writeFileSync(join(assets, 'console.css'), 'body{}\n');
  writeFileSync(join(assets, 'icon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>\n');
  s = await startConsoleServer({ console: { assetsDir: assets } });
  c = new ConsoleHttp(s.port, s.t.certs);
});
after(async () => {
  await s.stop();
  rmSync(assets, { recursive: true, force: true });
});

let c: ConsoleHttp;

function get(path: string, o: HttpsRequestOptions = {}): Promise<HttpReply> {
  return c.request(path, o);
}

const tokenSession = (token = s.token): Promise<string> => c.tokenSession(token);
const sessionInfo = (cookie: string, o: HttpsRequestOptions = {}): Promise<SessionInfo> =>
  c.session(cookie, o);

const CREATE = kmipJsonRequest([{ operation: 'Create', payload: createAesPayload() }]);

function kmipPost(cookie: string, csrf: string | undefined, o: HttpsRequestOptions = {}): Promise<HttpReply> {
  return get('/ui/api/kmip', {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Cookie: `${SESSION_COOKIE}=${cookie}`,
      ...(csrf === undefined ? {} : { 'X-CSRF-Token': csrf }),
      ...o.headers,
    },
    body: JSON.stringify(CREATE),
    ...(o.client === undefined ? {} : { client: o.client }),
  });
}

test('without a session only the sign-in page and the public assets are served', async () => {
  const app = await get('/ui/');
  assert.equal(app.status, 303);
  assert.equal(app.headers.location, '/ui/login');
  assert.equal((await get('/ui')).headers.location, '/ui/');
  const login = await get('/ui/login');
  assert.equal(login.status, 200);
  assert.match(login.body.toString('utf8'), /<form method="post" action="\/ui\/login">/);
  const api = await get('/ui/api/session');
  assert.equal(api.status, 401);
  assert.match(json<{ error: string }>(api).error, /sign in/);
  assert.equal((await get('/ui/api/server')).status, 401);
  assert.equal((await get('/ui/api/audit')).status, 401);
  assert.equal((await get('/ui/assets/console.js')).status, 401);
  assert.equal((await get('/ui/assets/console.css')).status, 200);
  assert.equal((await get('/ui/assets/icon.svg')).headers['content-type'], 'image/svg+xml');
  assert.equal((await get('/ui/assets/../../package.json')).status, 404);
  assert.equal((await get('/ui/assets/console.js.map')).status, 404);
  assert.equal((await get('/ui/other')).status, 404);
});

test('every answer under /ui/ carries a strict Content Security Policy and is neither cached nor framed', async () => {
  for (const path of ['/ui/', '/ui/login', '/ui/api/session', '/ui/assets/console.css', '/ui/nothing']) {
    const r = await get(path);
    const csp = String(r.headers['content-security-policy']);
    assert.match(csp, /default-src 'none'/, path);
    assert.match(csp, /script-src 'self'/, path);
    assert.match(csp, /frame-ancestors 'none'/, path);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/, path);
    assert.equal(r.headers['x-frame-options'], 'DENY', path);
    assert.equal(r.headers['x-content-type-options'], 'nosniff', path);
    assert.match(String(r.headers['cache-control']), /no-store|no-cache/, path);
  }
  const page = (await get('/ui/login')).body.toString('utf8');
  assert.doesNotMatch(page, /<script(?![^>]*\bsrc=)/, 'no inline script');
  assert.doesNotMatch(page, /<style|\sstyle=/, 'no inline style');
});

test('token sign-in sets a Secure, HttpOnly, SameSite=Strict host-only cookie; a wrong token or form is refused', async () => {
  const page = await get('/ui/login');
  const login = setCookie(page, LOGIN_COOKIE);
  assert.ok(login !== undefined);
  assert.match(login.attributes, /HttpOnly/);
  const cookie = await tokenSession();
  const r = await get('/ui/api/session', { headers: { Cookie: `${SESSION_COOKIE}=${cookie}` } });
  const info = json<SessionInfo>(r);
  assert.equal(info.identity, TOKEN_IDENTITY);
  assert.equal(info.via, 'token');
  assert.equal(info.admin, false);

  const csrf = /name="csrf" value="([^"]+)"/.exec(page.body.toString('utf8'))?.[1] ?? '';
  const attempt = (body: Record<string, string>, headers: Record<string, string> = {}) =>
    get('/ui/login', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Cookie: `${LOGIN_COOKIE}=${login.value}`,
        ...headers,
      },
      body: new URLSearchParams(body).toString(),
    });
  const wrong = await attempt({ token: `${s.token.slice(0, -4)}AAAA`, csrf });
  assert.equal(wrong.status, 401);
  assert.equal(setCookie(wrong, SESSION_COOKIE), undefined);
  assert.match(wrong.body.toString('utf8'), /not valid/);
  assert.equal((await attempt({ token: s.token, csrf: 'forged' })).status, 403);
  assert.equal((await attempt({ token: s.token })).status, 403);
  const crossSite = await attempt({ token: s.token, csrf }, { Origin: 'https://evil.example' });
  assert.equal(crossSite.status, 403);
  assert.equal(setCookie(crossSite, SESSION_COOKIE), undefined);
});

test('a session cookie carries the __Host- prefix attributes and a tampered one is no session', async () => {
  const page = await get('/ui/login');
  const nonce = setCookie(page, LOGIN_COOKIE)?.value ?? '';
  const csrf = /name="csrf" value="([^"]+)"/.exec(page.body.toString('utf8'))?.[1] ?? '';
  const r = await get('/ui/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `${LOGIN_COOKIE}=${nonce}` },
    body: new URLSearchParams({ token: s.token, csrf }).toString(),
  });
  const c = setCookie(r, SESSION_COOKIE);
  assert.ok(c !== undefined);
  assert.ok(SESSION_COOKIE.startsWith('__Host-'));
  for (const a of ['Secure', 'HttpOnly', 'SameSite=Strict', 'Path=/'])
    assert.match(c.attributes, new RegExp(a));
  assert.doesNotMatch(c.attributes, /Domain=/);
  const [body = '', mac = ''] = c.value.split('.');
  const forged = Buffer.from(
    JSON.stringify({
      ...(JSON.parse(Buffer.from(body, 'base64url').toString()) as object),
      identity: ADMIN_IDENTITY,
    }),
  ).toString('base64url');
  const tampered = await get('/ui/api/session', {
    headers: { Cookie: `${SESSION_COOKIE}=${forged}.${mac}` },
  });
  assert.equal(tampered.status, 401);
});

test('POST /ui/api/kmip runs KMIP as the session identity, with its CSRF token, from this origin only', async () => {
  const cookie = await tokenSession();
  const { csrf } = await sessionInfo(cookie);
  const noToken = await kmipPost(cookie, undefined);
  assert.equal(noToken.status, 403);
  assert.match(json<{ error: string }>(noToken).error, /CSRF/);
  assert.equal((await kmipPost(cookie, 'AAAA')).status, 403);
  const foreign = await kmipPost(cookie, csrf, { headers: { Origin: 'https://evil.example' } });
  assert.equal(foreign.status, 403);
  const crossSite = await kmipPost(cookie, csrf, { headers: { 'Sec-Fetch-Site': 'cross-site' } });
  assert.equal(crossSite.status, 403);
  const ok = await kmipPost(cookie, csrf, { headers: { Origin: s.origin, 'Sec-Fetch-Site': 'same-origin' } });
  assert.equal(ok.status, 200);
  assert.equal(ok.headers['content-type'], 'application/json');
  const text = ok.body.toString('utf8');
  assert.match(text, /"ResultStatus","type":"Enumeration","value":"Success"/);
  const uid = /"UniqueIdentifier","type":"TextString","value":"([^"]+)"/.exec(text)?.[1] ?? '';
  // The object belongs to the token's identity: the store says so.
  const stored = await s.t.server.store.get(uid);
  assert.equal(stored?.owner, TOKEN_IDENTITY);
  // A body that is not KMIP JSON gets a KMIP refusal in KMIP JSON.
  const bad = await get('/ui/api/kmip', {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Cookie: `${SESSION_COOKIE}=${cookie}`,
      'X-CSRF-Token': csrf,
    },
    body: '{"tag":"RequestMessage"',
  });
  assert.equal(bad.status, 400);
  assert.match(bad.body.toString('utf8'), /InvalidMessage/);
  const xml = await get('/ui/api/kmip', {
    method: 'POST',
    headers: { 'Content-Type': 'text/xml', Cookie: `${SESSION_COOKIE}=${cookie}`, 'X-CSRF-Token': csrf },
    body: '<RequestMessage/>',
  });
  assert.equal(xml.status, 415);
});

test('removing a token from console_tokens ends its sessions at their next request', async () => {
  const cookie = await tokenSession();
  await sessionInfo(cookie);
  const before = readFileSync(s.tokensFile, 'utf8');
  try {
    writeFileSync(s.tokensFile, '# no tokens\n');
    const r = await get('/ui/api/session', { headers: { Cookie: `${SESSION_COOKIE}=${cookie}` } });
    assert.equal(r.status, 401);
    assert.match(json<{ error: string }>(r).error, /no longer listed/);
  } finally {
    writeFileSync(s.tokensFile, before);
  }
  await sessionInfo(cookie);
});

test('a browser presenting an accepted certificate is signed in by it, and its session needs that certificate', async () => {
  const app = await get('/ui/', { client: s.t.certs.client });
  assert.equal(app.status, 200);
  assert.match(app.body.toString('utf8'), /<script type="module" src="\/ui\/assets\/console.js"><\/script>/);
  const cookie = setCookie(app, SESSION_COOKIE)?.value ?? '';
  const info = await sessionInfo(cookie, { client: s.t.certs.client });
  assert.equal(info.identity, ADMIN_IDENTITY);
  assert.equal(info.via, 'certificate');
  assert.equal(info.admin, true);
  // The cookie alone, or with another identity's certificate, is no session.
  const bare = await get('/ui/api/session', { headers: { Cookie: `${SESSION_COOKIE}=${cookie}` } });
  assert.equal(bare.status, 401);
  assert.match(json<{ error: string }>(bare).error, /certificate/);
  const other = await get('/ui/api/session', {
    headers: { Cookie: `${SESSION_COOKIE}=${cookie}` },
    client: s.t.certs.client2,
  });
  assert.equal(other.status, 401);
  const login = await get('/ui/login', { client: s.t.certs.client });
  assert.match(login.body.toString('utf8'), /Continue as demo-client/);
});

test('/kmip takes only a verified certificate, even though browsers without one may now connect', async () => {
  const r = await get('/kmip', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(CREATE),
  });
  assert.equal(r.status, 403);
  assert.match(r.body.toString('utf8'), /AuthenticationNotSuccessful/);
});

test('the server page is for console_admins; others read only their own audit records', async () => {
  const admin = await get('/ui/', { client: s.t.certs.client });
  const adminCookie = setCookie(admin, SESSION_COOKIE)?.value ?? '';
  const adminHeaders = { Cookie: `${SESSION_COOKIE}=${adminCookie}` };
  const server = await get('/ui/api/server', { headers: adminHeaders, client: s.t.certs.client });
  assert.equal(server.status, 200);
  const info = json<ServerInfoReply>(server);
  assert.equal(info.version, '0.1.0');
  assert.equal(info.auditLog, true);
  assert.ok(info.policies.some((p) => p.name === 'default' && p.builtin));
  assert.ok(info.requestsTotal >= 1);

  const cookie = await tokenSession();
  const { csrf } = await sessionInfo(cookie);
  assert.equal((await kmipPost(cookie, csrf)).status, 200);
  const refused = await get('/ui/api/server', { headers: { Cookie: `${SESSION_COOKIE}=${cookie}` } });
  assert.equal(refused.status, 403);
  assert.match(json<{ error: string }>(refused).error, /console_admins/);

  const own = json<AuditReply>(
    await get(`/ui/api/audit?identity=${ADMIN_IDENTITY}`, {
      headers: { Cookie: `${SESSION_COOKIE}=${cookie}` },
    }),
  );
  assert.equal(own.filter.identity, TOKEN_IDENTITY);
  assert.ok(own.records.length > 0);
  assert.ok(own.records.every((r) => r.identity === TOKEN_IDENTITY));
  const all = json<AuditReply>(
    await get('/ui/api/audit', { headers: adminHeaders, client: s.t.certs.client }),
  );
  assert.equal(all.enabled, true);
  assert.ok(all.chains.every((c) => c.ok));
  const creates = json<AuditReply>(
    await get(`/ui/api/audit?operation=Create&identity=${TOKEN_IDENTITY}&limit=1`, {
      headers: adminHeaders,
      client: s.t.certs.client,
    }),
  );
  assert.equal(creates.records.length, 1);
  assert.equal(creates.more, true, 'the first Create by the token identity is older');
  assert.equal(creates.records[0]?.operation, 'Create');
});

test('sign-out needs the session CSRF token and clears the cookie', async () => {
  const cookie = await tokenSession();
  const { csrf } = await sessionInfo(cookie);
  const post = (body: string) =>
    get('/ui/logout', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `${SESSION_COOKIE}=${cookie}` },
      body,
    });
  assert.equal((await post('csrf=forged')).status, 403);
  const out = await post(new URLSearchParams({ csrf }).toString());
  assert.equal(out.status, 303);
  assert.equal(out.headers.location, '/ui/login?signed-out');
  assert.match(setCookie(out, SESSION_COOKIE)?.attributes ?? '', /Max-Age=0/);
});

test('using the API keeps a session alive: a call made when it is well into its idle time re-issues the cookie', async () => {
  const idle = await startConsoleServer({ console: { idleTimeoutMs: 10_000 } });
  try {
    const ic = new ConsoleHttp(idle.port, idle.t.certs);
    const cookie = await ic.tokenSession(idle.token);
    const { csrf } = await ic.session(cookie);
    await new Promise((r) => setTimeout(r, 1_500));
    const r = await ic.request('/ui/api/kmip', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Cookie: `${SESSION_COOKIE}=${cookie}`,
        'X-CSRF-Token': csrf,
      },
      body: JSON.stringify(CREATE),
    });
    assert.equal(r.status, 200);
    const renewed = setCookie(r, SESSION_COOKIE);
    assert.ok(renewed !== undefined, 'the answer re-issues the session cookie');
    assert.match(renewed.attributes, /Max-Age=(9|10);/);
    assert.equal((await ic.session(renewed.value)).identity, TOKEN_IDENTITY);
  } finally {
    await idle.stop();
  }
});

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { SessionSigner, SessionVia, cookieHeader, loadSessionKey, readCookies } from './console-session.js';

const MINUTE = 60_000;

function signer(now: { t: number }, key = randomBytes(32)): SessionSigner {
  return new SessionSigner(key, { idleMs: 30 * MINUTE, maxAgeMs: 8 * 60 * MINUTE, now: () => now.t });
}

test('a session survives encoding only under the same key, unaltered, and until it expires', () => {
  const now = { t: Date.UTC(2025, 0, 1) };
  const key = randomBytes(32);
  const a = signer(now, key);
  const s = a.issue('alice', SessionVia.Token, 'ab'.repeat(32));
  const cookie = a.encode(s);
  assert.deepEqual(signer(now, key).decode(cookie), s, 'another worker with the same key reads it');
  assert.equal(signer(now).decode(cookie), undefined, 'another key does not');
  const [body = '', mac = ''] = cookie.split('.');
  const altered = Buffer.from(JSON.stringify({ ...s, identity: 'root' })).toString('base64url');
  assert.equal(a.decode(`${altered}.${mac}`), undefined);
  assert.equal(a.decode(`${body}.`), undefined);
  assert.equal(a.decode('garbage'), undefined);
  assert.equal(a.decode(undefined), undefined);
  now.t += 29 * MINUTE;
  assert.ok(a.decode(cookie) !== undefined);
  now.t += 2 * MINUTE;
  assert.equal(a.decode(cookie), undefined, 'idle for more than 30 minutes');
});

test('refreshing restarts the idle time but never passes the maximum age', () => {
  const now = { t: Date.UTC(2025, 0, 1) };
  const a = signer(now);
  let s = a.issue('alice', SessionVia.Certificate);
  for (let i = 0; i < 20; i++) {
    now.t += 25 * MINUTE;
    const live = a.decode(a.encode(s));
    if (live === undefined) break;
    s = a.refresh(live);
  }
  assert.ok(s.expires <= s.issued + 8 * 60 * MINUTE);
  now.t = s.issued + 8 * 60 * MINUTE;
  assert.equal(a.decode(a.encode(s)), undefined);
});

test('CSRF and sign-in form tokens are bound to their session and nonce', () => {
  const now = { t: Date.now() };
  const a = signer(now);
  const s1 = a.issue('alice', SessionVia.Token, 'x');
  const s2 = a.issue('alice', SessionVia.Token, 'x');
  assert.ok(a.checkCsrf(s1, a.csrfToken(s1)));
  assert.ok(!a.checkCsrf(s2, a.csrfToken(s1)));
  assert.ok(!a.checkCsrf(s1, undefined));
  assert.ok(!a.checkCsrf(s1, ''));
  const c = a.loginChallenge();
  assert.ok(a.checkLogin(c.nonce, c.field));
  assert.ok(!a.checkLogin(a.loginChallenge().nonce, c.field));
  assert.ok(!a.checkLogin(undefined, c.field));
});

test('cookies: the Set-Cookie attributes, and reading a Cookie header', () => {
  assert.equal(
    cookieHeader('__Host-x', 'v', 60),
    '__Host-x=v; Max-Age=60; Path=/; Secure; HttpOnly; SameSite=Strict',
  );
  const c = readCookies('a=1; __Host-x=abc.def=; a=2;broken');
  assert.equal(c.get('a'), '1');
  assert.equal(c.get('__Host-x'), 'abc.def=');
  assert.equal(readCookies(undefined).size, 0);
});

test('the session key file is made once, mode 0600, and read by every process after', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kmip-console-key-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, 'console-session.key');
  const first = loadSessionKey(path);
  assert.equal(first.length, 32);
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.deepEqual(loadSessionKey(path), first);
  assert.throws(() => new SessionSigner(Buffer.alloc(16), { idleMs: 1, maxAgeMs: 1 }), /32 bytes/);
});

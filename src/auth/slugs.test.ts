// The SLUGS connector against a SLUGS-compatible service: the two REST calls PyKMIP's plugin
// makes, its failure cases, the deadline, redirects, and the opt-in cache (slugs-cache.test.ts).
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { deadSlugsUrl, startFakeSlugs, type FakeSlugs } from '../../test/auth/fake-slugs.js';
import { captureLog } from '../../test/auth/capture-log.js';
import { SlugsConnector, SlugsFailure, slugsBaseUrl } from './slugs.js';

const CSV = [
  '# user,group',
  'alice,group_A',
  'bob,group_B',
  'carol,group_A',
  'carol,group_B',
  '',
  'a b/c,odd',
].join('\n');

describe('SlugsConnector', () => {
  let slugs: FakeSlugs;
  before(async () => {
    slugs = await startFakeSlugs({ csv: CSV });
  });
  after(() => slugs.close());

  const connector = (extra: Partial<ConstructorParameters<typeof SlugsConnector>[0]> = {}): SlugsConnector =>
    new SlugsConnector({ name: 'auth:slugs', url: slugs.url, cacheTtlMs: 0, ...extra });

  it('asks GET {url}/users/{user} and then GET {url}/users/{user}/groups, as PyKMIP does', async () => {
    slugs.requests.length = 0;
    const r = await connector().lookup('carol');
    assert.deepEqual(r, { ok: true, userId: 'carol', groups: ['group_A', 'group_B'] });
    assert.deepEqual(slugs.requests, ['/slugs/users/carol', '/slugs/users/carol/groups']);
  });

  it('adds the trailing slash to the base URL once, as PyKMIP does', () => {
    assert.equal(slugsBaseUrl('http://h:8080/slugs'), 'http://h:8080/slugs/');
    assert.equal(slugsBaseUrl('http://h:8080/slugs/'), 'http://h:8080/slugs/');
    assert.throws(() => slugsBaseUrl('ftp://h/slugs'), /http or https/);
    assert.throws(() => slugsBaseUrl('not a url'), /not a URL/);
  });

  it('percent-encodes the user id into the path', async () => {
    const c = connector();
    assert.equal(c.userUrl('a b/c'), `${slugs.url}/users/a%20b%2Fc`);
    assert.deepEqual(await c.lookup('a b/c'), { ok: true, userId: 'a b/c', groups: ['odd'] });
  });

  it('refuses a user SLUGS answers 404 for, without asking for its groups', async () => {
    slugs.requests.length = 0;
    const r = await connector().lookup('mallory');
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.failure, SlugsFailure.UnknownUser);
    assert.deepEqual(slugs.requests, ['/slugs/users/mallory']);
  });

  it('refuses a user whose groups SLUGS answers 404 for', async () => {
    slugs.forced.set('/slugs/users/alice/groups', 404);
    try {
      const r = await connector().lookup('alice');
      assert.equal(!r.ok && r.failure, SlugsFailure.NoGroups);
    } finally {
      slugs.forced.clear();
    }
  });

  it('fails as unavailable on an HTTP error status or a body that is not {"groups": [...]}', async () => {
    slugs.forced.set('/slugs/users/alice', 500);
    try {
      const r = await connector().lookup('alice');
      assert.equal(!r.ok && r.failure, SlugsFailure.Unavailable);
      assert.match(!r.ok ? r.detail : '', /answered HTTP 500/);
    } finally {
      slugs.forced.clear();
    }
    slugs.forced.set('/slugs/users/alice/groups', 200); // body {"error": "forced"}
    try {
      const r = await connector().lookup('alice');
      assert.match(!r.ok ? r.detail : '', /did not answer \{"groups"/);
    } finally {
      slugs.forced.clear();
    }
  });

  it('fails as unavailable, naming the cause, when nothing listens at the URL', async () => {
    const r = await new SlugsConnector({ name: 'auth:slugs', url: await deadSlugsUrl() }).lookup('alice');
    assert.equal(!r.ok && r.failure, SlugsFailure.Unavailable);
    assert.match(
      !r.ok ? r.detail : '',
      /could not be reached: GET http:\/\/127\.0\.0\.1:\d+\/slugs\/users\/alice: ECONNREFUSED/,
    );
  });

  it('gives up after the deadline', async () => {
    slugs.delayMs = 2000;
    try {
      const started = Date.now();
      const r = await connector({ timeoutMs: 150 }).lookup('alice');
      assert.ok(Date.now() - started < 1500, 'the deadline was not kept');
      assert.match(!r.ok ? r.detail : '', /timed out/);
    } finally {
      slugs.delayMs = 0;
    }
  });

  it('follows redirects, as Python requests does for PyKMIP', async () => {
    slugs.redirectToSlash = true;
    try {
      assert.deepEqual(await connector().lookup('bob'), { ok: true, userId: 'bob', groups: ['group_B'] });
    } finally {
      slugs.redirectToSlash = false;
    }
  });

  it('asks SLUGS on every lookup by default, as PyKMIP does: a change takes effect on the next request', async () => {
    const c = new SlugsConnector({ name: 'auth:slugs', url: slugs.url });
    slugs.requests.length = 0;
    assert.equal((await c.lookup('alice')).ok, true);
    assert.equal((await c.lookup('alice')).ok, true);
    assert.equal(slugs.requests.length, 4, 'two lookups, two exchanges each');
    slugs.load(CSV.replace('alice,group_A', ''));
    try {
      const gone = await c.lookup('alice');
      assert.equal(!gone.ok && gone.failure, SlugsFailure.UnknownUser);
    } finally {
      slugs.load(CSV);
    }
  });

  it('with a cache time, reuses a known user until it passes; a refusal is asked again', async () => {
    let now = 1_000_000;
    const c = connector({ cacheTtlMs: 30_000, now: () => now });
    slugs.requests.length = 0;
    await c.lookup('alice');
    now += 29_000;
    assert.deepEqual(await c.lookup('alice'), { ok: true, userId: 'alice', groups: ['group_A'] });
    assert.equal(slugs.requests.length, 2, 'the second lookup was served from the cache');
    now += 2_000;
    await c.lookup('alice');
    assert.equal(slugs.requests.length, 4, 'expired: asked again');
    await c.lookup('mallory');
    await c.lookup('mallory');
    assert.equal(slugs.requests.length, 6, 'an unknown user is asked every time');
  });

  it('logs one clear line per lookup: the user and groups, or why it failed', async () => {
    const log = captureLog();
    await connector({ log }).lookup('carol');
    await connector({ log }).lookup('mallory');
    assert.deepEqual(
      log.lines.map((l) => [l.level, l.msg]),
      [
        ['info', "SLUGS (auth:slugs): user 'carol' is in groups [group_A, group_B]"],
        ['warn', "SLUGS (auth:slugs): unrecognized user ID: 'mallory'"],
      ],
    );
    assert.equal(log.lines[0]?.fields?.['url'], `${slugs.url}/`);
  });
});

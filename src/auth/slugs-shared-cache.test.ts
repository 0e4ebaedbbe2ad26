// One SLUGS cache for several workers: workers' lookups go to the primary's connectors over a
// message channel (here in process; test/cli/slugs-workers.test.ts runs real worker processes).
// With the cache on, a user dropped from SLUGS is served by every worker alike until the answer
// expires; a refusal is not cached, so a user added to SLUGS is served by every worker at once.
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { startFakeSlugs, type FakeSlugs } from '../../test/auth/fake-slugs.js';
import { silentLogger } from '../log/logger.js';
import { createAuthenticator, type Authenticate } from './authenticator.js';
import { SlugsLookupClient, answerSlugsLookup } from './slugs-shared-cache.js';
import { SlugsConnector, SlugsFailure } from './slugs.js';
import type { RequestHeader } from '../messages/request.js';
import { BatchErrorContinuationOption } from '../spec/generated/enums.js';

const header: RequestHeader = {
  protocolVersion: { major: 1, minor: 2 },
  credentials: [],
  batchErrorContinuationOption: BatchErrorContinuationOption.Stop,
  batchOrderOption: true,
  batchCount: 1,
};

describe('the SLUGS cache shared by workers', () => {
  let slugs: FakeSlugs;
  let now = 0;
  let workers: Authenticate[];
  const section = (url: string) => ({ name: 'auth:slugs', settings: { enabled: 'True', url } });

  before(async () => {
    slugs = await startFakeSlugs({ csv: 'alice,group_A\n' });
    const primary = [
      new SlugsConnector({ name: 'auth:slugs', url: slugs.url, cacheTtlMs: 60_000, now: () => now }),
    ];
    const worker = (): Authenticate => {
      const client: SlugsLookupClient = new SlugsLookupClient((message) =>
        setImmediate(() => answerSlugsLookup(primary, message, (answer) => client.receive(answer))),
      );
      const auth = createAuthenticator([section(slugs.url)], {
        log: silentLogger,
        lookup: (plugin, user) => client.lookup(plugin, user),
      });
      assert.ok(auth);
      return auth;
    };
    workers = [worker(), worker()];
  });
  after(() => slugs.close());

  const answers = (user: string): Promise<string[]> =>
    Promise.all(
      workers.map((auth) =>
        auth({ identity: user }, header).then(
          (s) => `served ${JSON.stringify(s.groups)}`,
          (e: Error) => `refused: ${e.message}`,
        ),
      ),
    );

  it('a known user: both workers serve the same groups, and SLUGS is asked once', async () => {
    slugs.requests.length = 0;
    assert.deepEqual(await answers('alice'), ['served ["group_A"]', 'served ["group_A"]']);
    assert.deepEqual(await answers('alice'), ['served ["group_A"]', 'served ["group_A"]']);
    assert.equal(slugs.requests.length, 2, 'one lookup: users/alice and users/alice/groups');
  });

  it('dropped from SLUGS: both workers still serve the cached answer until it expires, then both refuse', async () => {
    slugs.load('');
    assert.deepEqual(await answers('alice'), ['served ["group_A"]', 'served ["group_A"]']);
    now += 60_000;
    const refused = await answers('alice');
    assert.equal(refused.length, 2);
    for (const a of refused) assert.match(a, /refused: .*'alice'.*unknown user/);
  });

  it('added to SLUGS: refusals are not cached, so both workers serve the user on the next request', async () => {
    const before = await answers('bob');
    for (const a of before) assert.match(a, /refused/);
    slugs.load('bob,group_B\n');
    assert.deepEqual(await answers('bob'), ['served ["group_B"]', 'served ["group_B"]']);
  });

  it('a worker whose primary never answers gets Unavailable after the deadline, not a hang', async () => {
    const silent = new SlugsLookupClient(() => undefined);
    const plugin = new SlugsConnector({ name: 'auth:slugs', url: slugs.url, timeoutMs: 1 });
    const r = await silent.lookup(plugin, 'alice');
    assert.equal(!r.ok && r.failure, SlugsFailure.Unavailable);
    assert.match(!r.ok ? r.detail : '', /primary process did not answer/);
  });

  it('the primary answers a plugin it does not have with Unavailable, and ignores other messages', () => {
    const replies: unknown[] = [];
    assert.equal(
      answerSlugsLookup([], { kind: 'listening' }, (a) => replies.push(a)),
      false,
    );
    assert.equal(
      answerSlugsLookup([], { kind: 'kmip-ts:slugs-lookup', id: 7, plugin: 'auth:slugs:x', user: 'a' }, (a) =>
        replies.push(a),
      ),
      true,
    );
    assert.equal(replies.length, 1);
    assert.match(JSON.stringify(replies[0]), /"id":7.*no SLUGS plugin \[auth:slugs:x\]/);
  });
});

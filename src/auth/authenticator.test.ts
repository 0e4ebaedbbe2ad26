// The authenticate hook: which `[auth:…]` sections count (PyKMIP session.py), plugin order, the
// first success wins, all failing refuses, and the Username and Password Credential rule.
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { deadSlugsUrl, startFakeSlugs, type FakeSlugs } from '../../test/auth/fake-slugs.js';
import { captureLog } from '../../test/auth/capture-log.js';
import { silentLogger } from '../log/logger.js';
import { KmipError } from '../messages/kmip-error.js';
import type { Credential } from '../messages/credential.js';
import type { RequestHeader } from '../messages/request.js';
import { BatchErrorContinuationOption, ResultReason } from '../spec/generated/enums.js';
import {
  AuthConfigError,
  createAuthenticator,
  enabledPlugins,
  type AuthPluginConfig,
} from './authenticator.js';

function header(credentials: readonly Credential[] = []): RequestHeader {
  return {
    protocolVersion: { major: 1, minor: 2 },
    credentials,
    batchErrorContinuationOption: BatchErrorContinuationOption.Stop,
    batchOrderOption: true,
    batchCount: 1,
  };
}

const slugsSection = (url: string, name = 'auth:slugs', enabled = 'True'): AuthPluginConfig => ({
  name,
  settings: { enabled, url },
});

async function refusal(p: Promise<unknown>): Promise<KmipError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof KmipError) return e;
    throw e;
  }
  assert.fail('the request was not refused');
}

describe('enabledPlugins', () => {
  it('uses auth:slugs sections (with or without a suffix) whose enabled is exactly "True", in order', () => {
    const plugins = enabledPlugins(
      [
        slugsSection('http://one/slugs', 'auth:slugs:primary'),
        slugsSection('http://off/slugs', 'auth:slugs:off', 'False'),
        slugsSection('http://two/slugs/', 'auth:slugs'),
      ],
      { log: silentLogger },
    );
    assert.deepEqual(
      plugins.map((p) => [p.name, p.url]),
      [
        ['auth:slugs:primary', 'http://one/slugs/'],
        ['auth:slugs', 'http://two/slugs/'],
      ],
    );
  });

  it('leaves "true", "yes" and "1" off as PyKMIP does, with a warning', () => {
    const log = captureLog();
    for (const v of ['true', 'yes', '1', 'TRUE']) {
      assert.equal(enabledPlugins([slugsSection('http://h/slugs', 'auth:slugs', v)], { log }).length, 0);
    }
    assert.equal(log.lines.filter((l) => l.level === 'warn' && /exactly/.test(l.msg)).length, 4);
  });

  it('skips other auth: sections with a warning', () => {
    const log = captureLog();
    const plugins = enabledPlugins([{ name: 'auth:ldap', settings: { enabled: 'True' } }], { log });
    assert.equal(plugins.length, 0);
    assert.match(log.text(), /\[auth:ldap\] is not supported/);
  });

  it('refuses to start with an enabled section that has no usable url', () => {
    assert.throws(
      () =>
        enabledPlugins([{ name: 'auth:slugs', line: 7, settings: { enabled: 'True' } }], {
          log: silentLogger,
        }),
      (e: unknown) =>
        e instanceof AuthConfigError && /\[auth:slugs\] \(line 7\) is enabled but has no url/.test(e.message),
    );
    assert.throws(
      () => enabledPlugins([slugsSection('file:///etc/passwd')], { log: silentLogger }),
      /http or https/,
    );
  });
});

describe('createAuthenticator', () => {
  let primary: FakeSlugs;
  let secondary: FakeSlugs;
  let dead: string;
  before(async () => {
    primary = await startFakeSlugs({ csv: 'alice,group_A\n' });
    secondary = await startFakeSlugs({ csv: 'alice,group_X\nbob,group_B\n' });
    dead = await deadSlugsUrl();
  });
  after(async () => {
    await primary.close();
    await secondary.close();
  });
  const make = (sections: AuthPluginConfig[], log = captureLog()) =>
    createAuthenticator(sections, { log, cacheTtlMs: 0 });

  it('installs no hook when no plugin is enabled: certificate identity only, no group information', () => {
    assert.equal(make([]), undefined);
    assert.equal(make([slugsSection(primary.url, 'auth:slugs', 'False')]), undefined);
  });

  it("returns the SLUGS user's groups as the session's", async () => {
    const auth = make([slugsSection(primary.url)])!;
    assert.deepEqual(await auth({ identity: 'alice' }, header()), { identity: 'alice', groups: ['group_A'] });
  });

  it('the first plugin that knows the user wins; later ones are not asked', async () => {
    const auth = make([
      slugsSection(primary.url, 'auth:slugs:a'),
      slugsSection(secondary.url, 'auth:slugs:b'),
    ])!;
    secondary.requests.length = 0;
    assert.deepEqual((await auth({ identity: 'alice' }, header())).groups, ['group_A']);
    assert.deepEqual(secondary.requests, []);
    assert.deepEqual((await auth({ identity: 'bob' }, header())).groups, ['group_B']);
  });

  it('goes on to the next plugin when one cannot be reached', async () => {
    const auth = make([slugsSection(dead, 'auth:slugs:down'), slugsSection(secondary.url, 'auth:slugs:b')])!;
    assert.deepEqual(await auth({ identity: 'bob' }, header()), { identity: 'bob', groups: ['group_B'] });
  });

  it('refuses with Authentication Not Successful when every plugin fails, saying why for each', async () => {
    const log = captureLog();
    const auth = make(
      [slugsSection(primary.url, 'auth:slugs:a'), slugsSection(dead, 'auth:slugs:down')],
      log,
    )!;
    const e = await refusal(auth({ identity: 'mallory' }, header()));
    assert.equal(e.resultReason, ResultReason.AuthenticationNotSuccessful);
    assert.equal(
      e.message,
      "client authentication failed for 'mallory': auth:slugs:a: unknown user; " +
        'auth:slugs:down: the service could not be reached or answered wrongly',
    );
    assert.match(log.text(), /client authentication failed for 'mallory'/);
    assert.match(log.text(), /ECONNREFUSED/); // the log has the cause, the client does not
    assert.doesNotMatch(e.message, /127\.0\.0\.1/);
  });

  it('refuses when SLUGS is down', async () => {
    const auth = make([slugsSection(dead)])!;
    const e = await refusal(auth({ identity: 'alice' }, header()));
    assert.equal(e.resultReason, ResultReason.AuthenticationNotSuccessful);
    assert.match(e.message, /could not be reached/);
  });

  it("accepts a Username and Password Credential naming the certificate's user, and never logs the password", async () => {
    const log = captureLog();
    const auth = make([slugsSection(primary.url)], log)!;
    const cred: Credential = { kind: 'username-password', username: 'alice', password: 's3cret-pw' };
    assert.deepEqual(await auth({ identity: 'alice' }, header([cred])), {
      identity: 'alice',
      groups: ['group_A'],
    });
    const other: Credential = { kind: 'username-password', username: 'bob', password: 's3cret-pw' };
    await refusal(auth({ identity: 'alice' }, header([other])));
    assert.doesNotMatch(log.text(), /s3cret-pw/);
  });

  it("refuses a Credential naming another user than the certificate's, before asking SLUGS", async () => {
    const auth = make([slugsSection(primary.url)])!;
    primary.requests.length = 0;
    const cred: Credential = { kind: 'username-password', username: 'bob', password: 'x' };
    const e = await refusal(auth({ identity: 'alice' }, header([cred])));
    assert.equal(e.resultReason, ResultReason.AuthenticationNotSuccessful);
    assert.match(e.message, /Username is not the user of the client certificate/);
    assert.deepEqual(primary.requests, []);
  });

  it('ignores credentials of other types, as PyKMIP does', async () => {
    const auth = make([slugsSection(primary.url)])!;
    const device: Credential = { kind: 'other', credentialType: 2, value: undefined };
    assert.deepEqual((await auth({ identity: 'alice' }, header([device]))).groups, ['group_A']);
  });
});

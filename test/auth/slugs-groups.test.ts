// Proof of issue 9 with Debian's PyKMIP client: a kmip-ts server over mutual TLS with
// `[auth:slugs]` enabled, a SLUGS-compatible service fed from a user_group_mapping.csv, a policy
// file with a `groups` section, and client certificates for users in two groups. The group-level
// scenarios of PyKMIP's docs "Policy Files": group_A creates and destroys, group_B reads but
// cannot destroy, a user in both gets the union. Then: an unknown user, the Username and Password
// Credential, and SLUGS going down. Skipped when Debian's python3-pykmip is not installed; the
// same rules are tested in process by group-access.test.ts, which always runs.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { startKmipServer, type RunningServer } from '../../src/server.js';
import { makeTestPki, type TestPki } from '../../src/transport/demo-certs.js';
import { buildTlsServerOptions } from '../../src/transport/tls-options.js';
import { SYSTEM_PYTHON, pykmipUnavailableReason } from '../interop/run-driver.js';
import { captureLog, type CaptureLog } from './capture-log.js';
import { startFakeSlugs, type FakeSlugs } from './fake-slugs.js';
import { USER_GROUP_CSV, writeGroupPolicy } from './group-fixtures.js';

const DRIVER = fileURLToPath(new URL('./slugs_driver.py', import.meta.url));
const USERS = ['alice', 'bob', 'carol', 'dave', 'eve', 'frank'] as const;

interface Step {
  readonly name: string;
  readonly as: string;
  readonly op: 'create' | 'get' | 'destroy';
  readonly policy?: string;
  readonly save?: string;
  readonly uid?: string;
  /** 'ok', or the Result Reason (PyKMIP's enum name) the step must fail with. */
  readonly expect: 'ok' | 'PERMISSION_DENIED' | 'AUTHENTICATION_NOT_SUCCESSFUL';
}

interface StepLine {
  readonly step: string;
  readonly ok: boolean;
  readonly detail?: unknown;
  readonly error?: { kind: string; reason?: string; message?: string };
}

interface Identity {
  readonly certfile: string;
  readonly keyfile: string;
  readonly username?: string;
  readonly password?: string;
}

function runDriver(input: unknown): Promise<StepLine[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(SYSTEM_PYTHON, ['-B', DRIVER], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code !== 0) return reject(new Error(`slugs_driver exited with ${code}: ${err.slice(-2000)}`));
      resolve(
        out
          .split('\n')
          .filter((l) => l.trim() !== '')
          .map((l) => JSON.parse(l) as StepLine),
      );
    });
    child.stdin.end(JSON.stringify(input));
  });
}

/** Each step's outcome against its expectation; returns the lines by step. */
function check(steps: readonly Step[], lines: readonly StepLine[]): Map<string, StepLine> {
  const byStep = new Map(lines.map((l) => [l.step, l]));
  const wrong = steps.flatMap((s) => {
    const l = byStep.get(s.name);
    const got = l === undefined ? 'missing' : l.ok ? 'ok' : (l.error?.reason ?? JSON.stringify(l.error));
    return got === s.expect
      ? []
      : [`${s.name}: expected ${s.expect}, got ${got} ${JSON.stringify(l?.error ?? '')}`];
  });
  assert.deepEqual(wrong, [], 'steps with the wrong outcome');
  return byStep;
}

const skip = pykmipUnavailableReason();

describe('SLUGS groups with PyKMIP clients', { skip: skip ?? false }, () => {
  let slugs: FakeSlugs;
  let server: RunningServer;
  let pki: TestPki;
  let log: CaptureLog;
  let identities: Record<string, Identity>;
  const target = () => ({ host: '127.0.0.1', port: server.address.port, ca_certs: pki.ca.cert, identities });

  before(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kmip-ts-slugs-'));
    const csv = join(dir, 'user_group_mapping.csv');
    writeFileSync(csv, USER_GROUP_CSV);
    slugs = await startFakeSlugs({ csv: readFileSync(csv, 'utf8') });
    pki = await makeTestPki(join(dir, 'pki'), { extra: USERS.map((name) => ({ name })) });
    const policyDir = join(dir, 'policies');
    mkdirSync(policyDir);
    writeGroupPolicy(policyDir);
    log = captureLog();
    const tls = buildTlsServerOptions({
      certificatePath: pki.server.cert,
      keyPath: pki.server.key,
      caPath: pki.ca.cert,
      authSuite: 'TLS1.2',
      tlsCipherSuites: [],
    });
    server = await startKmipServer({
      host: '127.0.0.1',
      port: 0,
      tls: tls.options,
      enableTlsClientAuth: true,
      databasePath: join(dir, 'kmip.sqlite'),
      masterKeys: [{ id: 'slugs', key: randomBytes(32) }],
      policyPath: policyDir,
      log,
      authPlugins: [
        { name: 'auth:slugs:down', settings: { enabled: 'False', url: 'http://127.0.0.1:1/slugs/' } },
        { name: 'auth:slugs', settings: { enabled: 'True', url: slugs.url } },
      ],
    });
    const cert = (name: string): Identity => {
      const paths = pki.extra[name];
      assert.ok(paths, `no certificate for ${name}`);
      return { certfile: paths.cert, keyfile: paths.key };
    };
    identities = Object.fromEntries(USERS.map((u) => [u, cert(u)]));
    identities['bob+own-credential'] = { ...cert('bob'), username: 'bob', password: 'bobs-secret-pw' };
    identities['bob+alices-credential'] = { ...cert('bob'), username: 'alice', password: 'bobs-secret-pw' };
  });
  after(async () => {
    await server?.close();
    await slugs?.close();
  });

  it('group_A creates and destroys, group_B reads but cannot destroy, both groups get the union', async () => {
    const steps: Step[] = [
      { name: 'A_create', as: 'alice', op: 'create', policy: 'shared', save: 'k1', expect: 'ok' },
      { name: 'B_get', as: 'bob', op: 'get', uid: 'k1', expect: 'ok' },
      { name: 'B_destroy_refused', as: 'bob', op: 'destroy', uid: 'k1', expect: 'PERMISSION_DENIED' },
      { name: 'C_get_refused', as: 'dave', op: 'get', uid: 'k1', expect: 'PERMISSION_DENIED' },
      { name: 'AB_destroy', as: 'carol', op: 'destroy', uid: 'k1', expect: 'ok' },
      { name: 'A_create_2', as: 'alice', op: 'create', policy: 'shared', save: 'k2', expect: 'ok' },
      { name: 'A_destroy_2', as: 'alice', op: 'destroy', uid: 'k2', expect: 'ok' },
      { name: 'B_create', as: 'bob', op: 'create', policy: 'shared', save: 'k3', expect: 'ok' },
      { name: 'B_destroy_own_refused', as: 'bob', op: 'destroy', uid: 'k3', expect: 'PERMISSION_DENIED' },
      { name: 'AB_get_bobs', as: 'carol', op: 'get', uid: 'k3', expect: 'ok' },
      { name: 'A_create_default', as: 'alice', op: 'create', save: 'k4', expect: 'ok' },
      { name: 'A_get_default', as: 'alice', op: 'get', uid: 'k4', expect: 'ok' },
      { name: 'AB_get_default_refused', as: 'carol', op: 'get', uid: 'k4', expect: 'PERMISSION_DENIED' },
      { name: 'unknown_user_refused', as: 'eve', op: 'create', expect: 'AUTHENTICATION_NOT_SUCCESSFUL' },
      { name: 'own_credential_ok', as: 'bob+own-credential', op: 'get', uid: 'k3', expect: 'ok' },
      {
        name: 'other_credential_refused',
        as: 'bob+alices-credential',
        op: 'get',
        uid: 'k3',
        expect: 'AUTHENTICATION_NOT_SUCCESSFUL',
      },
    ];
    const lines = check(steps, await runDriver({ ...target(), steps }));
    assert.match(lines.get('unknown_user_refused')?.error?.message ?? '', /'eve'.*unknown user/);
    assert.match(log.text(), /SLUGS \(auth:slugs\): user 'carol' is in groups \[group_A, group_B\]/);
    assert.match(log.text(), /SLUGS \(auth:slugs\): unrecognized user ID: 'eve'/);
    assert.doesNotMatch(log.text(), /bobs-secret-pw/);
  });

  it('SLUGS is asked on every request: a user dropped is refused, one added is served, on the next request', async () => {
    const served = (name: string, as: string): Step => ({ name, as, op: 'create', expect: 'ok' });
    const refused = (name: string, as: string): Step => ({
      name,
      as,
      op: 'create',
      expect: 'AUTHENTICATION_NOT_SUCCESSFUL',
    });
    const first = [served('alice_known', 'alice'), refused('frank_unknown', 'frank')];
    check(first, await runDriver({ ...target(), steps: first }));
    slugs.load(USER_GROUP_CSV.replace('alice,group_A\n', '') + 'frank,group_A\n');
    try {
      const second = [refused('alice_dropped', 'alice'), served('frank_added', 'frank')];
      check(second, await runDriver({ ...target(), steps: second }));
    } finally {
      slugs.load(USER_GROUP_CSV);
    }
  });

  it('SLUGS down: every request is refused with a clear error (no answer is kept by default)', async () => {
    await slugs.close();
    const steps: Step[] = [
      { name: 'frank_refused', as: 'frank', op: 'create', expect: 'AUTHENTICATION_NOT_SUCCESSFUL' },
      { name: 'alice_refused', as: 'alice', op: 'create', expect: 'AUTHENTICATION_NOT_SUCCESSFUL' },
    ];
    const lines = check(steps, await runDriver({ ...target(), steps }));
    assert.match(
      lines.get('frank_refused')?.error?.message ?? '',
      /client authentication failed for 'frank': auth:slugs: the service could not be reached/,
    );
    assert.match(
      log.text(),
      /SLUGS \(auth:slugs\): the SLUGS service could not be reached: GET .*ECONNREFUSED/,
    );
  });
});

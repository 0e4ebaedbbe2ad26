// The policy registry: loading policy files (PyKMIP docs "Policy Files", "Reserved Operation
// Policies"; PyKMIP monitor.py) and following the directory while running.
import { strict as assert } from 'node:assert';
import { mkdir, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Logger } from '../../log/logger.js';
import { DEFAULT_POLICY } from './builtin.js';
import { PolicyObjectType as T } from './names.js';
import { Operation } from '../../spec/generated/enums.js';
import type { PolicyRegistryOptions } from './registry.js';
import { PolicyRegistry } from './registry.js';

interface Entry {
  level: string;
  msg: string;
  fields: Record<string, unknown> | undefined;
}

function recorder(): Logger & { entries: Entry[] } {
  const entries: Entry[] = [];
  const at = (level: string) => (msg: string, fields?: Record<string, unknown>) =>
    void entries.push({ level, msg, fields });
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'kmip-policy-'));
  dirs.push(d);
  return d;
}
after(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const preset = (type: string, op: string, perm: string) => ({ preset: { [type]: { [op]: perm } } });
const write = (dir: string, name: string, body: unknown) =>
  writeFile(join(dir, name), typeof body === 'string' ? body : JSON.stringify(body));

async function open(opts: PolicyRegistryOptions): Promise<PolicyRegistry> {
  const r = new PolicyRegistry(opts);
  await r.start();
  return r;
}

async function waitFor(what: string, pred: () => boolean, ms = 2000): Promise<void> {
  const until = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > until) assert.fail(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const getPerm = (r: PolicyRegistry, name: string, type: number, op: number) =>
  r.get(name)?.preset?.get(type)?.get(op);

describe('PolicyRegistry loading (PyKMIP docs "Policy Files")', () => {
  it('without a policy_path holds only the built-in default and public policies', async () => {
    const r = await open({});
    assert.deepEqual(r.names(), ['default', 'public']);
    assert.equal(r.get('default'), DEFAULT_POLICY);
    r.close();
  });

  it('loads preset, groups, both, and older-format policies from the .json files of policy_path', async () => {
    const dir = await tempDir();
    await write(dir, 'a.json', { p_preset: preset('CERTIFICATE', 'LOCATE', 'ALLOW_ALL') });
    await write(dir, 'b.json', {
      p_groups: { groups: { group_A: { CERTIFICATE: { GET: 'ALLOW_ALL' } } } },
      p_both: {
        ...preset('CERTIFICATE', 'DESTROY', 'DISALLOW_ALL'),
        groups: { g: { CERTIFICATE: { DESTROY: 'ALLOW_ALL' } } },
      },
      p_old: { SECRET_DATA: { GET: 'ALLOW_ALL' } },
    });
    const r = await open({ policyPath: dir, live: false });
    assert.deepEqual(r.names(), ['default', 'public', 'p_both', 'p_groups', 'p_old', 'p_preset']);
    assert.equal(getPerm(r, 'p_preset', T.CERTIFICATE, Operation.Locate), 'ALLOW_ALL');
    assert.equal(
      r.get('p_groups')?.groups?.get('group_A')?.get(T.CERTIFICATE)?.get(Operation.Get),
      'ALLOW_ALL',
    );
    assert.equal(getPerm(r, 'p_both', T.CERTIFICATE, Operation.Destroy), 'DISALLOW_ALL');
    assert.equal(r.get('p_both')?.groups?.get('g')?.get(T.CERTIFICATE)?.get(Operation.Destroy), 'ALLOW_ALL');
    assert.equal(getPerm(r, 'p_old', T.SECRET_DATA, Operation.Get), 'ALLOW_ALL');
    r.close();
  });

  it('reads only regular files whose name ends in .json', async () => {
    const dir = await tempDir();
    await write(dir, 'p.json.bak', { bak: preset('CERTIFICATE', 'GET', 'ALLOW_ALL') });
    await write(dir, 'upper.JSON', { upper: preset('CERTIFICATE', 'GET', 'ALLOW_ALL') });
    await mkdir(join(dir, 'sub.json'));
    await write(join(dir, 'sub.json'), 'inner.json', { inner: preset('CERTIFICATE', 'GET', 'ALLOW_ALL') });
    const r = await open({ policyPath: dir, live: false });
    assert.deepEqual(r.names(), ['default', 'public']);
    r.close();
  });

  it('logs and skips an invalid file; the other files still load', async () => {
    const dir = await tempDir();
    await write(dir, 'bad.json', '{"broken": ');
    await write(dir, 'worse.json', { p: preset('CERTIFICATE', 'GET', 'DISALLOW') });
    await write(dir, 'good.json', { good: preset('CERTIFICATE', 'GET', 'ALLOW_ALL') });
    const log = recorder();
    const r = await open({ policyPath: dir, live: false, logger: log });
    assert.deepEqual(r.names(), ['default', 'public', 'good']);
    const failures = log.entries.filter((e) => e.level === 'error').map((e) => e.fields?.file);
    assert.deepEqual(failures, [join(dir, 'bad.json'), join(dir, 'worse.json')]);
    r.close();
  });

  it('docs "Reserved Operation Policies": a file cannot redefine default or public; its other policies load', async () => {
    const dir = await tempDir();
    await write(dir, 'evil.json', {
      default: preset('SYMMETRIC_KEY', 'GET', 'ALLOW_ALL'),
      public: preset('SYMMETRIC_KEY', 'GET', 'ALLOW_ALL'),
      mine: preset('SYMMETRIC_KEY', 'GET', 'ALLOW_ALL'),
    });
    const log = recorder();
    const r = await open({ policyPath: dir, live: false, logger: log });
    assert.equal(r.get('default'), DEFAULT_POLICY);
    assert.equal(getPerm(r, 'default', T.SYMMETRIC_KEY, Operation.Get), 'ALLOW_OWNER');
    assert.equal(getPerm(r, 'public', T.SYMMETRIC_KEY, Operation.Get), undefined);
    assert.equal(getPerm(r, 'mine', T.SYMMETRIC_KEY, Operation.Get), 'ALLOW_ALL');
    assert.deepEqual(r.names(), ['default', 'public', 'mine']);
    const warned = log.entries.filter((e) => e.level === 'warn').map((e) => e.fields?.policy);
    assert.deepEqual(warned, ['default', 'public']);
    r.close();
  });

  it('docs "Policy Files": on a name collision the later file wins and the older policy is restored when it goes', async () => {
    const dir = await tempDir();
    await write(dir, 'a.json', { shared: preset('CERTIFICATE', 'GET', 'ALLOW_ALL') });
    await write(dir, 'b.json', { shared: preset('CERTIFICATE', 'GET', 'DISALLOW_ALL') });
    const r = await open({ policyPath: dir, live: false });
    assert.equal(getPerm(r, 'shared', T.CERTIFICATE, Operation.Get), 'DISALLOW_ALL');
    await unlink(join(dir, 'b.json'));
    await r.rescan();
    assert.equal(getPerm(r, 'shared', T.CERTIFICATE, Operation.Get), 'ALLOW_ALL');
    await unlink(join(dir, 'a.json'));
    await r.rescan();
    assert.equal(r.get('shared'), undefined);
    r.close();
  });

  it('a changed file that no longer parses keeps its previous policies until fixed (PyKMIP monitor)', async () => {
    const dir = await tempDir();
    await write(dir, 'p.json', { p: preset('CERTIFICATE', 'GET', 'ALLOW_ALL') });
    const r = await open({ policyPath: dir, live: false });
    await write(dir, 'p.json', '{ "p": ');
    await r.rescan();
    assert.equal(getPerm(r, 'p', T.CERTIFICATE, Operation.Get), 'ALLOW_ALL');
    await write(dir, 'p.json', { p: preset('CERTIFICATE', 'GET', 'ALLOW_OWNER') });
    await r.rescan();
    assert.equal(getPerm(r, 'p', T.CERTIFICATE, Operation.Get), 'ALLOW_OWNER');
    r.close();
  });

  it('a missing policy directory is logged; the built-ins remain', async () => {
    const log = recorder();
    const r = await open({ policyPath: join(await tempDir(), 'nope'), live: false, logger: log });
    assert.deepEqual(r.names(), ['default', 'public']);
    assert.equal(log.entries.filter((e) => e.level === 'warn').length, 1);
    r.close();
  });

  it('with live off, the directory is read once at start (PyKMIP live_policies=False)', async () => {
    const dir = await tempDir();
    const r = await open({ policyPath: dir, live: false, rescanMs: 50 });
    await write(dir, 'late.json', { late: preset('CERTIFICATE', 'GET', 'ALLOW_ALL') });
    await new Promise((res) => setTimeout(res, 300));
    assert.equal(r.get('late'), undefined);
    r.close();
  });
});

describe('PolicyRegistry hot reload (PyKMIP docs "Policy Files": changes apply while running)', () => {
  for (const useFsWatch of [true, false]) {
    it(`sees a file added, changed and removed within 2 s (${useFsWatch ? 'fs.watch' : 'rescan timer only'})`, async () => {
      const dir = await tempDir();
      const r = await open({ policyPath: dir, useFsWatch, rescanMs: 1000 });
      try {
        await write(dir, 'hot.json', { hot: preset('SYMMETRIC_KEY', 'GET', 'ALLOW_ALL') });
        await waitFor('added', () => getPerm(r, 'hot', T.SYMMETRIC_KEY, Operation.Get) === 'ALLOW_ALL');
        await write(dir, 'hot.json', {
          hot: preset('SYMMETRIC_KEY', 'GET', 'DISALLOW_ALL'),
          extra: preset('PGP_KEY', 'GET', 'ALLOW_ALL'),
        });
        await waitFor(
          'changed',
          () =>
            getPerm(r, 'hot', T.SYMMETRIC_KEY, Operation.Get) === 'DISALLOW_ALL' &&
            r.get('extra') !== undefined,
        );
        await write(dir, 'hot.json', { extra: preset('PGP_KEY', 'GET', 'ALLOW_ALL') });
        await waitFor('policy dropped from its file', () => r.get('hot') === undefined);
        await unlink(join(dir, 'hot.json'));
        await waitFor('file removed', () => r.get('extra') === undefined);
        assert.deepEqual(r.names(), ['default', 'public']);
      } finally {
        r.close();
      }
    });
  }

  it('picks up a policy directory created after start', async () => {
    const dir = join(await tempDir(), 'later');
    const r = await open({ policyPath: dir, rescanMs: 200 });
    try {
      await mkdir(dir);
      await write(dir, 'p.json', { p: preset('CERTIFICATE', 'GET', 'ALLOW_ALL') });
      await waitFor('loaded', () => r.get('p') !== undefined);
    } finally {
      r.close();
    }
  });

  it('stops following the directory after close()', async () => {
    const dir = await tempDir();
    const r = await open({ policyPath: dir, rescanMs: 50 });
    r.close();
    await write(dir, 'p.json', { p: preset('CERTIFICATE', 'GET', 'ALLOW_ALL') });
    await new Promise((res) => setTimeout(res, 300));
    assert.equal(r.get('p'), undefined);
  });
});

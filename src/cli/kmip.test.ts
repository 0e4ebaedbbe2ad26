// The `kmip` command, spawned as users run it (node + tsx on src/cli/kmip.ts), against this
// project's server started in-process, configured through pykmip.conf as a PyKMIP user would.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '../../test/helpers/kmip-test-server.js';
import { encodeTtlv } from '../ttlv/encode.js';
import { buildRequestMessage } from '../client/messages.js';
import { Operation } from '../spec/generated/enums.js';

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function kmip(args: readonly string[], env: NodeJS.ProcessEnv = {}, input?: string | Buffer): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/kmip.ts', ...args],
      { env: { ...process.env, ...env }, encoding: 'buffer', timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : 1;
        resolve({ code, stdout: stdout.toString('latin1'), stderr: stderr.toString() });
      },
    );
    child.stdin?.end(input);
  });
}

const SUBCOMMANDS = [
  'create',
  'create-key-pair',
  'register',
  'get',
  'get-attributes',
  'get-attribute-list',
  'add-attribute',
  'set-attribute',
  'modify-attribute',
  'delete-attribute',
  'locate',
  'activate',
  'revoke',
  'destroy',
  'encrypt',
  'decrypt',
  'query',
  'discover-versions',
  'decode',
  'conformance',
  'bench',
];

describe('kmip without a server', () => {
  test('--help lists every subcommand with what it does', async () => {
    const r = await kmip(['--help']);
    assert.equal(r.code, 0);
    for (const s of SUBCOMMANDS) assert.match(r.stdout, new RegExp(`^  ${s} +\\S`, 'm'), s);
    assert.match(r.stdout, /--config FILE/);
  });

  test('every subcommand has its own --help', async () => {
    const runs = await Promise.all(SUBCOMMANDS.map((s) => kmip([s, '--help'])));
    runs.forEach((r, i) => {
      assert.equal(r.code, 0, SUBCOMMANDS[i]);
      assert.match(r.stdout, new RegExp(`^Usage: kmip ${SUBCOMMANDS[i]}\\b`), SUBCOMMANDS[i]);
      assert.match(r.stdout.split('\n')[2] ?? '', /^[A-Z].+\.$/, `${SUBCOMMANDS[i]} says what it does`);
    });
  });

  test('usage errors exit 2 with a message', async () => {
    const none = await kmip([]);
    assert.equal(none.code, 2);
    const unknown = await kmip(['frobnicate']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown command 'frobnicate'/);
    const badOption = await kmip(['create', '--colour', 'red']);
    assert.equal(badOption.code, 2);
    assert.match(badOption.stderr, /unknown option --colour for 'create'/);
  });

  const HEADER = encodeTtlv(
    buildRequestMessage({ version: { major: 1, minor: 4 } }, [{ operation: Operation.Query, payload: [] }]),
  ).toString('hex');

  test('decode prints a hex message as a tree with spec names', async () => {
    const r = await kmip(['decode', HEADER.slice(0, 16), HEADER.slice(16)]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /^Request Message \(Structure\)\n {2}Request Header \(Structure\)\n {4}Protocol Version \(Structure\)\n {6}Protocol Version Major \(Integer\): 1\n/,
    );
    assert.match(r.stdout, /^ {4}Operation \(Enumeration\): Query \(0x00000018\)$/m);
  });

  test('decode reads a binary file and standard input (hex with spaces); --json gives KMIP JSON', async (t) => {
    const dir = join('.tmp', 'kmip-cli-test');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'message.bin');
    writeFileSync(file, Buffer.from(HEADER, 'hex'));
    const fromFile = await kmip(['decode', file]);
    assert.match(fromFile.stdout, /^Request Message/);
    const fromStdin = await kmip(['decode', '-'], {}, HEADER.replace(/(..)/g, '$1 '));
    assert.equal(fromStdin.stdout, fromFile.stdout);
    const json = await kmip(['--json', 'decode', HEADER]);
    assert.equal((JSON.parse(json.stdout) as { tag: string }).tag, 'RequestMessage');
    const bad = await kmip(['decode', '42007a01']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^kmip: input ends inside the item header/);
    t.diagnostic('decoded from hex arguments, a binary file and stdin');
  });
});

describe('kmip against kmip-server', { timeout: 120_000 }, () => {
  let server: TestServer | undefined;
  let home = '';
  const env = (): NodeJS.ProcessEnv => ({ HOME: home });

  before(async () => {
    server = await startTestServer();
    home = join(server.dir, 'home');
    mkdirSync(join(home, '.pykmip'), { recursive: true });
    const c = server.certs;
    writeFileSync(
      join(home, '.pykmip', 'pykmip.conf'),
      `[client]\nhost=${server.host}\nport=${server.port}\ncertfile=${c.client.cert}\nkeyfile=${c.client.key}\n` +
        `ca_certs=${c.ca.cert}\ncert_reqs=CERT_REQUIRED\nssl_version=PROTOCOL_TLS\n`,
    );
  });
  after(async () => {
    await server?.stop();
  });

  test('bench: a short count of mixed operations, reported as JSON with no error (a smoke run, not a timing)', async () => {
    const r = await kmip(
      [
        '--json',
        'bench',
        '--count',
        '60',
        '--connections',
        '2',
        '--depth',
        '4',
        '--keys',
        '2',
        '--mix',
        'get=2,create,locate,encrypt,get-attributes',
      ],
      env(),
    );
    assert.equal(r.code, 0, r.stderr);
    const result = JSON.parse(r.stdout) as { total: { ops: number; errors: number; opsPerSec: number } };
    assert.equal(result.total.ops, 60);
    assert.equal(result.total.errors, 0);
    assert.ok(result.total.opsPerSec > 0);
  });

  test('bench --prefill: N named keys made in batches, then every read shape run on them without error', async () => {
    const r = await kmip(
      [
        '--json',
        'bench',
        '--prefill',
        '250',
        '--count',
        '80',
        '--connections',
        '2',
        '--depth',
        '2',
        '--mix',
        'get,locate,locate-attr,locate-type,create-named',
      ],
      env(),
    );
    assert.equal(r.code, 0, r.stderr);
    const result = JSON.parse(r.stdout) as {
      total: { ops: number; errors: number };
      byOperation: Record<string, { ops: number }>;
    };
    assert.equal(result.total.errors, 0);
    assert.equal(result.total.ops, 80);
    for (const op of ['get', 'locate', 'locate-attr', 'locate-type', 'create-named'])
      assert.ok((result.byOperation[op]?.ops ?? 0) > 0, `${op} was sent`);
  });

  test('the Ceph set-up line: create an active AES-256 key, locate it by name, fetch its bytes', async () => {
    const made = await kmip(
      ['create', '--alg', 'AES', '--length', '256', '--name', 'pykmip-mybucketkey', '--activate'],
      env(),
    );
    assert.equal(made.code, 0, made.stderr);
    const uid = made.stdout.trim();
    assert.match(uid, /^\S+$/);
    const found = await kmip(['locate', '--name', 'pykmip-mybucketkey'], env());
    assert.equal(found.stdout.trim(), uid);
    const out = join(server?.dir ?? '.', 'key.bin');
    const raw = await kmip(['get', uid, '--format', 'raw', '--out', out], env());
    assert.equal(raw.code, 0, raw.stderr);
    const json = await kmip(['--json', 'get', uid], env());
    const view = JSON.parse(json.stdout) as { value: string; algorithm: string; length: number };
    assert.deepEqual([view.algorithm, view.length], ['AES', 256]);
    assert.equal(readFileSync(out).toString('hex'), view.value);
    const attrs = await kmip(['--json', 'get-attributes', uid, 'State'], env());
    const parsed = JSON.parse(attrs.stdout) as { attributes: { name: string; value: unknown }[] };
    assert.deepEqual(
      parsed.attributes.map((a) => [a.name, a.value]),
      [['State', 'Active']],
    );
  });

  test('query and discover-versions in human form', async () => {
    const q = await kmip(['query'], env());
    assert.equal(q.code, 0, q.stderr);
    assert.match(q.stdout, /^Vendor: +kmip-ts$/m);
    assert.match(q.stdout, /^Operations: .*\bCreate\b/m);
    const v = await kmip(['--kmip-version', '1.4', 'discover-versions'], env());
    assert.match(v.stdout, /^2\.1\n2\.0\n1\.4\n/);
  });

  test('register a key from hex and read it back; attributes from the command line', async () => {
    const key = '00112233445566778899aabbccddeeff';
    const reg = await kmip(
      [
        '--json',
        'register',
        '--type',
        'symmetric-key',
        '--alg',
        'AES',
        '--hex',
        key,
        '--name',
        'cli-reg',
        '--attr',
        'Object Group=cli',
      ],
      env(),
    );
    assert.equal(reg.code, 0, reg.stderr);
    const { uid } = JSON.parse(reg.stdout) as { uid: string };
    const hex = await kmip(['get', uid, '--format', 'hex'], env());
    assert.equal(hex.stdout.trim(), key);
    const group = await kmip(['get-attributes', uid, 'Object Group'], env());
    assert.equal(group.stdout.trim(), 'Object Group: cli');
  });

  test('--config and --section pick a file and section; --host fails over to the next host', async () => {
    assert.ok(server);
    const file = join(server.dir, 'other.conf');
    const c = server.certs;
    writeFileSync(
      file,
      `[appliance]\nhost=127.0.0.2,${server.host}\nport=${server.port}\ncertfile=${c.client.cert}\n` +
        `keyfile=${c.client.key}\nca_certs=${c.ca.cert}\n`,
    );
    const r = await kmip(['--config', file, '--section', 'appliance', 'query', 'QueryServerInformation'], {});
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /kmip-ts/);
  });

  test('a refusal exits 1 with the Result Reason and the server message', async () => {
    const r = await kmip(['get', 'no-such-uid'], env());
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^kmip: Get failed: OperationFailed \/ (Item|Object)NotFound: /);
  });

  test('conformance replays OASIS cases and prints the table', async () => {
    const r = await kmip(['conformance', 'test/vectors/oasis/v1.4/mandatory', '--filter', 'SKLC-M-1'], env());
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^SKLC-M-1-14 +pass/m);
    assert.match(r.stdout, /1 passed, 0 known failures, 0 failed \(of 1\)/);
    assert.match(r.stderr, /^\[1\/1\] SKLC-M-1-14 +pass/m, 'progress on stderr');
  });

  test('conformance marks a known failure with its reason and does not fail for it', async () => {
    const r = await kmip(
      ['conformance', 'test/vectors/oasis/v1.4/optional', '--filter', 'OMOS-O-1-14'],
      env(),
    );
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(
      r.stdout,
      /^OMOS-O-1-14 +known +the case answers a 1\.4 request with a 1\.3 response header/m,
    );
    assert.match(r.stdout, /0 passed, 1 known failures, 0 failed \(of 1\)/);
  });
});

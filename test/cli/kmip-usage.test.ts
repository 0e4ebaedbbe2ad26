// The `kmip` command without a server, as typed: help on every subcommand, the version, "did
// you mean", usage errors (exit 2, plain or JSON), enumeration values listed, help topics, shell
// completion (run in bash), and decode.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { kmip, requireBuilt, REPO } from '../helpers/built-cli.js';
import { tempDir } from '../helpers/temp-dir.js';
import { KMIP_COMMANDS } from '../../src/cli/kmip-commands.js';
import { encodeTtlv } from '../../src/ttlv/encode.js';
import { buildRequestMessage } from '../../src/client/messages.js';
import { Operation } from '../../src/spec/generated/enums.js';
import { enumInfo } from '../../src/spec/registry.js';

const home = tempDir('kmip-usage-home-');
const env = { HOME: home };
const NAMES = [...KMIP_COMMANDS.map((c) => c.name), 'completion'];

before(requireBuilt);

describe('help and version', () => {
  test('kmip --help lists every subcommand with what it does, the global options and the help topics', async () => {
    const r = await kmip(['--help'], { env });
    assert.equal(r.code, 0, r.stderr);
    for (const s of NAMES) assert.match(r.stdout, new RegExp(`^  ${s} +\\S`, 'm'), s);
    assert.match(r.stdout, /--config <FILE>/);
    assert.match(r.stdout, /kmip help config, kmip help policies, kmip help slugs/);
  });

  test('every subcommand has its own --help: usage line, a sentence saying what it does, its options', async () => {
    const runs = await Promise.all(NAMES.map((s) => kmip([s, '--help'], { env })));
    runs.forEach((r, i) => {
      const name = NAMES[i] as string;
      assert.equal(r.code, 0, name);
      assert.match(r.stdout, new RegExp(`^Usage: kmip ${name}\\b`), name);
      const description = r.stdout.split('\n\n')[1]?.replace(/\n/g, ' ') ?? '';
      assert.match(description, /^[A-Z].+\.$/, `${name} says what it does`);
      assert.match(r.stdout, /Global Options:/, name);
    });
  });

  test('kmip --version prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
    const r = await kmip(['--version'], { env });
    assert.deepEqual([r.code, r.stdout.trim()], [0, version]);
  });

  test('kmip help TOPIC prints the config, policies and SLUGS pages; a command name gives its help', async () => {
    const [config, policies, slugs, create] = await Promise.all(
      ['config', 'policies', 'slugs', 'create'].map((t) => kmip(['help', t], { env })),
    );
    for (const words of [/~\/\.pykmip\/pykmip\.conf/, /--write-client-config/, /data_dir/, /database_path/])
      assert.match(config?.stdout ?? '', words);
    assert.match(policies?.stdout ?? '', /policy_path[\s\S]*ALLOW_OWNER/);
    assert.match(slugs?.stdout ?? '', /\[auth:slugs\][\s\S]*users\/\{user\}\/groups/);
    assert.match(create?.stdout ?? '', /^Usage: kmip create/);
    const none = await kmip(['help', 'nothing'], { env });
    assert.equal(none.code, 2);
    assert.match(
      none.stderr,
      /^kmip: no command or help topic 'nothing'; topics: config, policies, slugs\n$/,
    );
  });
});

describe('usage errors', () => {
  test('no arguments: the help on standard error, exit 2', async () => {
    const r = await kmip([], { env });
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^Usage: kmip/);
  });

  test('a mistyped command or option: exit 2 and "did you mean"', async () => {
    const command = await kmip(['creat', '--alg', 'AES'], { env });
    assert.equal(command.code, 2);
    assert.equal(command.stderr, "kmip: unknown command 'creat' (Did you mean create?)\n");
    const option = await kmip(['create', '--lenght', '128'], { env });
    assert.equal(option.code, 2);
    assert.equal(option.stderr, "kmip: unknown option '--lenght' (Did you mean --length?)\n");
    const missing = await kmip(['get'], { env });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /missing required argument 'UID'/);
  });

  test('--alg NOPE lists the valid algorithms (a near miss is named); exit 2', async () => {
    const r = await kmip(['create', '--alg', 'NOPE'], { env });
    assert.equal(r.code, 2);
    const every = enumInfo('CryptographicAlgorithm')?.values.map((v) => v.xmlName) ?? [];
    assert.ok(every.length > 10);
    assert.equal(
      r.stderr,
      `kmip: --alg: 'NOPE' is not a Cryptographic Algorithm; valid values: ${every.join(', ')}\n`,
    );
    const near = await kmip(['locate', '--type', 'symmetrickey'], { env });
    assert.match(near.stderr, /'symmetrickey' is not a Object Type \(did you mean SymmetricKey\?\)/);
    const choice = await kmip(['get', 'x', '--format', 'json'], { env });
    assert.equal(choice.code, 2);
    assert.match(choice.stderr, /Allowed choices are summary, raw, hex, base64, pem/);
  });

  test('with --json a usage error is a JSON object on standard error, exit status unchanged', async () => {
    const r = await kmip(['--json', 'create', '--alg', 'NOPE'], { env });
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    const e = JSON.parse(r.stderr) as { error: { kind: string; message: string } };
    assert.equal(e.error.kind, 'usage');
    assert.match(e.error.message, /^--alg: 'NOPE' is not a Cryptographic Algorithm/);
    const unknown = await kmip(['frobnicate', '--json'], { env });
    assert.equal(unknown.code, 2);
    assert.equal((JSON.parse(unknown.stderr) as { error: { kind: string } }).error.kind, 'usage');
  });
});

describe('shell completion', () => {
  const script = async (shell: string): Promise<string> => {
    const r = await kmip(['completion', shell], { env });
    assert.equal(r.code, 0, r.stderr);
    return r.stdout;
  };

  /** What bash completes for the words (the last one being completed), with the script loaded. */
  function complete(bashScript: string, words: readonly string[]): string[] {
    const file = join(home, 'kmip-completion.bash');
    writeFileSync(file, bashScript);
    const quoted = words.map((w) => `'${w}'`).join(' ');
    const r = spawnSync(
      'bash',
      [
        '-c',
        `source '${file}'; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _kmip; printf '%s\\n' "\${COMPREPLY[@]}"`,
      ],
      { encoding: 'utf8' },
    );
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.split('\n').filter((l) => l !== '');
  }

  test('bash: subcommands, their options, enumeration values, help topics', async () => {
    const s = await script('bash');
    assert.deepEqual(complete(s, ['kmip', 'cr']), ['create', 'create-key-pair']);
    assert.deepEqual(complete(s, ['kmip', '--json', 'rek']), ['rekey', 'rekey-key-pair']);
    assert.deepEqual(complete(s, ['kmip', 'create', '--le']), ['--length']);
    assert.deepEqual(complete(s, ['kmip', 'create', '--alg', 'AE']), ['AES']);
    assert.deepEqual(complete(s, ['kmip', 'register', '--type', 'ce']), [
      'certificate',
      'certificate-request',
    ]);
    assert.deepEqual(complete(s, ['kmip', 'help', 'po']), ['policies']);
    assert.deepEqual(complete(s, ['kmip', '--host', 'x', 'get', '--format', 'b']), ['base64']);
    assert.ok(complete(s, ['kmip', 'get', '--']).includes('--key-format'));
    assert.ok(complete(s, ['kmip', 'get', '--']).includes('--json'), 'global options after the command');
  });

  test('zsh: a #compdef script naming every subcommand and option, valid and registered by zsh (when installed)', async (t) => {
    const s = await script('zsh');
    assert.match(s, /^#compdef kmip\n/);
    for (const c of NAMES) assert.match(s, new RegExp(`^ {4}'${c}:`, 'm'), c);
    assert.match(s, /'--alg\[[^\]]*\]:ALG:\([^)]*\bAES\b/);
    const file = join(home, '_kmip');
    writeFileSync(file, s);
    // Loaded as ~/.zshrc would: after compinit it registers _kmip for kmip.
    const zsh = spawnSync(
      'zsh',
      ['-f', '-c', `autoload -U compinit; compinit -u -D; source '${file}'; print -r -- \${_comps[kmip]}`],
      { encoding: 'utf8', env: { ...process.env, HOME: home } },
    );
    if (zsh.error !== undefined) {
      t.diagnostic('zsh is not installed: the script is not run');
      return;
    }
    assert.equal(spawnSync('zsh', ['-n', file]).status, 0, 'zsh -n: the syntax is valid');
    assert.deepEqual([zsh.status, zsh.stdout], [0, '_kmip\n'], zsh.stderr);
  });

  test('an unknown shell is a usage error', async () => {
    const r = await kmip(['completion', 'fish'], { env });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no completion for 'fish': give bash or zsh/);
  });
});

describe('decode', () => {
  const HEADER = encodeTtlv(
    buildRequestMessage({ version: { major: 1, minor: 4 } }, [{ operation: Operation.Query, payload: [] }]),
  ).toString('hex');

  test('prints a hex message as a tree with spec names', async () => {
    const r = await kmip(['decode', HEADER.slice(0, 16), HEADER.slice(16)], { env });
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      /^Request Message \(Structure\)\n {2}Request Header \(Structure\)\n {4}Protocol Version \(Structure\)\n {6}Protocol Version Major \(Integer\): 1\n/,
    );
    assert.match(r.stdout, /^ {4}Operation \(Enumeration\): Query \(0x00000018\)$/m);
  });

  test('reads a binary file and standard input (hex with spaces); --json gives KMIP JSON', async () => {
    const file = join(home, 'message.bin');
    writeFileSync(file, Buffer.from(HEADER, 'hex'));
    const fromFile = await kmip(['decode', file], { env });
    assert.match(fromFile.stdout, /^Request Message/);
    const fromStdin = await kmip(['decode', '-'], { env, input: HEADER.replace(/(..)/g, '$1 ') });
    assert.equal(fromStdin.stdout, fromFile.stdout);
    const json = await kmip(['--json', 'decode', HEADER], { env });
    assert.equal((JSON.parse(json.stdout) as { tag: string }).tag, 'RequestMessage');
    const bad = await kmip(['decode', '42007a01'], { env, cwd: REPO });
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /^kmip: input ends inside the item header/);
  });
});

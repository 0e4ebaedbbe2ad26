import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  ConsoleTokens,
  ConsoleTokensError,
  appendToken,
  hashToken,
  mintToken,
  parseTokens,
} from './console-tokens.js';

function scratch(): { dir: string; file: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'kmip-console-tokens-'));
  return { dir, file: join(dir, 'tokens'), done: () => rmSync(dir, { recursive: true, force: true }) };
}

test('a minted token is 32 random bytes; the file keeps only its SHA-256, beside the identity', (t) => {
  const s = scratch();
  t.after(s.done);
  const a = mintToken('alice');
  const b = mintToken('alice');
  assert.match(a.token, /^kmipct_[A-Za-z0-9_-]{43}$/);
  assert.notEqual(a.token, b.token);
  assert.equal(a.hash, hashToken(a.token));
  appendToken(s.file, a.hash, 'Alice Smith', 'minted for a test');
  const text = readFileSync(s.file, 'utf8');
  assert.ok(!text.includes(a.token));
  assert.match(text, new RegExp(`^sha256:${a.hash} Alice Smith$`, 'm'));
  assert.equal(statSync(s.file).mode & 0o777, 0o600);
  const tokens = new ConsoleTokens(s.file);
  assert.equal(tokens.identityOf(a.token)?.identity, 'Alice Smith');
  assert.equal(tokens.identityOf(b.token), undefined);
  assert.equal(tokens.identityOf('kmipct_short'), undefined);
  assert.throws(() => mintToken('two\nlines'), ConsoleTokensError);
});

test('lines that are not tokens stop the start, naming file and line', () => {
  assert.deepEqual(parseTokens('# comment\n\n', 'f'), []);
  assert.throws(() => parseTokens(`sha256:${'a'.repeat(64)}\n`, 'tokens'), /tokens:1: expected/);
  assert.throws(() => parseTokens(`\nsha256:${'A'.repeat(64)} bob\n`, 'tokens'), /tokens:2/);
  assert.throws(() => parseTokens('plaintext-token bob\n', 'tokens'), /tokens:1/);
  assert.throws(() => new ConsoleTokens('/nonexistent/tokens'), ConsoleTokensError);
});

test('the file is read again when it changes: a removed line revokes, a broken file accepts nothing', (t) => {
  const s = scratch();
  t.after(s.done);
  const a = mintToken('alice');
  const b = mintToken('bob');
  appendToken(s.file, a.hash, 'alice', 'a');
  const tokens = new ConsoleTokens(s.file);
  assert.equal(tokens.identityOf(b.token), undefined);
  appendToken(s.file, b.hash, 'bob', 'b');
  assert.equal(tokens.identityOf(b.token)?.identity, 'bob');
  writeFileSync(s.file, `sha256:${b.hash} bob\n`);
  assert.equal(tokens.identityOf(a.token), undefined);
  assert.equal(tokens.byHash(b.hash)?.identity, 'bob');
  writeFileSync(s.file, `sha256:${b.hash} bob\nnot a token line\n`);
  assert.equal(tokens.identityOf(b.token), undefined, 'a file being edited into a bad state fails closed');
  rmSync(s.file);
  assert.equal(tokens.identityOf(b.token), undefined);
});

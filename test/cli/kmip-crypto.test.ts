// The `kmip` cryptographic commands against kmip-ts, as typed, each result checked against
// node:crypto: encrypt / decrypt (--raw to standard output), sign / signature-verify, mac /
// mac-verify (exit 1 when a signature or MAC does not verify), hash, rng, rekey, rekey-key-pair,
// derive-key.
import assert from 'node:assert/strict';
import { createHash, createHmac, createPublicKey, pbkdf2Sync, verify } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startCliServer, type CliServer } from '../helpers/cli-server.js';

let cli: CliServer;
before(async () => (cli = await startCliServer()));
after(() => cli?.stop());

const json = <T>(text: string): T => JSON.parse(text) as T;

describe('kmip cryptographic commands', { timeout: 240_000 }, () => {
  test('encrypt, then decrypt --raw writes the plain text to standard output as it is', async () => {
    const key = await cli.ok(['create', '--activate']);
    const enc = await cli.json<{ data: string; iv: string }>(['encrypt', key, '--text', 'hello, world']);
    const raw = await cli.run(['decrypt', key, '--hex', enc.data, '--iv', enc.iv, '--raw']);
    assert.equal(raw.code, 0, raw.stderr);
    assert.equal(raw.stdout, 'hello, world');
    const human = await cli.ok(['decrypt', key, '--hex', enc.data, '--iv', enc.iv]);
    assert.equal(human, `data: ${Buffer.from('hello, world').toString('hex')}`);
    const b64 = await cli.json<{ data: string }>([
      'decrypt',
      key,
      '--hex',
      enc.data,
      '--iv',
      enc.iv,
      '--format',
      'base64',
    ]);
    assert.equal(Buffer.from(b64.data, 'base64').toString(), 'hello, world');
    const both = await cli.run(['--json', 'decrypt', key, '--hex', enc.data, '--iv', enc.iv, '--raw']);
    assert.equal(both.code, 2);
  });

  test('sign --raw, then signature-verify: exit 0 when it verifies, 1 when the data changed', async () => {
    const pair = await cli.json<{ privateKeyUid: string; publicKeyUid: string }>([
      'create-key-pair',
      '--alg',
      'RSA',
      '--length',
      '2048',
      '--activate',
    ]);
    const params = ['--hash', 'SHA_256', '--padding', 'PKCS1V1_5'];
    const signed = await cli.run(['sign', pair.privateKeyUid, '--text', 'report', ...params, '--raw']);
    assert.equal(signed.code, 0, signed.stderr);
    const signature = signed.bytes;
    assert.equal(signature.length, 256);
    const der = Buffer.from(
      (await cli.json<{ value: string }>(['get', pair.publicKeyUid, '--key-format', 'X_509'])).value,
      'hex',
    );
    const pub = createPublicKey({ key: der, format: 'der', type: 'spki' });
    assert.ok(verify('sha256', Buffer.from('report'), pub, signature), 'node:crypto accepts the signature');
    const sigFile = join(cli.server.dir, 'report.sig');
    writeFileSync(sigFile, signature);
    const good = await cli.run([
      'signature-verify',
      pair.publicKeyUid,
      '--text',
      'report',
      '--signature-file',
      sigFile,
      ...params,
    ]);
    assert.deepEqual([good.code, good.stdout], [0, 'valid: the signature verifies\n']);
    const bad = await cli.run([
      'signature-verify',
      pair.publicKeyUid,
      '--text',
      'rep0rt',
      '--signature',
      signature.toString('hex'),
      ...params,
    ]);
    assert.deepEqual([bad.code, bad.stdout], [1, 'invalid: the signature does not verify\n']);
  });

  test('mac matches HMAC-SHA256 of the key; mac-verify exits 0 for it and 1 for another MAC', async () => {
    const key = await cli.ok([
      'create',
      '--alg',
      'HMAC_SHA256',
      '--length',
      '256',
      '--usage',
      'MACGenerate|MACVerify',
      '--activate',
    ]);
    const bytes = Buffer.from(await cli.ok(['get', key, '--format', 'hex']), 'hex');
    const expected = createHmac('sha256', bytes).update('message').digest('hex');
    assert.equal(await cli.ok(['mac', key, '--text', 'message', '--alg', 'HMAC_SHA256']), `mac: ${expected}`);
    const good = await cli.run([
      'mac-verify',
      key,
      '--text',
      'message',
      '--alg',
      'HMAC_SHA256',
      '--mac',
      expected,
    ]);
    assert.deepEqual([good.code, good.stdout], [0, 'valid: the MAC verifies\n']);
    const bad = await cli.run([
      '--json',
      'mac-verify',
      key,
      '--text',
      'message',
      '--alg',
      'HMAC_SHA256',
      '--mac',
      '00'.repeat(32),
    ]);
    assert.equal(bad.code, 1);
    assert.equal(json<{ validityIndicator: string }>(bad.stdout).validityIndicator, 'Invalid');
  });

  test('hash gives the digest node:crypto computes; rng gives the bytes asked for', async () => {
    const digest = await cli.ok(['hash', '--text', 'abc', '--hash', 'SHA_512']);
    assert.equal(digest, `digest: ${createHash('sha512').update('abc').digest('hex')}`);
    const input = Buffer.from('from standard input');
    const piped = await cli.run(['hash', '--in', '-', '--raw'], { input });
    assert.deepEqual(piped.bytes, createHash('sha256').update(input).digest());
    const random = await cli.run(['rng', '32', '--raw']);
    assert.equal(random.bytes.length, 32);
    const b64 = await cli.json<{ data: string }>(['rng', '16', '--format', 'base64']);
    assert.equal(Buffer.from(b64.data, 'base64').length, 16);
    const zero = await cli.run(['rng', '0']);
    assert.equal(zero.code, 2);
  });

  test('rekey gives a new key of the same kind; rekey-key-pair a new pair', async () => {
    const old = await cli.ok(['create', '--length', '128', '--name', 'cli-rekey', '--activate']);
    const fresh = await cli.ok(['rekey', old, '--offset', '0']);
    assert.notEqual(fresh, old);
    const view = await cli.json<{ algorithm: string; length: number }>(['get', fresh]);
    assert.deepEqual([view.algorithm, view.length], ['AES', 128]);
    assert.equal(await cli.ok(['locate', '--name', 'cli-rekey']), fresh, 'the Name moves to the new key');
    const pair = await cli.json<{ privateKeyUid: string }>([
      'create-key-pair',
      '--alg',
      'EC',
      '--length',
      '256',
      '--activate',
    ]);
    const next = await cli.json<{ privateKeyUid: string; publicKeyUid: string }>([
      'rekey-key-pair',
      pair.privateKeyUid,
    ]);
    assert.notEqual(next.privateKeyUid, pair.privateKeyUid);
    assert.match(await cli.ok(['get', next.publicKeyUid]), /^PublicKey /);
  });

  test('derive-key with PBKDF2 gives the key node:crypto derives from the same secret', async () => {
    const secret = await cli.ok([
      'register',
      '--type',
      'secret-data',
      '--text',
      'correct horse',
      '--usage',
      'DeriveKey',
      '--activate',
    ]);
    const salt = '0011223344556677';
    const uid = await cli.ok([
      'derive-key',
      secret,
      '--method',
      'PBKDF2',
      '--hash',
      'SHA_256',
      '--salt',
      salt,
      '--iterations',
      '1000',
      '--length',
      '256',
      '--name',
      'cli-derived',
    ]);
    const expected = pbkdf2Sync('correct horse', Buffer.from(salt, 'hex'), 1000, 32, 'sha256').toString(
      'hex',
    );
    assert.equal(await cli.ok(['get', uid, '--format', 'hex']), expected);
    const missing = await cli.run(['derive-key', secret]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /required option '--method <METHOD>' not specified/);
  });
});

// The `kmip` object commands against kmip-ts, as typed: create, create-key-pair (--usage,
// --attr), register of every object type, get in every format (also --json), locate (no match
// says so on standard error), attribute edits, archive / recover, obtain-lease, refusals.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import forge from 'node-forge';
import { startCliServer, type CliServer } from '../helpers/cli-server.js';

let cli: CliServer;
before(async () => (cli = await startCliServer()));
after(() => cli?.stop());

const json = <T>(text: string): T => JSON.parse(text) as T;
const file = (name: string, data: string | Buffer): string => {
  const path = join(cli.server.dir, name);
  writeFileSync(path, data);
  return path;
};

/** The value of one attribute, as `kmip --json get-attributes` reports it. */
async function attribute(uid: string, name: string): Promise<unknown> {
  const r = await cli.json<{ attributes: { name: string; value: unknown }[] }>(['get-attributes', uid, name]);
  return r.attributes.find((a) => a.name === name)?.value;
}

describe('create, get, locate', { timeout: 180_000 }, () => {
  test('the Ceph set-up line: create an active AES-256 key, locate it by name, fetch its bytes', async () => {
    const uid = await cli.ok([
      'create',
      '--alg',
      'AES',
      '--length',
      '256',
      '--name',
      'pykmip-bucket',
      '--activate',
    ]);
    assert.match(uid, /^\S+$/);
    assert.equal(await cli.ok(['locate', '--name', 'pykmip-bucket']), uid);
    const out = join(cli.server.dir, 'key.bin');
    await cli.ok(['get', uid, '--format', 'raw', '--out', out]);
    const view = await cli.json<{ value: string; algorithm: string; length: number }>(['get', uid]);
    assert.deepEqual([view.algorithm, view.length], ['AES', 256]);
    assert.equal(readFileSync(out).toString('hex'), view.value);
    assert.equal(await attribute(uid, 'State'), 'Active');
  });

  test('get --format base64 --json writes the value in base64 inside the JSON; pem --json adds the PEM text', async () => {
    const uid = await cli.ok(['create', '--length', '128']);
    const hex = (await cli.json<{ value: string }>(['get', uid])).value;
    const b64 = (await cli.json<{ value: string }>(['get', uid, '--format', 'base64'])).value;
    assert.equal(Buffer.from(b64, 'base64').toString('hex'), hex);
    assert.equal((await cli.ok(['get', uid, '--format', 'base64'])).trim(), b64);
    const cert = await cli.ok(['register', '--type', 'certificate', '--in', cli.server.certs.ca.cert]);
    const pem = (await cli.json<{ pem: string }>(['get', cert, '--format', 'pem'])).pem;
    const body = (text: string): string => text.replace(/-----[^-]+-----|\s/g, '');
    assert.match(pem, /^-----BEGIN CERTIFICATE-----\n/);
    assert.equal(body(pem), body(readFileSync(cli.server.certs.ca.cert, 'utf8')));
    const raw = await cli.run(['--json', 'get', uid, '--format', 'raw']);
    assert.equal(raw.code, 2);
    assert.match(raw.stderr, /use --format base64/);
  });

  test('locate with no match: nothing on standard output, a note on standard error, exit 0', async () => {
    const r = await cli.run(['locate', '--name', 'no-such-name-anywhere']);
    assert.deepEqual([r.code, r.stdout, r.stderr], [0, '', 'kmip: no object matches\n']);
    const j = await cli.run(['--json', 'locate', '--name', 'no-such-name-anywhere']);
    assert.deepEqual([j.code, json<{ uids: string[] }>(j.stdout).uids, j.stderr], [0, [], '']);
  });

  test('create-key-pair takes --usage and --attr (both keys), --public-usage, --private-name', async () => {
    const pair = json<{ privateKeyUid: string; publicKeyUid: string }>(
      await cli.ok([
        '--json',
        'create-key-pair',
        '--alg',
        'EC',
        '--length',
        '256',
        '--private-name',
        'cli-pair',
        '--public-name',
        'cli-pair.pub',
        '--usage',
        'Sign|Verify',
        '--public-usage',
        'Verify',
        '--attr',
        'Object Group=cli-pairs',
        '--activate',
      ]),
    );
    // Sign = 1, Verify = 2 (KMIP 2.1 §11.15)
    assert.equal(await attribute(pair.privateKeyUid, 'Cryptographic Usage Mask'), 3);
    assert.equal(await attribute(pair.publicKeyUid, 'Cryptographic Usage Mask'), 2);
    for (const uid of [pair.privateKeyUid, pair.publicKeyUid]) {
      assert.equal(await attribute(uid, 'Object Group'), 'cli-pairs');
      assert.equal(await attribute(uid, 'State'), 'Active');
    }
    assert.equal(await cli.ok(['locate', '--name', 'cli-pair']), pair.privateKeyUid);
    assert.equal(await cli.ok(['locate', '--name', 'cli-pair.pub']), pair.publicKeyUid);
  });
});

describe('register every object type', { timeout: 180_000 }, () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

  function csrPem(): string {
    const keys = forge.pki.rsa.generateKeyPair(1024);
    const csr = forge.pki.createCertificationRequest();
    csr.publicKey = keys.publicKey;
    csr.setSubject([{ name: 'commonName', value: 'cli-request' }]);
    csr.sign(keys.privateKey);
    return forge.pki.certificationRequestToPem(csr);
  }

  // Certificate Request is registered like the others, but the built-in policies do not cover
  // it (Disallow All, as pykmip-server's), so nothing more can be read back: see the test below.
  const cases: readonly (readonly [string, string, () => string[]])[] = [
    ['symmetric-key', 'SymmetricKey', () => ['--alg', 'AES', '--hex', '00112233445566778899aabbccddeeff']],
    ['secret-data', 'SecretData', () => ['--text', 'a password', '--secret-type', 'Password']],
    ['opaque', 'OpaqueObject', () => ['--hex', 'deadbeef']],
    ['certificate', 'Certificate', () => ['--in', cli.server.certs.client.cert]],
    [
      'public-key',
      'PublicKey',
      () => ['--in', file('pub.pem', publicKey.export({ type: 'spki', format: 'pem' }))],
    ],
    [
      'private-key',
      'PrivateKey',
      () => ['--in', file('priv.pem', privateKey.export({ type: 'pkcs8', format: 'pem' }))],
    ],
    [
      'split-key',
      'SplitKey',
      () => [
        '--alg',
        'AES',
        '--hex',
        '0f'.repeat(16),
        '--parts',
        '3',
        '--part',
        '1',
        '--threshold',
        '2',
        '--split-method',
        'XOR',
      ],
    ],
    [
      'pgp-key',
      'PGPKey',
      () => [
        '--text',
        '-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQENBF…\n-----END PGP PUBLIC KEY BLOCK-----\n',
      ],
    ],
  ];

  for (const [kind, objectType, args] of cases) {
    test(`--type ${kind}: registered as a ${objectType}, read back with get`, async () => {
      const uid = await cli.ok(['register', '--type', kind, ...args(), '--name', `cli-${kind}`]);
      assert.equal(await attribute(uid, 'Object Type'), objectType);
      assert.equal(await cli.ok(['locate', '--name', `cli-${kind}`]), uid);
      const view = await cli.json<{ objectType: string }>(['get', uid]);
      assert.equal(view.objectType, objectType);
    });
  }

  test('--type certificate-request: a PEM request is registered (as PKCS#10 DER)', async () => {
    const r = await cli.run(['register', '--type', 'certificate-request', '--in', file('req.pem', csrPem())]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^\S+\n$/);
  });

  test('the bytes come back as registered (symmetric key, secret data, opaque)', async () => {
    const key = await cli.ok([
      'register',
      '--type',
      'symmetric-key',
      '--alg',
      'AES',
      '--hex',
      'ab'.repeat(32),
    ]);
    assert.equal(await cli.ok(['get', key, '--format', 'hex']), 'ab'.repeat(32));
    const secret = await cli.ok(['register', '--type', 'secret-data', '--text', 's3cret']);
    assert.equal((await cli.run(['get', secret, '--format', 'raw'])).stdout, 's3cret');
  });

  test('--type template at KMIP 1.4 (templates exist only in 1.x); refused at 2.x', async () => {
    const uid = await cli.ok([
      '--kmip-version',
      '1.4',
      'register',
      '--type',
      'template',
      '--name',
      'cli-template',
      '--attr',
      'Cryptographic Algorithm=AES',
    ]);
    assert.equal(await cli.ok(['--kmip-version', '1.4', 'locate', '--name', 'cli-template']), uid);
    const v2 = await cli.run([
      '--kmip-version',
      '2.1',
      'register',
      '--type',
      'template',
      '--attr',
      'Cryptographic Algorithm=AES',
    ]);
    assert.equal(v2.code, 1);
    // The server's refusal, whatever its reason and words: a KMIP error, exit status 1.
    assert.match(v2.stderr, /^kmip: Register failed: OperationFailed \/ \w+: .*\btemplates?\b/i);
  });

  test('a missing --type or a wrong one is a usage error', async () => {
    const none = await cli.run(['register', '--hex', '00']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /required option '--type <KIND>' not specified/);
    const wrong = await cli.run(['register', '--type', 'key', '--hex', '00']);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /Allowed choices are symmetric-key, public-key/);
  });
});

describe('attributes and lifecycle', { timeout: 180_000 }, () => {
  test('add-attribute, modify-attribute, delete-attribute on a custom attribute', async () => {
    const uid = await cli.ok(['create']);
    assert.match(await cli.ok(['add-attribute', uid, 'x-team', 'blue']), new RegExp(`^added \\(${uid}\\)`));
    assert.equal(await attribute(uid, 'x-team'), 'blue');
    await cli.ok(['modify-attribute', uid, 'x-team', 'green']);
    assert.equal(await attribute(uid, 'x-team'), 'green');
    await cli.ok(['delete-attribute', uid, 'x-team']);
    assert.equal(await attribute(uid, 'x-team'), undefined);
  });

  test('archive makes an object unusable until recover brings it back', async () => {
    const uid = await cli.ok(['create']);
    assert.equal(await cli.ok(['archive', uid]), `archived ${uid}`);
    const archived = await cli.run(['get', uid]);
    assert.equal(archived.code, 1);
    assert.match(archived.stderr, /Get failed: OperationFailed \/ ObjectArchived/);
    assert.equal(await cli.ok(['recover', uid]), `recovered ${uid}`);
    assert.match(await cli.ok(['get', uid]), /^SymmetricKey /);
  });

  test('obtain-lease prints the lease and the Last Change Date', async () => {
    const uid = await cli.ok(['create']);
    const out = await cli.ok(['obtain-lease', uid]);
    const m = /^Lease Time: +(no limit|(\d+) s)\nLast Change Date: \d{4}-\d\d-\d\dT/.exec(out);
    assert.ok(m !== null, out);
    const j = await cli.json<{ uid: string; leaseTime: number }>(['obtain-lease', uid]);
    assert.deepEqual([j.uid, j.leaseTime], [uid, Number(m[2] ?? 0)]);
  });

  test('revoke and destroy', async () => {
    const uid = await cli.ok(['create', '--activate']);
    const active = await cli.run(['destroy', uid]);
    assert.equal(active.code, 1);
    assert.equal(await cli.ok(['revoke', uid, '--reason', 'CessationOfOperation']), `revoked ${uid}`);
    assert.equal(await cli.ok(['destroy', uid]), `destroyed ${uid}`);
  });

  test('a refusal exits 1 with the Result Reason; with --json the error is JSON with the Result Reason', async () => {
    const r = await cli.run(['get', 'no-such-uid']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^kmip: Get failed: OperationFailed \/ (Item|Object)NotFound: /);
    const j = await cli.run(['--json', 'get', 'no-such-uid']);
    assert.equal(j.code, 1);
    assert.equal(j.stdout, '');
    const e = json<{ error: Record<string, unknown> }>(j.stderr).error;
    assert.deepEqual([e['kind'], e['operation'], e['resultStatus']], ['result', 'Get', 'OperationFailed']);
    assert.match(String(e['resultReason']), /^(Item|Object)NotFound$/);
  });
});

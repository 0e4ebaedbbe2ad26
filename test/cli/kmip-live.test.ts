// `kmip` against a live server, as typed: `kmip bench` and `kmip conformance` leave the server
// with the objects it had (--keep shows what they would have left; Ctrl-C still cleans up); no
// pykmip.conf is said, with how to make one; a refused client certificate is named as such.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { KMIP_JS, REPO, kmip } from '../helpers/built-cli.js';
import { startCliServer, type CliServer } from '../helpers/cli-server.js';
import { makeTestPki } from '../../src/transport/demo-certs.js';
import { tempDir } from '../helpers/temp-dir.js';

let cli: CliServer;
before(async () => (cli = await startCliServer()));
after(() => cli?.stop());

/** How many objects the demo client owns (Locate with no filter). */
async function objectCount(): Promise<number> {
  return (await cli.json<{ uids: string[] }>(['locate'])).uids.length;
}

const CREATE_AND_ACTIVATE = `<KMIP>
<RequestMessage><RequestHeader><ProtocolVersion><ProtocolVersionMajor type="Integer" value="1"/><ProtocolVersionMinor type="Integer" value="4"/></ProtocolVersion><BatchCount type="Integer" value="1"/></RequestHeader>
<BatchItem><Operation type="Enumeration" value="Create"/><RequestPayload><ObjectType type="Enumeration" value="SymmetricKey"/><TemplateAttribute>
<Attribute><AttributeName type="TextString" value="Cryptographic Algorithm"/><AttributeValue type="Enumeration" value="AES"/></Attribute>
<Attribute><AttributeName type="TextString" value="Cryptographic Length"/><AttributeValue type="Integer" value="128"/></Attribute>
<Attribute><AttributeName type="TextString" value="Cryptographic Usage Mask"/><AttributeValue type="Integer" value="Encrypt Decrypt"/></Attribute>
</TemplateAttribute></RequestPayload></BatchItem></RequestMessage>
<ResponseMessage><ResponseHeader><ProtocolVersion><ProtocolVersionMajor type="Integer" value="1"/><ProtocolVersionMinor type="Integer" value="4"/></ProtocolVersion><TimeStamp type="DateTime" value="$NOW"/><BatchCount type="Integer" value="1"/></ResponseHeader>
<BatchItem><Operation type="Enumeration" value="Create"/><ResultStatus type="Enumeration" value="Success"/><ResponsePayload><ObjectType type="Enumeration" value="SymmetricKey"/><UniqueIdentifier type="TextString" value="$UNIQUE_IDENTIFIER_0"/></ResponsePayload></BatchItem></ResponseMessage>
<RequestMessage><RequestHeader><ProtocolVersion><ProtocolVersionMajor type="Integer" value="1"/><ProtocolVersionMinor type="Integer" value="4"/></ProtocolVersion><BatchCount type="Integer" value="1"/></RequestHeader>
<BatchItem><Operation type="Enumeration" value="Activate"/><RequestPayload><UniqueIdentifier type="TextString" value="$UNIQUE_IDENTIFIER_0"/></RequestPayload></BatchItem></RequestMessage>
<ResponseMessage><ResponseHeader><ProtocolVersion><ProtocolVersionMajor type="Integer" value="1"/><ProtocolVersionMinor type="Integer" value="4"/></ProtocolVersion><TimeStamp type="DateTime" value="$NOW"/><BatchCount type="Integer" value="1"/></ResponseHeader>
<BatchItem><Operation type="Enumeration" value="Activate"/><ResultStatus type="Enumeration" value="Success"/><ResponsePayload><UniqueIdentifier type="TextString" value="$UNIQUE_IDENTIFIER_0"/></ResponsePayload></BatchItem></ResponseMessage>
</KMIP>
`;

describe('live servers stay clean', { timeout: 240_000 }, () => {
  test('kmip conformance destroys what the cases created (an Active key included); --keep leaves it', async () => {
    const dir = join(cli.server.dir, 'cases');
    mkdirSync(dir);
    writeFileSync(join(dir, 'LEAVES-A-KEY-1.xml'), CREATE_AND_ACTIVATE);
    const before = await objectCount();
    const r = await cli.run(['conformance', dir]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /1 passed, 0 known failures, 0 failed \(of 1\)/);
    assert.match(r.stderr, /^\[1\/1\] LEAVES-A-KEY-1 +pass\nkmip: removed 1 object the cases created\n$/);
    assert.equal(await objectCount(), before);
    const kept = await cli.run(['conformance', dir, '--keep']);
    assert.equal(kept.code, 0, kept.stderr);
    assert.equal(await objectCount(), before + 1, 'the case does leave a key behind');
  });

  test('conformance replays OASIS cases, with progress on stderr; a known failure is marked, not failed', async () => {
    const r = await cli.run(['conformance', 'test/vectors/oasis/v1.4/mandatory', '--filter', 'SKLC-M-1']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^SKLC-M-1-14 +pass/m);
    assert.match(r.stdout, /1 passed, 0 known failures, 0 failed \(of 1\)/);
    assert.match(r.stderr, /^\[1\/1\] SKLC-M-1-14 +pass/m, 'progress on stderr');
    const known = await cli.run([
      'conformance',
      'test/vectors/oasis/v1.4/optional',
      '--filter',
      'OMOS-O-1-14',
    ]);
    assert.equal(known.code, 0, known.stdout + known.stderr);
    assert.match(
      known.stdout,
      /^OMOS-O-1-14 +known +the case answers a 1\.4 request with a 1\.3 response header/m,
    );
    assert.match(known.stdout, /0 passed, 1 known failures, 0 failed \(of 1\)/);
  });

  test('kmip bench destroys the keys it made and every key its creates made; --keep leaves them', async () => {
    const before = await objectCount();
    const args = ['--count', '40', '--connections', '2', '--depth', '2', '--keys', '3'];
    const r = await cli.run(['bench', 'get=1', 'create=1', ...args]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /kmip: removed (\d+) objects the run created\n/);
    assert.equal(await objectCount(), before);
    const kept = await cli.run(['--json', 'bench', '--mix', 'create', '--count', '10', '--keep']);
    assert.equal(kept.code, 0, kept.stderr);
    assert.equal((JSON.parse(kept.stdout) as { total: { ops: number } }).total.ops, 10);
    assert.equal(await objectCount(), before + 10);
  });

  test('bench --prefill: N named keys made in batches, every read shape run on them, all of it removed', async () => {
    const before = await objectCount();
    const r = await cli.run([
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
      'get',
      'locate',
      'locate-attr',
      'locate-type',
      'create-named',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const result = JSON.parse(r.stdout) as {
      total: { ops: number; errors: number };
      byOperation: Record<string, { ops: number }>;
    };
    assert.equal(result.total.errors, 0);
    assert.equal(result.total.ops, 80);
    for (const op of ['get', 'locate', 'locate-attr', 'locate-type', 'create-named'])
      assert.ok((result.byOperation[op]?.ops ?? 0) > 0, `${op} was sent`);
    assert.equal(r.stderr, '', 'with --json, no progress or notes on stderr');
    assert.equal(await objectCount(), before, 'the 250 prefilled keys and the named Creates are gone');
  });

  test("the README's bench examples: npm run bench and kmip bench take the same arguments, which run as written", async () => {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    const npmArgs = /`npm run bench -- ([^`]+)`/.exec(readme)?.[1];
    const kmipArgs = /`kmip bench ([^`]+)`/.exec(readme)?.[1];
    assert.ok(npmArgs !== undefined && kmipArgs !== undefined, 'the README shows both');
    assert.equal(kmipArgs, npmArgs, 'one syntax');
    const before = await objectCount();
    // --count ends the run early (it takes precedence over --seconds).
    const r = await cli.run(['--json', 'bench', ...kmipArgs.split(' '), '--count', '40']);
    assert.equal(r.code, 0, r.stderr);
    const result = JSON.parse(r.stdout) as { total: { ops: number; errors: number } };
    assert.deepEqual(result.total, { ...result.total, ops: 40, errors: 0 });
    assert.equal(await objectCount(), before);
  });

  test('Ctrl-C stops kmip bench early and still removes what it made', async () => {
    const before = await objectCount();
    const child = spawn(
      process.execPath,
      ['--openssl-legacy-provider', KMIP_JS, 'bench', 'create', '--seconds', '120'],
      {
        env: { ...process.env, HOME: cli.home },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let err = '';
    let interrupted = false;
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      // The progress line says operations are running: interrupt, once (twice quits at once).
      if (!interrupted && /[1-9]\d* operations/.test(err)) {
        interrupted = true;
        child.kill('SIGINT');
      }
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 0, err);
    assert.match(err, /stopping; removing what the run created/);
    assert.match(err, /kmip: removed \d+ objects the run created/);
    assert.equal(await objectCount(), before);
  });
});

describe('settings and the server', { timeout: 120_000 }, () => {
  test('query and discover-versions in human form', async () => {
    const q = await cli.ok(['query']);
    assert.match(q, /^Vendor: +kmip-ts$/m);
    assert.match(q, /^Operations: .*\bCreate\b/m);
    assert.match(await cli.ok(['--kmip-version', '1.4', 'discover-versions']), /^2\.1\n2\.0\n1\.4\n/);
  });

  test('--config and --section pick a file and section; --host fails over to the next host', async () => {
    const file = join(cli.server.dir, 'other.conf');
    const c = cli.server.certs;
    writeFileSync(
      file,
      `[appliance]\nhost=127.0.0.2,${cli.server.host}\nport=${cli.server.port}\ncertfile=${c.client.cert}\n` +
        `keyfile=${c.client.key}\nca_certs=${c.ca.cert}\n`,
    );
    const r = await kmip(['--config', file, '--section', 'appliance', 'query', 'QueryServerInformation'], {
      env: { HOME: tempDir('kmip-no-home-') },
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /kmip-ts/);
  });
});

describe('connection problems say what is wrong', { timeout: 120_000 }, () => {
  test('--verbose names the pykmip.conf read and the server asked', async () => {
    const r = await cli.run(['--verbose', 'discover-versions']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stderr,
      `kmip: settings from ${cli.home}/.pykmip/pykmip.conf [client]: 127.0.0.1:${cli.server.port}, ` +
        `certfile ${cli.server.certs.client.cert}\n`,
    );
  });

  test('no pykmip.conf: says where it looked and how to make one, then the connection error names it', async () => {
    const home = tempDir('kmip-no-conf-');
    const r = await kmip(['query', '--port', '1'], { env: { HOME: home } });
    assert.equal(r.code, 1);
    const [note, error] = r.stderr.split('\n');
    assert.equal(
      note,
      `kmip: no pykmip.conf found (looked for ${home}/.pykmip/pykmip.conf, /etc/pykmip/pykmip.conf); ` +
        'connecting to 127.0.0.1:1 without a client certificate. Write one with `kmip-server --write-client-config` ' +
        "(for the demo certificates) or give --config FILE; 'kmip help config' explains the settings.",
    );
    assert.match(
      error ?? '',
      /^kmip: cannot connect to 127\.0\.0\.1:1 \(.*ECONNREFUSED.*\) \(settings from no pykmip\.conf\)$/,
    );
    const j = await kmip(['--json', 'query', '--port', '1'], { env: { HOME: home } });
    assert.equal(j.code, 1);
    assert.equal((JSON.parse(j.stderr) as { error: { kind: string } }).error.kind, 'connect');
  });

  test('a client certificate the server refuses: "the handshake was refused" and the likely reasons', async () => {
    const pki = await makeTestPki(join(cli.server.dir, 'pki'), { issuer: cli.server.certs });
    for (const c of [pki.otherCaClient, pki.expired]) {
      const r = await cli.run(['query', '--cert', c.cert, '--key', c.key]);
      assert.equal(r.code, 1);
      assert.match(
        r.stderr,
        /^kmip: the server closed the connection before answering: the handshake was refused \(or the server stopped\); likely reasons: the client certificate \(certfile\) is not signed by a CA the server trusts, has expired/,
      );
      assert.match(r.stderr, /\(settings from .*pykmip\.conf \[client\]\)\n$/);
    }
    const none = await cli.run([
      'query',
      '--config',
      '/dev/null',
      '--host',
      '127.0.0.1',
      '--port',
      String(cli.server.port),
      '--ca',
      cli.server.certs.ca.cert,
    ]);
    assert.equal(none.code, 1);
    assert.match(
      none.stderr,
      /kmip: the handshake was refused \(TLS alert "certificate required"\): the server requires a client certificate and none was given/,
    );
  });
});

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  ClientConfigError,
  clientOptionsFromConfig,
  loadPykmipConfig,
  pykmipConfigFiles,
} from './pykmip-config.js';
import { testCertificates } from '../../test/helpers/fake-kmip-server.js';
import { tempDir } from '../../test/helpers/temp-dir.js';

function scratch(): string {
  return tempDir('pykmip-conf-');
}

function file(dir: string, name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

// The example block of PyKMIP's README, verbatim apart from the paths.
const README_BLOCK = `[client]
host=127.0.0.1
port=5696
keyfile=/path/to/key/file
certfile=/path/to/cert/file
cert_reqs=CERT_REQUIRED
ssl_version=PROTOCOL_SSLv23
ca_certs=/path/to/ca/cert/file
do_handshake_on_connect=True
suppress_ragged_eofs=True
username=user
password=password
`;

describe('pykmip.conf for the client', () => {
  test("reads PyKMIP's README example block", () => {
    const s = loadPykmipConfig({ files: [file(scratch(), 'pykmip.conf', README_BLOCK)] });
    assert.deepEqual(s.hosts, ['127.0.0.1']);
    assert.equal(s.port, 5696);
    assert.equal(s.keyfile, '/path/to/key/file');
    assert.equal(s.certfile, '/path/to/cert/file');
    assert.equal(s.ca_certs, '/path/to/ca/cert/file');
    assert.equal(s.cert_reqs, 'CERT_REQUIRED');
    assert.equal(s.ssl_version, 'PROTOCOL_SSLv23');
    assert.equal(s.do_handshake_on_connect, true);
    assert.equal(s.suppress_ragged_eofs, true);
    assert.equal(s.username, 'user');
    assert.equal(s.password, 'password');
    assert.equal(s.timeout, 30);
  });

  const etc = existsSync('/etc/pykmip/pykmip.conf') ? 'this machine has an /etc/pykmip/pykmip.conf' : false;
  test('searches ~/.pykmip/pykmip.conf then /etc/pykmip/pykmip.conf', { skip: etc }, () => {
    assert.deepEqual(pykmipConfigFiles('/home/u'), [
      '/home/u/.pykmip/pykmip.conf',
      '/etc/pykmip/pykmip.conf',
    ]);
    const home = scratch();
    mkdirSync(join(home, '.pykmip'));
    file(join(home, '.pykmip'), 'pykmip.conf', '[client]\nhost=kms.example\nport=5697\n');
    const s = loadPykmipConfig({ home });
    assert.deepEqual(s.hosts, ['kms.example']);
    assert.equal(s.port, 5697);
    assert.ok(s.files.includes(join(home, '.pykmip', 'pykmip.conf')));
  });

  test('later files override earlier ones key by key, as ConfigParser.read() does', () => {
    const d = scratch();
    const a = file(d, 'a.conf', '[client]\nhost=first\nport=1111\nusername=alice\n');
    const b = file(d, 'b.conf', '[client]\nhost=second\n');
    const s = loadPykmipConfig({ files: [a, b] });
    assert.deepEqual([s.hosts, s.port, s.username], [['second'], 1111, 'alice']);
  });

  test('the section is chosen by name; a named section must exist', () => {
    const d = scratch();
    const f = file(d, 'p.conf', '[client]\nhost=a\n\n[vault]\nhost=vault.example\nport=15696\n');
    assert.deepEqual(loadPykmipConfig({ files: [f], section: 'vault' }).hosts, ['vault.example']);
    assert.throws(() => loadPykmipConfig({ files: [f], section: 'nope' }), ClientConfigError);
  });

  test('several comma-separated hosts (spaces ignored) fail over in order', () => {
    const f = file(scratch(), 'p.conf', '[client]\nhost=kms1.example, kms2.example ,kms3\nport=5696\n');
    const s = loadPykmipConfig({ files: [f] });
    assert.deepEqual(s.hosts, ['kms1.example', 'kms2.example', 'kms3']);
    const o = clientOptionsFromConfig(s);
    assert.deepEqual(o.hosts, [
      { host: 'kms1.example', port: 5696 },
      { host: 'kms2.example', port: 5696 },
      { host: 'kms3', port: 5696 },
    ]);
  });

  test("'None' means unset; [DEFAULT] and %(name)s interpolation work as in Python", () => {
    const f = file(
      scratch(),
      'p.conf',
      '[DEFAULT]\ndir=/etc/kmip\n\n[client]\ncertfile=%(dir)s/client.crt\nkeyfile=None\nusername=None\n',
    );
    const s = loadPykmipConfig({ files: [f] });
    assert.equal(s.certfile, '/etc/kmip/client.crt');
    assert.equal(s.keyfile, undefined);
    assert.equal(s.username, undefined);
  });

  test('options override the file; defaults fill what neither gives', () => {
    const f = file(scratch(), 'p.conf', '[client]\nhost=from-file\nport=5696\ntimeout=-5\n');
    const s = loadPykmipConfig({ files: [f], overrides: { host: 'a,b', port: 9999, kmip_version: '1.2' } });
    assert.deepEqual([s.hosts, s.port, s.kmip_version], [['a', 'b'], 9999, '1.2']);
    assert.equal(s.timeout, 30, 'a negative timeout falls back to 30 s, as PyKMIP does');
    assert.equal(s.cert_reqs, 'CERT_REQUIRED');
    assert.equal(s.check_hostname, false);
  });

  test('no file at all gives PyKMIP defaults (127.0.0.1:5696)', { skip: etc }, () => {
    const s = loadPykmipConfig({ home: scratch(), files: [] });
    assert.deepEqual([s.hosts, s.port], [['127.0.0.1'], 5696]);
  });

  test('errors name the file: a bad port, a missing file, a malformed line', () => {
    const d = scratch();
    assert.throws(
      () => loadPykmipConfig({ files: [file(d, 'p.conf', '[client]\nport=fifty\n')] }),
      /p\.conf: port: 'fifty'/,
    );
    assert.throws(() => loadPykmipConfig({ files: [join(d, 'missing.conf')] }), /missing\.conf: no such/);
    assert.throws(
      () => loadPykmipConfig({ files: [file(d, 'bad.conf', '[client]\nthis line\n')] }),
      /bad\.conf:2/,
    );
  });

  test('client options: TLS material read from the files, credential, timeout, version', async () => {
    const certs = await testCertificates();
    const f = file(
      scratch(),
      'p.conf',
      `[client]\nhost=h\ncertfile=${certs.client.cert}\nkeyfile=${certs.client.key}\nca_certs=${certs.ca.cert}\n` +
        'cert_reqs=CERT_NONE\nssl_version=PROTOCOL_TLSv1_2\nusername=bob\npassword=s\ntimeout=7\nkmip_version=1.4\n',
    );
    const o = clientOptionsFromConfig(loadPykmipConfig({ files: [f] }));
    assert.ok(Buffer.isBuffer(o.tls?.cert) && Buffer.isBuffer(o.tls.key) && Buffer.isBuffer(o.tls.ca));
    assert.equal(o.tls?.rejectUnauthorized, false);
    assert.deepEqual([o.tls?.minVersion, o.tls?.maxVersion], ['TLSv1.2', 'TLSv1.2']);
    assert.deepEqual(o.credential, { username: 'bob', password: 's' });
    assert.equal(o.requestTimeoutMs, 7000);
    assert.equal(o.version, '1.4');
    const bad = file(scratch(), 'q.conf', '[client]\nssl_version=PROTOCOL_SSLv2\n');
    assert.throws(
      () => clientOptionsFromConfig(loadPykmipConfig({ files: [bad] })),
      /ssl_version 'PROTOCOL_SSLv2'/,
    );
  });
});

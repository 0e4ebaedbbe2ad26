import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveServerConfig } from './server-config-resolve.js';
import { SERVER_DEFAULTS } from './server-config.js';
import { ServerConfigError } from '../config/config-error.js';

let dir: string;
let missingDefault: string;
const opts = (): { cwd: string; defaultConfigPath: string } => ({
  cwd: dir,
  defaultConfigPath: missingDefault,
});

function writeConf(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'kmip-conf-'));
  missingDefault = join(dir, 'absent', 'server.conf');
  for (const f of ['server.crt', 'server.key', 'ca.crt', 'other.crt']) writeFileSync(join(dir, f), 'x');
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('resolveServerConfig', () => {
  it('gives the defaults when the default file is missing and nothing else is set', () => {
    const config = resolveServerConfig([], {}, opts());
    assert.equal(config.configPath, undefined);
    assert.equal(config.hostname, SERVER_DEFAULTS.hostname);
    assert.equal(config.port, 5696);
    assert.equal(config.authSuite, 'TLS1.2');
    assert.equal(config.enableTlsClientAuth, true);
    assert.equal(config.certificatePath, undefined);
    assert.equal(config.dataDir, join(dir, 'data'));
    assert.deepEqual(config.authPlugins, []);
    assert.deepEqual(config.warnings, []);
  });

  it('the console needs https_port; its tokens file is taken from the working directory; tokens without it warn', () => {
    const noHttps = writeConf('console.conf', '[server]\nconsole = true\n');
    assert.throws(
      () => resolveServerConfig(['-f', noHttps], {}, opts()),
      (e: unknown) => e instanceof ServerConfigError && e.key === 'console' && /https_port/.test(e.message),
    );
    const on = writeConf(
      'console-on.conf',
      '[server]\nconsole = true\nhttps_port = 5697\nconsole_tokens = tokens\n',
    );
    assert.equal(resolveServerConfig(['-f', on], {}, opts()).consoleTokens, join(dir, 'tokens'));
    const off = writeConf('console-off.conf', '[server]\nconsole_tokens = tokens\n');
    assert.match(resolveServerConfig(['-f', off], {}, opts()).warnings.join('\n'), /console is off/);
  });

  it('refuses a named configuration file that does not exist', () => {
    const missing = join(dir, 'nope.conf');
    for (const argv of [['-f', missing], [`--config_path=${missing}`]]) {
      assert.throws(
        () => resolveServerConfig(argv, {}, opts()),
        (e: unknown) =>
          e instanceof ServerConfigError && e.file === missing && /could not be found/.test(e.message),
      );
    }
    assert.throws(
      () => resolveServerConfig([], { KMIP_SERVER_CONFIG: missing }, opts()),
      /could not be found/,
    );
  });

  it('reads the default file when it exists', () => {
    const path = writeConf('default.conf', '[server]\nport = 6000\n');
    const config = resolveServerConfig([], {}, { cwd: dir, defaultConfigPath: path });
    assert.equal(config.configPath, path);
    assert.equal(config.port, 6000);
  });

  it('lets flags override the file, including -i over enable_tls_client_auth', () => {
    const path = writeConf(
      'full.conf',
      [
        '[server]',
        'hostname = 10.0.0.1',
        'port = 6000',
        'auth_suite = Basic',
        'enable_tls_client_auth = True',
        'logging_level = ERROR',
        'database_path = file.db',
        '[auth:slugs]',
        'enabled = True',
        'url = http://s/',
      ].join('\n'),
    );
    const fileOnly = resolveServerConfig(['-f', path], {}, opts());
    assert.equal(fileOnly.hostname, '10.0.0.1');
    assert.equal(fileOnly.enableTlsClientAuth, true);
    assert.equal(fileOnly.databasePath, join(dir, 'file.db'));
    assert.deepEqual(fileOnly.authPlugins[0]?.settings, { enabled: 'True', url: 'http://s/' });

    const config = resolveServerConfig(
      [
        '-f',
        path,
        '-n',
        '127.0.0.2',
        '-p',
        '7000',
        '-s',
        'TLS1.2',
        '-i',
        '-v',
        'DEBUG',
        '-d',
        '/abs/flag.db',
      ],
      {},
      opts(),
    );
    assert.equal(config.hostname, '127.0.0.2');
    assert.equal(config.port, 7000);
    assert.equal(config.authSuite, 'TLS1.2');
    assert.equal(config.enableTlsClientAuth, false);
    assert.equal(config.loggingLevel, 'DEBUG');
    assert.equal(config.databasePath, '/abs/flag.db');
    assert.ok(config.ini !== undefined);
  });

  it('reads the PKCS#11 master key settings, the PIN from KMIP_PKCS11_PIN over the file', () => {
    const path = writeConf(
      'pkcs11.conf',
      [
        '[server]',
        'master_key_pkcs11 = /usr/lib/softhsm/libsofthsm2.so',
        'master_key_pkcs11_slot = 0',
        'master_key_pkcs11_token_label = kmip',
        'master_key_pkcs11_pin = from-file',
        'master_key_pkcs11_label = master',
        'pkcs11_module = /usr/lib/softhsm/libsofthsm2.so',
        '',
      ].join('\n'),
    );
    const config = resolveServerConfig(['-f', path], { KMIP_PKCS11_PIN: '1234' }, opts());
    assert.equal(config.masterKeyPkcs11, '/usr/lib/softhsm/libsofthsm2.so');
    assert.equal(config.masterKeyPkcs11Slot, 0);
    assert.equal(config.masterKeyPkcs11TokenLabel, 'kmip');
    assert.equal(config.masterKeyPkcs11Pin, '1234');
    assert.equal(config.masterKeyPkcs11Label, 'master');
    assert.equal(config.pkcs11Module, '/usr/lib/softhsm/libsofthsm2.so');
    assert.equal(SERVER_DEFAULTS.pkcs11Module, undefined);
    assert.equal(resolveServerConfig(['-f', path], {}, opts()).masterKeyPkcs11Pin, 'from-file');
    assert.equal(SERVER_DEFAULTS.masterKeyPkcs11Label, 'kmip-ts master key');
    const bad = writeConf('pkcs11-bad.conf', '[server]\nmaster_key_pkcs11_slot = -1\n');
    assert.throws(
      () => resolveServerConfig(['-f', bad], {}, opts()),
      (e: unknown) => e instanceof ServerConfigError && e.key === 'master_key_pkcs11_slot',
    );
  });

  it('lets the environment override the file and flags override the environment', () => {
    const path = writeConf('env.conf', '[server]\ndata_dir = /from/file\ndatabase_url = postgres://file\n');
    const env = {
      KMIP_DATA_DIR: '/from/env',
      KMIP_DATABASE_URL: 'postgres://env',
      KMIP_MASTER_KEY_FILE: 'mk',
    };
    const config = resolveServerConfig(['-f', path], env, opts());
    assert.equal(config.dataDir, '/from/env');
    assert.equal(config.databaseUrl, 'postgres://env');
    assert.equal(config.masterKeyFile, join(dir, 'mk'));
    assert.equal(
      resolveServerConfig(['-f', path, '--data-dir', '/from/flag'], env, opts()).dataDir,
      '/from/flag',
    );
    assert.throws(
      () => resolveServerConfig([], { KMIP_DATA_DIR: '' }, opts()),
      (e: unknown) =>
        e instanceof ServerConfigError && e.file === '<environment>' && e.key === 'KMIP_DATA_DIR',
    );
  });

  it('resolves relative paths from the working directory', () => {
    const config = resolveServerConfig(
      ['-c', 'server.crt', '-k', 'server.key', '-a', 'ca.crt', '-o', 'pol'],
      {},
      opts(),
    );
    assert.equal(config.certificatePath, join(dir, 'server.crt'));
    assert.equal(config.keyPath, join(dir, 'server.key'));
    assert.equal(config.caPath, join(dir, 'ca.crt'));
    assert.equal(config.policyPath, join(dir, 'pol'));
  });

  it('refuses a certificate file that does not exist, naming the line in the file', () => {
    const path = writeConf(
      'certs.conf',
      '[server]\ncertificate_path = server.crt\nkey_path = gone.key\nca_path = ca.crt\n',
    );
    assert.throws(
      () => resolveServerConfig(['-f', path], {}, opts()),
      (e: unknown) =>
        e instanceof ServerConfigError &&
        e.file === path &&
        e.line === 3 &&
        e.key === 'key_path' &&
        /file not found/.test(e.message),
    );
    // A flag that fixes it wins; a flag that names a missing file is blamed on the flag.
    assert.equal(
      resolveServerConfig(['-f', path, '-k', 'server.key'], {}, opts()).keyPath,
      join(dir, 'server.key'),
    );
    assert.throws(
      () => resolveServerConfig(['-f', path, '--key_path', 'nope.key'], {}, opts()),
      (e: unknown) => e instanceof ServerConfigError && e.file === '<command line>' && e.key === '--key_path',
    );
  });

  it('wants certificate, key and CA together, or none of them', () => {
    assert.throws(
      () => resolveServerConfig(['-c', 'server.crt', '-k', 'server.key'], {}, opts()),
      (e: unknown) =>
        e instanceof ServerConfigError && /ca_path is missing/.test(e.message) && e.key === '-c',
    );
  });

  it('warns about ignored positional arguments and carries the file warnings', () => {
    const path = writeConf('warn.conf', '[server]\ntls_cipher_suites = TLS_NOPE\n');
    const config = resolveServerConfig(['-f', path, 'stray'], {}, opts());
    assert.deepEqual(config.tlsCipherSuites, []);
    assert.equal(config.warnings.length, 2);
    assert.match(
      config.warnings[0] ?? '',
      /warn\.conf:2: tls_cipher_suites: unknown cipher suite 'TLS_NOPE'/,
    );
    assert.match(config.warnings[1] ?? '', /ignored arguments: stray/);
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { LoggingLevel, SERVER_DEFAULTS, parseServerConf } from './server-config.js';
import { ServerConfigError } from '../config/config-error.js';

// PyKMIP's documented example (docs: Server > Configuration), with its continuation lines indented
// as the real file has them.
const PYKMIP_EXAMPLE = `[server]
hostname=127.0.0.1
port=5696
certificate_path=/path/to/certificate/file
key_path=/path/to/certificate/key/file
ca_path=/path/to/ca/certificate/file
auth_suite=Basic
policy_path=/path/to/policy/file
enable_tls_client_auth=True
tls_cipher_suites=
    TLS_RSA_WITH_AES_128_CBC_SHA256
    TLS_RSA_WITH_AES_256_CBC_SHA256
    TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384
logging_level=DEBUG
database_path=/tmp/pykmip.db

[auth:slugs]
enabled=False
url=http://127.0.0.1:8080/slugs/
`;

function conf(body: string): ReturnType<typeof parseServerConf> {
  return parseServerConf(`[server]\n${body}\n`, '/etc/pykmip/server.conf');
}

function rejects(body: string, line: number, key: string, pattern: RegExp): void {
  assert.throws(
    () => conf(body),
    (e: unknown) =>
      e instanceof ServerConfigError &&
      e.file === '/etc/pykmip/server.conf' &&
      e.line === line &&
      e.key === key &&
      e.message.startsWith(`/etc/pykmip/server.conf:${line}: ${key}: `) &&
      pattern.test(e.message),
  );
}

describe('parseServerConf', () => {
  it("types every key of PyKMIP's documented example", () => {
    const parsed = parseServerConf(PYKMIP_EXAMPLE, 'server.conf');
    assert.deepEqual(parsed.settings, {
      hostname: '127.0.0.1',
      port: 5696,
      certificatePath: '/path/to/certificate/file',
      keyPath: '/path/to/certificate/key/file',
      caPath: '/path/to/ca/certificate/file',
      authSuite: 'Basic',
      policyPath: '/path/to/policy/file',
      enableTlsClientAuth: true,
      tlsCipherSuites: [
        'TLS_RSA_WITH_AES_128_CBC_SHA256',
        'TLS_RSA_WITH_AES_256_CBC_SHA256',
        'TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384',
      ],
      loggingLevel: LoggingLevel.Debug,
      databasePath: '/tmp/pykmip.db',
    });
    assert.deepEqual(parsed.warnings, []);
    assert.equal(parsed.lines.tls_cipher_suites, 10);
  });

  it('keeps the auth: sections, in file order, with their raw settings', () => {
    const parsed = parseServerConf(
      `${PYKMIP_EXAMPLE}\n[auth:slugs:xyz]\nenabled = True\nurl = http://h/%%41\n[other]\nx = 1\n`,
      'server.conf',
    );
    assert.deepEqual(
      parsed.authPlugins.map((p) => [p.name, p.settings]),
      [
        ['auth:slugs', { enabled: 'False', url: 'http://127.0.0.1:8080/slugs/' }],
        ['auth:slugs:xyz', { enabled: 'True', url: 'http://h/%41' }],
      ],
    );
    assert.deepEqual(
      parsed.ini.sections.map((s) => s.name),
      ['server', 'auth:slugs', 'auth:slugs:xyz', 'other'],
    );
  });

  it('reads booleans as configparser.getboolean does', () => {
    for (const t of ['1', 'yes', 'true', 'on', 'True', 'YES', 'On']) {
      assert.equal(conf(`enable_tls_client_auth = ${t}`).settings.enableTlsClientAuth, true, t);
    }
    for (const f of ['0', 'no', 'false', 'off', 'False', 'NO', 'OFF']) {
      assert.equal(conf(`enable_tls_client_auth = ${f}`).settings.enableTlsClientAuth, false, f);
    }
    rejects('\nenable_tls_client_auth = maybe', 3, 'enable_tls_client_auth', /must be a boolean/);
    rejects('enable_tls_client_auth =', 2, 'enable_tls_client_auth', /must be a boolean/);
  });

  it('splits cipher suites on whitespace, newlines and commas, de-duplicates them, and accepts OpenSSL names', () => {
    const parsed = conf('tls_cipher_suites = TLS_AES_128_GCM_SHA256 AES256-SHA256,TLS_AES_128_GCM_SHA256');
    assert.deepEqual(parsed.settings.tlsCipherSuites, ['TLS_AES_128_GCM_SHA256', 'AES256-SHA256']);
  });

  it('skips an unknown cipher suite with a warning naming file, line and name', () => {
    const parsed = conf('port = 1\ntls_cipher_suites =\n  TLS_FOO_WITH_BAR\n  TLS_RSA_WITH_AES_128_CBC_SHA');
    assert.deepEqual(parsed.settings.tlsCipherSuites, ['TLS_RSA_WITH_AES_128_CBC_SHA']);
    assert.deepEqual(parsed.warnings, [
      "/etc/pykmip/server.conf:3: tls_cipher_suites: unknown cipher suite 'TLS_FOO_WITH_BAR' skipped",
    ]);
  });

  it('reads logging levels in any case and refuses others', () => {
    assert.equal(conf('logging_level = warning').settings.loggingLevel, 'WARNING');
    assert.equal(conf('logging_level = Critical').settings.loggingLevel, 'CRITICAL');
    rejects('logging_level = 10', 2, 'logging_level', /DEBUG, INFO, WARNING, ERROR, CRITICAL/);
  });

  it('reads auth_suite Basic or TLS1.2 (any case) and refuses others', () => {
    assert.equal(conf('auth_suite = TLS1.2').settings.authSuite, 'TLS1.2');
    assert.equal(conf('auth_suite = basic').settings.authSuite, 'Basic');
    rejects('\n\nauth_suite = TLS1.3', 4, 'auth_suite', /one of Basic, TLS1\.2/);
  });

  it('reads the port as an integer from 0 to 65535', () => {
    assert.equal(conf('port = 0').settings.port, 0);
    assert.equal(conf('port = 65535').settings.port, 65535);
    rejects('port = 65536', 2, 'port', /0 to 65535/);
    rejects('port = 5696 # comment', 2, 'port', /"5696 # comment"/);
    rejects('port = 0x10', 2, 'port', /0 to 65535/);
  });

  it('takes an empty hostname as every IPv4 address and an empty optional path as unset', () => {
    const parsed = conf('hostname =\npolicy_path =\ndatabase_path=');
    assert.equal(parsed.settings.hostname, '0.0.0.0');
    assert.ok('policyPath' in parsed.settings && parsed.settings.policyPath === undefined);
    assert.ok('databasePath' in parsed.settings && parsed.settings.databasePath === undefined);
  });

  it('types our own keys', () => {
    const parsed = conf(
      [
        'data_dir = /var/lib/kmip',
        'database_url = postgres://kmip@db/kmip',
        'max_message_size = 64k',
        'max_connections = 200',
        'idle_timeout = 90',
        'handshake_timeout = 2500ms',
        'audit_log = /var/log/kmip/audit.log',
        'master_key_file = /etc/kmip/master.key',
        'log_path = /var/log/kmip/server.log',
      ].join('\n'),
    );
    assert.deepEqual(parsed.settings, {
      dataDir: '/var/lib/kmip',
      databaseUrl: 'postgres://kmip@db/kmip',
      maxMessageSize: 65536,
      maxConnections: 200,
      idleTimeoutMs: 90_000,
      handshakeTimeoutMs: 2500,
      auditLog: '/var/log/kmip/audit.log',
      masterKeyFile: '/etc/kmip/master.key',
      logPath: '/var/log/kmip/server.log',
    });
    assert.equal(conf('max_message_size = 1MiB').settings.maxMessageSize, 1048576);
    assert.equal(conf('idle_timeout = 0').settings.idleTimeoutMs, 0);
    assert.equal(conf('idle_timeout = 5m').settings.idleTimeoutMs, 300_000);
    assert.equal(conf('idle_timeout = 1.5s').settings.idleTimeoutMs, 1500);
    assert.equal(conf('slugs_cache_ttl = 30').settings.slugsCacheTtlMs, 30_000);
    assert.equal(conf('slugs_cache_ttl = 0').settings.slugsCacheTtlMs, 0);
    assert.equal(SERVER_DEFAULTS.slugsCacheTtlMs, 0, 'no SLUGS cache unless asked for');
  });

  it('reads the HTTPS, admin and log format keys; an empty port is off', () => {
    const parsed = conf('https_port = 5697\nadmin_port = 9090\nadmin_host = 10.0.0.5\nlog_format = JSON');
    assert.deepEqual(parsed.settings, {
      httpsPort: 5697,
      adminPort: 9090,
      adminHost: '10.0.0.5',
      logFormat: 'json',
    });
    const off = conf('https_port =\nadmin_port =\nadmin_host =');
    assert.ok('httpsPort' in off.settings && off.settings.httpsPort === undefined);
    assert.ok('adminPort' in off.settings && off.settings.adminPort === undefined);
    assert.equal(off.settings.adminHost, '0.0.0.0');
    rejects('https_port = 70000', 2, 'https_port', /0 to 65535/);
    rejects('admin_port = metrics', 2, 'admin_port', /0 to 65535/);
    rejects('log_format = xml', 2, 'log_format', /one of text, json/);
  });

  it('reads the web console keys: a list of identities with spaces, a session idle time of a minute or more', () => {
    const parsed = conf(
      'console = yes\nconsole_tokens = /etc/kmip/console-tokens\n' +
        'console_admins = ops, Jane Doe ,ops,\nconsole_session_timeout = 2h',
    );
    assert.deepEqual(parsed.settings, {
      console: true,
      consoleTokens: '/etc/kmip/console-tokens',
      consoleAdmins: ['ops', 'Jane Doe'],
      consoleSessionTimeoutMs: 7_200_000,
    });
    assert.equal(SERVER_DEFAULTS.console, false, 'no console unless asked for');
    assert.deepEqual(SERVER_DEFAULTS.consoleAdmins, [], 'no console administrator unless named');
    rejects('console = maybe', 2, 'console', /boolean/);
    rejects('console_session_timeout = 30s', 2, 'console_session_timeout', /at least 1 minute/);
  });

  it('types the operating keys: revocation lists, pid file, limits per identity', () => {
    const parsed = conf(
      [
        'crl_path = /etc/kmip/clients.crl',
        'pid_file = /run/kmip-server.pid',
        'max_objects_per_identity = 10000',
        'max_requests_per_second = 0',
      ].join('\n'),
    );
    assert.deepEqual(parsed.settings, {
      crlPath: '/etc/kmip/clients.crl',
      pidFile: '/run/kmip-server.pid',
      maxObjectsPerIdentity: 10000,
      maxRequestsPerSecond: 0,
    });
    rejects('max_objects_per_identity = -1', 2, 'max_objects_per_identity', /whole number \(0 = no limit\)/);
    rejects('max_requests_per_second = 2.5', 2, 'max_requests_per_second', /whole number/);
  });

  it('refuses bad values of our own keys, naming the line', () => {
    rejects('max_message_size = 100', 2, 'max_message_size', /at least 1024/);
    rejects('max_message_size = 1G', 2, 'max_message_size', /size/);
    rejects('max_connections = 0', 2, 'max_connections', /positive integer/);
    rejects('idle_timeout = soon', 2, 'idle_timeout', /duration/);
    rejects('slugs_cache_ttl = -1', 2, 'slugs_cache_ttl', /duration/);
    rejects('handshake_timeout = 0', 2, 'handshake_timeout', /more than 0/);
    rejects('data_dir =', 2, 'data_dir', /must not be empty/);
  });

  it('refuses an unknown key in [server], as PyKMIP does, naming its line', () => {
    rejects('port = 5696\nhostnme = x', 3, 'hostnme', /not a supported setting/);
  });

  it('sees [DEFAULT] keys in [server] (so an unknown one there is refused too)', () => {
    const parsed = parseServerConf('[DEFAULT]\nport = 7000\n[server]\n', 'c.conf');
    assert.equal(parsed.settings.port, 7000);
    assert.throws(
      () => parseServerConf('[DEFAULT]\nenabled = 1\n[server]\n', 'c.conf'),
      /c\.conf:2: enabled: /,
    );
  });

  it('refuses a file without a [server] section', () => {
    assert.throws(
      () => parseServerConf('[auth:slugs]\nenabled=True\n', 'c.conf'),
      (e: unknown) => e instanceof ServerConfigError && /no '\[server\]' section/.test(e.message),
    );
  });

  it('needs no key at all (defaults stand in)', () => {
    assert.deepEqual(parseServerConf('[server]\n', 'c.conf').settings, {});
  });
});

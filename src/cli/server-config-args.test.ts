import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseServerArgs, serverUsage } from './server-config-args.js';
import { ServerConfigError } from '../config/config-error.js';

function refuses(argv: string[], key: string, pattern: RegExp): void {
  assert.throws(
    () => parseServerArgs(argv),
    (e: unknown) =>
      e instanceof ServerConfigError &&
      e.file === '<command line>' &&
      e.key === key &&
      pattern.test(e.message),
  );
}

describe('parseServerArgs (pykmip-server flags)', () => {
  it('reads every short flag', () => {
    const args = parseServerArgs([
      ...['-n', '0.0.0.0', '-p', '5697', '-c', 's.crt', '-k', 's.key', '-a', 'ca.crt', '-s', 'TLS1.2'],
      ...['-f', 'my.conf', '-l', 'server.log', '-o', 'policies', '-i', '-v', 'DEBUG', '-d', 'k.db'],
    ]);
    assert.equal(args.configPath, 'my.conf');
    assert.deepEqual(args.settings, {
      hostname: '0.0.0.0',
      port: 5697,
      certificatePath: 's.crt',
      keyPath: 's.key',
      caPath: 'ca.crt',
      authSuite: 'TLS1.2',
      logPath: 'server.log',
      policyPath: 'policies',
      enableTlsClientAuth: false,
      loggingLevel: 'DEBUG',
      databasePath: 'k.db',
    });
    assert.equal(args.flags.port, '-p');
    assert.equal(args.help, false);
    assert.equal(args.version, false);
  });

  it('reads every long flag, with a space or =', () => {
    const args = parseServerArgs([
      ...['--hostname=h', '--port', '1', '--certificate_path=c', '--key_path', 'k', '--ca_path=a'],
      ...['--auth_suite', 'Basic', '--config_path=f', '--log_path', 'l', '--policy_path=o'],
      ...[
        '--ignore_tls_client_auth',
        '--logging_level=info',
        '--database_path',
        'd',
        '--data-dir',
        '/srv/kmip',
      ],
    ]);
    assert.equal(args.configPath, 'f');
    assert.deepEqual(args.settings, {
      hostname: 'h',
      port: 1,
      certificatePath: 'c',
      keyPath: 'k',
      caPath: 'a',
      authSuite: 'Basic',
      logPath: 'l',
      policyPath: 'o',
      enableTlsClientAuth: false,
      loggingLevel: 'INFO',
      databasePath: 'd',
      dataDir: '/srv/kmip',
    });
    assert.equal(args.flags.enableTlsClientAuth, '--ignore_tls_client_auth');
  });

  it('reads --https-port, --admin-port and --log-format', () => {
    const args = parseServerArgs(['--https-port', '5697', '--admin-port=0', '--log-format', 'json']);
    assert.deepEqual(args.settings, { httpsPort: 5697, adminPort: 0, logFormat: 'json' });
    assert.throws(() => parseServerArgs(['--log-format', 'yaml']), /one of text, json/);
  });

  it('takes attached short values and clustered short flags, as optparse does', () => {
    const args = parseServerArgs(['-p5696', '-ivWARNING', '-fconf']);
    assert.deepEqual(args.settings, { port: 5696, enableTlsClientAuth: false, loggingLevel: 'WARNING' });
    assert.equal(args.configPath, 'conf');
  });

  it('takes a value that starts with a dash', () => {
    assert.equal(parseServerArgs(['-n', '-weird-host']).settings.hostname, '-weird-host');
  });

  it('accepts unique prefixes of long flags and - for _', () => {
    const args = parseServerArgs(['--cert', 'c', '--ignore', '--certificate-path', 'd', '--data_dir', 'x']);
    assert.equal(args.settings.certificatePath, 'd');
    assert.equal(args.settings.enableTlsClientAuth, false);
    assert.equal(args.settings.dataDir, 'x');
  });

  it('lets the last of a repeated flag win', () => {
    assert.equal(parseServerArgs(['-p', '1', '--port', '2']).settings.port, 2);
  });

  it('ignores empty values, as pykmip-server does', () => {
    assert.deepEqual(parseServerArgs(['-n', '', '--database_path=', '-f', '']).settings, {});
    assert.equal(parseServerArgs(['-f', '']).configPath, undefined);
  });

  it('leaves enable_tls_client_auth alone without -i', () => {
    assert.equal('enableTlsClientAuth' in parseServerArgs(['-p', '1']).settings, false);
  });

  it('sees --help, -h and --version', () => {
    assert.equal(parseServerArgs(['--help']).help, true);
    assert.equal(parseServerArgs(['-h']).help, true);
    assert.equal(parseServerArgs(['--version']).version, true);
    assert.equal(parseServerArgs(['--vers']).version, true);
  });

  it('collects positionals, and everything after --', () => {
    assert.deepEqual(parseServerArgs(['x', '-p', '1', '--', '-p', 'y']).positionals, ['x', '-p', 'y']);
  });

  it('refuses unknown, ambiguous and valueless options, and bad values, naming the flag', () => {
    refuses(['--nope'], '--nope', /no such option/);
    refuses(['-x'], '-x', /no such option/);
    refuses(['--d'], '--d', /ambiguous option \(could be --database_path, --database-url, --data-dir\)/);
    refuses(['--database'], '--database', /ambiguous option/);
    refuses(['-p'], '-p', /requires a value/);
    refuses(['--port'], '--port', /requires a value/);
    refuses(['--help=yes'], '--help', /does not take a value/);
    refuses(['-p', 'http'], '-p', /0 to 65535/);
    refuses(['--auth_suite', 'TLS1.3'], '--auth_suite', /Basic, TLS1\.2/);
    refuses(['-v', 'LOUD'], '-v', /DEBUG/);
  });

  it('takes a PostgreSQL URL from --database-url (or --database_url=)', () => {
    const url = 'postgres://kmip:secret@db.example:5432/kmip?sslmode=require';
    assert.equal(parseServerArgs(['--database-url', url]).settings.databaseUrl, url);
    assert.equal(parseServerArgs([`--database_url=${url}`]).settings.databaseUrl, url);
  });

  it('lists every flag in the usage text', () => {
    const text = serverUsage();
    for (const f of [
      '-n, --hostname',
      '-i, --ignore_tls_client_auth',
      '-d, --database_path',
      '--database-url URL',
      '--data-dir',
      '--version',
    ]) {
      assert.ok(text.includes(f), f);
    }
  });
});

#!/usr/bin/env -S node --openssl-legacy-provider
// kmip-server: pykmip-server's flags and server.conf, a data directory with demo certificates and
// a SQLite database on first start, the listener on 5696, and a clean stop on SIGTERM/SIGINT.
// The shebang loads OpenSSL's legacy provider (Blowfish, CAST5, IDEA, RC4) so users need not.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseServerArgs, serverUsage } from './server-config-args.js';
import { resolveServerConfig } from './server-config-resolve.js';
import { ServerConfigError } from './server-config-error.js';
import { AuthConfigError } from '../auth/authenticator.js';
import { consoleLogger, type LogLevel } from './console-logger.js';
import { resolveServerCertificates } from '../transport/demo-certs.js';
import { buildTlsServerOptions } from '../transport/tls-options.js';
import { loadMasterKey } from '../store/master-key.js';
import { startKmipServer } from '../server.js';
import { runTransfer } from './kmip-server-transfer.js';
import { describeStore } from '../store/open-store.js';

async function main(argv: readonly string[]): Promise<number> {
  if (argv[0] === 'export' || argv[0] === 'import') return runTransfer(argv[0], argv.slice(1));
  const args = parseServerArgs(argv);
  if (args.help) {
    process.stdout.write(serverUsage());
    return 0;
  }
  if (args.version) {
    process.stdout.write('kmip-server (kmip-ts) 0.1.0\n');
    return 0;
  }
  const config = resolveServerConfig(argv, process.env);
  const log = consoleLogger(config.loggingLevel.toUpperCase() as LogLevel, config.logPath);
  for (const w of config.warnings) log.warn(w);
  const dataDir = resolve(config.dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const certs = await resolveServerCertificates(config, join(dataDir, 'certs'));
  const tls = buildTlsServerOptions({ ...config, ...certs });
  for (const w of tls.warnings) log.warn(w);
  const databasePath = config.databasePath ?? join(dataDir, 'kmip.sqlite');
  const masterKey = loadMasterKey({
    env: process.env.KMIP_MASTER_KEY,
    file: config.masterKeyFile ?? join(dataDir, 'master.key'),
    createIfMissing: config.masterKeyFile === undefined,
  });
  const server = await startKmipServer({
    host: config.hostname,
    port: config.port,
    tls: tls.options,
    enableTlsClientAuth: config.enableTlsClientAuth,
    databasePath,
    databaseUrl: config.databaseUrl,
    masterKeys: [masterKey],
    policyPath: config.policyPath,
    log,
    maxMessageSize: config.maxMessageSize,
    maxConnections: config.maxConnections,
    idleTimeoutMs: config.idleTimeoutMs,
    handshakeTimeoutMs: config.handshakeTimeoutMs,
    authPlugins: config.authPlugins,
  });
  // Signal handlers first: a supervisor that starts the process, waits for the "listening"
  // line and then stops it must find them installed.
  const stopped = new Promise<void>((done) => {
    const stop = (signal: string): void => {
      log.info(`${signal}: finishing requests in flight, then stopping`);
      void server.close().then(done);
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  const { address, port } = server.address;
  if (certs.demo !== undefined) {
    const d = certs.demo;
    process.stderr.write(
      [
        '',
        `Demo certificates in ${d.dir} (made on first start; configure certificate_path, key_path and ca_path for real ones).`,
        'Connect a PyKMIP client with this pykmip.conf section:',
        '  [client]',
        `  host=${address === '0.0.0.0' ? '127.0.0.1' : address}`,
        `  port=${port}`,
        `  certfile=${d.client.cert}`,
        `  keyfile=${d.client.key}`,
        `  ca_certs=${d.ca.cert}`,
        '  cert_reqs=CERT_REQUIRED',
        '  ssl_version=PROTOCOL_TLS',
        '',
      ].join('\n') + '\n',
    );
  }
  log.info(`kmip-server listening on ${address}:${port}`, {
    database: describeStore({ databaseUrl: config.databaseUrl, databasePath }),
  });
  await stopped;
  log.info('kmip-server stopped');
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof ServerConfigError || err instanceof AuthConfigError)
      process.stderr.write(`kmip-server: ${err.message}\n`);
    else
      process.stderr.write(
        `kmip-server: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
    process.exit(1);
  },
);

#!/usr/bin/env -S node --openssl-legacy-provider
// kmip-server: pykmip-server's flags and server.conf, a data directory with demo certificates and
// a SQLite database on first start, the listener on 5696 (and HTTPS, admin listeners when asked),
// a clean stop on SIGTERM/SIGINT, certificates, CRLs and master keys reread on SIGHUP, the log
// file reopened on SIGUSR1.
// The shebang loads OpenSSL's legacy provider (Blowfish, CAST5, IDEA, RC4) so users need not.
import cluster from 'node:cluster';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseServerArgs, serverUsage } from './server-config-args.js';
import { resolveServerConfig } from './server-config-resolve.js';
import { ServerConfigError } from '../config/config-error.js';
import { AuthConfigError } from '../auth/authenticator.js';
import { createServerLogger, type ServerLogger } from './console-logger.js';
import { resolveServerCertificates } from '../transport/demo-certs.js';
import { TlsMaterial } from '../transport/tls-material.js';
import { isTokenEntry, MasterKeyError } from '../store/master-key.js';
import { openMasterKeys } from './master-keys-config.js';
import { LoggingLevel, type ServerConfig } from './server-config.js';
import { runRotateMasterKey } from './kmip-server-rotate.js';
import { runAudit } from './kmip-server-audit.js';
import { startKmipServer } from '../server.js';
import { runTransfer } from './kmip-server-transfer.js';
import { describeStore, openStore } from '../store/open-store.js';
import {
  isWorkerProcess,
  reportListening,
  runPrimary,
  workerCount,
  type ListeningAddresses,
} from './cluster.js';
import { printDemoConnection } from './kmip-server-announce.js';
import { runReload } from './kmip-server-reload.js';
import { runBackup } from './kmip-server-backup.js';
import { pidFilePath, removePidFile, writePidFile } from './pid-file.js';
import { answerLease, LeasedAdmission } from './cluster-rate-limit.js';
import { RequestRateLimiter } from '../engine/request-rate.js';
import type { RunningServer } from '../server.js';
import { exposureWarnings } from './kmip-server-warnings.js';
import { ServerMetrics } from '../metrics/server-metrics.js';
import { AdminListener } from '../transport/admin-listener.js';
import { KMIP_PATH } from '../transport/kmip-http-route.js';
import { answerAdminQuestions, clusterAdminHandlers } from './cluster-admin.js';
import { KMIP_TS_VERSION } from '../version.js';
import { runConsoleToken } from './kmip-server-console-token.js';
import { ConsoleTokensError } from '../console/console-tokens.js';
import { loadSessionKey } from '../console/console-session.js';
import { MasterKeySource } from '../console/server-facts.js';
import { consoleStatsViaPrimary, serveConsoleStats } from './cluster-console.js';
import type { ConsoleSettings } from '../server-console.js';
import { CONSOLE_PATH } from '../transport/console-routes.js';
import { serveSlugsToWorkers, slugsLookupViaPrimary } from './slugs-cluster.js';

async function main(argv: readonly string[]): Promise<number> {
  if (argv[0] === 'export' || argv[0] === 'import') return runTransfer(argv[0], argv.slice(1));
  const print = (line: string): void => void process.stdout.write(line.endsWith('\n') ? line : `${line}\n`);
  if (argv[0] === 'rotate-master-key') return runRotateMasterKey(argv.slice(1), print);
  if (argv[0] === 'audit') return runAudit(argv.slice(1), print);
  if (argv[0] === 'console-token')
    return runConsoleToken(argv.slice(1), print, (line) => void process.stderr.write(`${line}\n`));
  if (argv[0] === 'reload') return runReload(argv.slice(1), print);
  if (argv[0] === 'backup' || argv[0] === 'restore') return runBackup(argv[0], argv.slice(1), print);
  const args = parseServerArgs(argv);
  if (args.help) {
    process.stdout.write(serverUsage());
    return 0;
  }
  if (args.version) {
    process.stdout.write(`kmip-server (kmip-ts) ${KMIP_TS_VERSION}\n`);
    return 0;
  }
  const config = resolveServerConfig(argv, process.env);
  const log = openLog(config);
  // At once: until a listener is installed, SIGUSR1 would start Node's inspector instead.
  reopenLogOnSigusr1(log, config.logPath);
  for (const w of config.warnings) log.warn(w);
  const dataDir = resolve(config.dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const certs = await resolveServerCertificates(config, join(dataDir, 'certs'));
  // One source of TLS material for the process's listeners; SIGHUP rereads it.
  const tls = TlsMaterial.fromFiles({ ...config, ...certs });
  for (const w of tls.startupWarnings) log.warn(w);
  const pidFile = pidFilePath({ ...config, dataDir });
  const databasePath = config.databasePath ?? join(dataDir, 'kmip.sqlite');
  const keys = await openMasterKeys(config, true);
  const masterKeys = keys.load();
  const first = keys.entries()[0];
  if (
    config.masterKeyPkcs11 !== undefined &&
    keys.file !== undefined &&
    first !== undefined &&
    !isTokenEntry(first)
  ) {
    log.warn(
      `master_key_pkcs11 is set, but the master key file ${keys.file} seals with a key of its own; ` +
        'kmip-server rotate-master-key --to-pkcs11 moves the master key to the token',
    );
  }
  if (!isWorkerProcess()) {
    // The key kmip-server made itself, in the data directory (not a token's, not configured).
    const generatedKey =
      first !== undefined && !isTokenEntry(first) && config.masterKeyFile === undefined
        ? keys.file
        : undefined;
    const exposure = exposureWarnings({
      hostname: config.hostname,
      demoCertificates: certs.demo?.dir,
      generatedMasterKey: generatedKey,
      adminHost: config.adminPort === undefined ? undefined : config.adminHost,
    });
    for (const w of exposure) log.warn(w);
  }
  const workers = workerCount(config.workers);
  const storeDescription = describeStore({ databaseUrl: config.databaseUrl, databasePath });
  const announce = (where: ListeningAddresses): void => {
    if (certs.demo !== undefined) printDemoConnection(certs.demo, where.address, where.port);
    log.info(`kmip-server listening on ${where.address}:${where.port}`, {
      database: storeDescription,
      workers,
    });
    if (where.httpsPort !== undefined)
      log.info(`KMIP over HTTPS on https://${where.address}:${where.httpsPort}${KMIP_PATH}`);
    if (where.httpsPort !== undefined && config.console)
      log.info(`web console on https://${where.address}:${where.httpsPort}${CONSOLE_PATH}`);
  };
  // Made before the workers start, so they all read the same key.
  const sessionKey = config.console ? loadSessionKey(join(dataDir, 'console-session.key')) : undefined;
  if (!isWorkerProcess() && workers > 1) {
    // Migrations and the master-key check run once here, before the workers open the store.
    await (await openStore({ databaseUrl: config.databaseUrl, databasePath, masterKeys })).close();
    keys.close();
    if (config.slugsCacheTtlMs > 0) serveSlugsToWorkers(config.authPlugins, config.slugsCacheTtlMs, log);
    const metrics = new ServerMetrics({ processMetrics: true });
    const stopConsoleStats = config.console ? serveConsoleStats(metrics, workers) : undefined;
    const admin =
      config.adminPort === undefined
        ? undefined
        : new AdminListener({
            host: config.adminHost,
            port: config.adminPort,
            log,
            handlers: clusterAdminHandlers(metrics),
          });
    const adminAddress = await admin?.listen();
    if (adminAddress !== undefined) announceAdmin(log, adminAddress.address, adminAddress.port);
    // max_requests_per_second: one bucket per identity here, leased out to the workers.
    const limiter =
      config.maxRequestsPerSecond > 0 ? new RequestRateLimiter(config.maxRequestsPerSecond) : undefined;
    const code = await runPrimary(
      workers,
      log,
      (where) => {
        writePidFile(pidFile);
        announce(where);
      },
      {
        onRestart: () => metrics.workerRestarted(),
        onMessage: (worker, message) => void (limiter !== undefined && answerLease(limiter, worker, message)),
      },
    );
    stopConsoleStats?.();
    removePidFile(pidFile);
    await admin?.close();
    log.info('kmip-server stopped');
    return code;
  }
  // Installed before the (slow) start: a SIGHUP meanwhile must not end the process. The files are
  // read as the server starts, so there is nothing to reload yet.
  const started: { server?: RunningServer } = {};
  process.on('SIGHUP', () => {
    if (started.server === undefined) return;
    log.info('SIGHUP: rereading the TLS certificates, CRLs and master keys');
    void started.server.reload();
  });
  const server = await startKmipServer({
    host: config.hostname,
    port: config.port,
    tls,
    enableTlsClientAuth: config.enableTlsClientAuth,
    databasePath,
    databaseUrl: config.databaseUrl,
    masterKeys,
    // Follows `kmip-server rotate-master-key` (the key file is polled, also while a token's key
    // alone is in use: the rotation away from it writes the file) and SIGHUP.
    masterKeySource: { load: () => keys.load(), file: keys.file },
    // Workers of one server each keep their own chain: one file each.
    auditLog:
      config.auditLog === undefined || !isWorkerProcess()
        ? config.auditLog
        : `${config.auditLog}.worker-${cluster.worker?.id ?? process.pid}`,
    policyPath: config.policyPath,
    log,
    maxMessageSize: config.maxMessageSize,
    maxConnections: config.maxConnections,
    idleTimeoutMs: config.idleTimeoutMs,
    handshakeTimeoutMs: config.handshakeTimeoutMs,
    requestTimeoutMs: config.requestTimeoutMs,
    maxObjectsPerIdentity: config.maxObjectsPerIdentity,
    maxRequestsPerSecond: config.maxRequestsPerSecond,
    ...(isWorkerProcess() && config.maxRequestsPerSecond > 0
      ? {
          admission: new LeasedAdmission({
            perSecond: config.maxRequestsPerSecond,
            workers,
            send: (m) => process.send?.(m) ?? false,
            onMessage: (listener) => void process.on('message', listener),
          }),
        }
      : {}),
    authPlugins: config.authPlugins,
    httpsPort: config.httpsPort,
    // A cluster's primary serves the admin listener for all its workers.
    admin:
      config.adminPort === undefined || isWorkerProcess()
        ? undefined
        : { host: config.adminHost, port: config.adminPort },
    metrics: new ServerMetrics({ processMetrics: true }),
    requestLog: config.loggingLevel === LoggingLevel.Debug || config.loggingLevel === LoggingLevel.Info,
    console:
      sessionKey === undefined
        ? undefined
        : consoleSettings(config, sessionKey, {
            source:
              first !== undefined && isTokenEntry(first)
                ? MasterKeySource.Pkcs11
                : keys.file === undefined
                  ? MasterKeySource.Environment
                  : MasterKeySource.File,
            file: first !== undefined && isTokenEntry(first) ? undefined : keys.file,
          }),
    pkcs11Module: config.pkcs11Module,
    // With the SLUGS cache on, a worker asks the primary, which holds the one cache.
    ...(config.slugsCacheTtlMs > 0 && isWorkerProcess()
      ? { authLookup: slugsLookupViaPrimary() }
      : { authCacheTtlMs: config.slugsCacheTtlMs }),
  });
  if (isWorkerProcess()) answerAdminQuestions(server.metrics, () => server.readiness());
  // Signal handlers first: a supervisor that starts the process, waits for the "listening"
  // line and then stops it must find them installed.
  // Later signals (a worker gets Ctrl-C's SIGINT and then the primary's SIGTERM) must not cut
  // the graceful stop short, so the handlers stay installed.
  const stopped = new Promise<void>((done) => {
    let stopping = false;
    const stop = (signal: string): void => {
      if (stopping) return;
      stopping = true;
      log.info(`${signal}: finishing requests in flight, then stopping`);
      void server.close().then(done);
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
  });
  started.server = server;
  const where = {
    address: server.address.address,
    port: server.address.port,
    httpsPort: server.httpsAddress?.port,
  };
  if (isWorkerProcess()) reportListening(where);
  else {
    writePidFile(pidFile);
    announce(where);
    if (server.adminAddress !== undefined)
      announceAdmin(log, server.adminAddress.address, server.adminAddress.port);
  }
  await stopped;
  keys.close();
  if (!isWorkerProcess()) {
    removePidFile(pidFile);
    log.info('kmip-server stopped');
  }
  return 0;
}

/** The web console's settings from server.conf; a worker asks the primary for the node's numbers. */
function consoleSettings(
  config: ServerConfig,
  sessionKey: Buffer,
  masterKey: { source: MasterKeySource; file: string | undefined },
): ConsoleSettings {
  return {
    sessionKey,
    tokensFile: config.consoleTokens,
    admins: config.consoleAdmins,
    idleTimeoutMs: config.consoleSessionTimeoutMs,
    masterKeySource: masterKey.source,
    masterKeyFile: masterKey.file,
    ...(isWorkerProcess() ? { nodeStats: consoleStatsViaPrimary() } : {}),
  };
}

let openedLog: ServerLogger | undefined;

/** The log (-l file or standard error, log_format), open before anything is logged. */
function openLog(config: ServerConfig): ServerLogger {
  let log: ServerLogger;
  try {
    log = createServerLogger({ level: config.loggingLevel, format: config.logFormat, path: config.logPath });
  } catch (e) {
    throw new ServerConfigError(
      `cannot open ${config.logPath ?? 'standard error'}: ${(e as Error).message}`,
      'log_path',
    );
  }
  openedLog = log;
  // An exit that does not pass through exit() below still writes what is buffered.
  process.once('exit', () => log.flush());
  return log;
}

/** SIGUSR1 (logrotate's postrotate): the log file is reopened by name. */
function reopenLogOnSigusr1(log: ServerLogger, logPath: string | undefined): void {
  process.on('SIGUSR1', () => {
    log.reopen();
    if (logPath !== undefined) log.info(`SIGUSR1: reopened the log file ${logPath}`);
  });
}

function announceAdmin(log: ServerLogger, address: string, port: number): void {
  log.info(`admin listener on http://${address}:${port} (/metrics, /healthz, /readyz)`);
}

/** Ends the process once the log has written its last lines. */
async function exit(code: number): Promise<void> {
  await openedLog?.close();
  process.exit(code);
}

main(process.argv.slice(2)).then(
  (code) => exit(code),
  (err: unknown) => {
    if (
      err instanceof ServerConfigError ||
      err instanceof AuthConfigError ||
      err instanceof MasterKeyError ||
      err instanceof ConsoleTokensError
    )
      process.stderr.write(`kmip-server: ${err.message}\n`);
    else
      process.stderr.write(
        `kmip-server: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
    return exit(1);
  },
);

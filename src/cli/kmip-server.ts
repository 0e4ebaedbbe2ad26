#!/usr/bin/env -S node --openssl-legacy-provider
// kmip-server: pykmip-server's flags and server.conf, a data directory with demo certificates and
// a SQLite database on first start, the listener on 5696, and a clean stop on SIGTERM/SIGINT.
// The shebang loads OpenSSL's legacy provider (Blowfish, CAST5, IDEA, RC4) so users need not.
import cluster from 'node:cluster';
import { mkdirSync } from 'node:fs';
import { parseServerArgs, serverUsage } from './server-config-args.js';
import { DEFAULT_CONFIG_PATH, resolveServerConfig } from './server-config-resolve.js';
import { consoleLogger, type LogLevel } from './console-logger.js';
import { resolveServerCertificates, type DemoCertificates } from '../transport/demo-certs.js';
import { buildTlsServerOptions } from '../transport/tls-options.js';
import { loadMasterKeys, MasterKeyError } from '../store/master-key.js';
import { openPkcs11MasterKey, type Pkcs11MasterKey } from '../store/pkcs11-master-key.js';
import type { ServerConfig } from './server-config.js';
import type { Logger } from '../engine/logger.js';
import { runRotateMasterKey } from './kmip-server-rotate.js';
import { runAudit } from './kmip-server-audit.js';
import { startKmipServer } from '../server.js';
import { runTransfer } from './kmip-server-transfer.js';
import { openStore } from '../store/open-store.js';
import { isWorkerProcess, reportFatal, reportListening, runPrimary, workerCount } from './cluster.js';
import { printDemoConnection } from './kmip-server-announce.js';
import {
  describeServerFiles,
  forgetMadeKey,
  loadServerMasterKeys,
  serverFiles,
} from './kmip-server-state.js';
import { writeClientConfig } from './kmip-server-client-config.js';
import { startErrorMessage } from './kmip-server-errors.js';
import { VERSION } from './version.js';

/** The token's master key when master_key_pkcs11 is set. */
async function openTokenKey(config: ServerConfig): Promise<Pkcs11MasterKey | undefined> {
  if (config.masterKeyPkcs11 === undefined) return undefined;
  const pin = config.masterKeyPkcs11Pin;
  if (pin === undefined)
    throw new MasterKeyError('master_key_pkcs11 needs the PIN: master_key_pkcs11_pin or KMIP_PKCS11_PIN');
  return openPkcs11MasterKey({
    library: config.masterKeyPkcs11,
    slot: config.masterKeyPkcs11Slot,
    tokenLabel: config.masterKeyPkcs11TokenLabel,
    pin,
    keyLabel: config.masterKeyPkcs11Label,
  });
}

/** The start-up lines: the files in use, then the client section for demo certificates. */
function announcer(
  log: Logger,
  lines: readonly string[],
  demo: DemoCertificates | undefined,
  workers: number,
): (address: string, port: number) => void {
  return (address, port) => {
    for (const line of lines) log.info(line);
    if (demo !== undefined) printDemoConnection(demo, address, port);
    log.info(`kmip-server listening on ${address}:${port}`, { workers });
  };
}

async function main(argv: readonly string[]): Promise<number> {
  if (argv[0] === 'export' || argv[0] === 'import') return runTransfer(argv[0], argv.slice(1));
  const print = (line: string): void => void process.stdout.write(line.endsWith('\n') ? line : `${line}\n`);
  if (argv[0] === 'rotate-master-key') return runRotateMasterKey(argv.slice(1), print);
  if (argv[0] === 'audit') return runAudit(argv.slice(1), print);
  const args = parseServerArgs(argv);
  if (args.help) {
    process.stdout.write(serverUsage());
    return 0;
  }
  if (args.version) {
    process.stdout.write(`kmip-server (kmip-ts) ${VERSION}\n`);
    return 0;
  }
  const config = resolveServerConfig(argv, process.env);
  if (args.writeClientConfig !== undefined) {
    const target = args.writeClientConfig === true ? undefined : args.writeClientConfig;
    print(await writeClientConfig(config, target, args.force, process.env));
    return 0;
  }
  const log = consoleLogger(config.loggingLevel.toUpperCase() as LogLevel, config.logPath);
  for (const w of config.warnings) log.warn(w);
  const files = serverFiles(config);
  mkdirSync(files.dataDir, { recursive: true, mode: 0o700 });
  const certs = await resolveServerCertificates(config, files.certsDir);
  const tls = buildTlsServerOptions({ ...config, ...certs });
  for (const w of tls.warnings) log.warn(w);
  const databasePath = files.databasePath;
  const tokenKey = await openTokenKey(config);
  const loaded =
    tokenKey !== undefined
      ? { keys: [tokenKey], source: `PKCS#11 token (${config.masterKeyPkcs11 ?? ''})`, made: undefined }
      : loadServerMasterKeys(config, files, process.env);
  const masterKeys = loaded.keys;
  const keysFromEnv = (process.env.KMIP_MASTER_KEY ?? '') !== '';
  const workers = workerCount(config.workers);
  const certificates =
    certs.demo !== undefined
      ? `demo, in ${certs.demo.dir}${certs.demo.created.length > 0 ? ' (made now)' : ''}`
      : `${certs.certificatePath} (key ${certs.keyPath}, CA ${certs.caPath})`;
  const master = loaded.made !== undefined ? `${loaded.source} (made now)` : loaded.source;
  const announce = announcer(
    log,
    describeServerFiles(config, files, master, certificates, DEFAULT_CONFIG_PATH),
    certs.demo,
    workers,
  );
  if (!isWorkerProcess() && workers > 1) {
    // Migrations and the master-key check run once here, before the workers open the store.
    try {
      await (await openStore({ databaseUrl: config.databaseUrl, databasePath, masterKeys })).close();
    } catch (err) {
      if (err instanceof MasterKeyError) forgetMadeKey(loaded);
      throw err;
    }
    tokenKey?.close();
    const code = await runPrimary(workers, log, announce);
    log.info('kmip-server stopped');
    return code;
  }
  const server = await startKmipServer({
    host: config.hostname,
    port: config.port,
    tls: tls.options,
    enableTlsClientAuth: config.enableTlsClientAuth,
    databasePath,
    databaseUrl: config.databaseUrl,
    masterKeys,
    // Follows `kmip-server rotate-master-key` (the key file is polled) and SIGHUP; a token's key
    // is not rotated this way.
    ...(tokenKey !== undefined
      ? {}
      : {
          masterKeySource: {
            load: () => loadMasterKeys({ env: process.env.KMIP_MASTER_KEY, file: files.masterKeyFile }),
            file: keysFromEnv ? undefined : files.masterKeyFile,
          },
        }),
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
    authPlugins: config.authPlugins,
  }).catch((err: unknown) => {
    // A key made just now for a database of another key (PostgreSQL) goes again.
    if (err instanceof MasterKeyError && !isWorkerProcess()) forgetMadeKey(loaded);
    throw err;
  });
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
  process.on('SIGHUP', () => {
    log.info('SIGHUP: reloading the master keys');
    void server.reloadMasterKeys();
  });
  const { address, port } = server.address;
  if (isWorkerProcess()) reportListening(address, port);
  else announce(address, port);
  await stopped;
  tokenKey?.close();
  if (!isWorkerProcess()) log.info('kmip-server stopped');
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  async (err: unknown) => {
    const message = startErrorMessage(err);
    // A worker tells the primary, which says it once for all of them.
    if (isWorkerProcess()) await reportFatal(message);
    else process.stderr.write(`kmip-server: ${message}\n`);
    process.exit(1);
  },
);

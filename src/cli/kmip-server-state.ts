// The files kmip-server keeps its state in (master key, demo certificates, SQLite database; see
// server-data-dir.ts for where), and the master keys: from KMIP_MASTER_KEY, a PKCS#11 token or
// the key file. A key file is made only for a database that does not exist yet, since a new key
// could not open an existing one; the lines returned say at start-up which files are in use.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { MasterKey } from '../store/envelope.js';
import { MasterKeyError, loadMasterKeys } from '../store/master-key.js';
import { describeStore } from '../store/open-store.js';
import type { ServerConfig } from './server-config.js';
import { LEGACY_DATA_DIR, dataDirReason } from './server-data-dir.js';

export interface ServerFiles {
  readonly dataDir: string;
  readonly databasePath: string;
  readonly masterKeyFile: string;
  readonly certsDir: string;
}

export function serverFiles(config: ServerConfig): ServerFiles {
  return {
    dataDir: config.dataDir,
    databasePath: config.databasePath ?? join(config.dataDir, 'kmip.sqlite'),
    masterKeyFile: config.masterKeyFile ?? join(config.dataDir, 'master.key'),
    certsDir: join(config.dataDir, 'certs'),
  };
}

export interface LoadedMasterKeys {
  readonly keys: MasterKey[];
  /** Where they came from, for the start-up message. */
  readonly source: string;
  /** The key file made by this call (to remove again if the store refuses it). */
  readonly made: string | undefined;
}

const usesSqlite = (config: ServerConfig): boolean => (config.databaseUrl ?? '') === '';

/** The master keys for the server; makes the key file only where that cannot lock a database out. */
export function loadServerMasterKeys(
  config: ServerConfig,
  files: ServerFiles,
  env: Readonly<Record<string, string | undefined>>,
  cwd = process.cwd(),
): LoadedMasterKeys {
  const fromEnv = env['KMIP_MASTER_KEY'] ?? '';
  if (fromEnv !== '')
    return { keys: loadMasterKeys({ env: fromEnv }), source: 'KMIP_MASTER_KEY', made: undefined };
  const file = files.masterKeyFile;
  if (existsSync(file)) return { keys: loadMasterKeys({ file }), source: file, made: undefined };
  if (config.masterKeyFile !== undefined)
    throw new MasterKeyError(`master key file ${file} (master_key_file) does not exist`);
  if (usesSqlite(config) && existsSync(files.databasePath)) {
    const legacy = join(cwd, LEGACY_DATA_DIR, 'master.key');
    throw new MasterKeyError(
      `the database ${files.databasePath} exists but its master key ${file} does not; the key the ` +
        'database was made with is needed (a new one could not open it): ' +
        (existsSync(legacy) && legacy !== file
          ? `an earlier kmip-server kept it in ${legacy}: move it to ${file}`
          : `put it at ${file}`) +
        ', or name it with master_key_file or KMIP_MASTER_KEY',
    );
  }
  const keys = loadMasterKeys({ file, createIfMissing: true });
  return { keys, source: file, made: file };
}

/** Removes a key file made for a store that then refused it (e.g. a PostgreSQL database of another key). */
export function forgetMadeKey(loaded: Pick<LoadedMasterKeys, 'made'>): void {
  if (loaded.made !== undefined) rmSync(loaded.made, { force: true });
}

/** "what: where" lines naming every file the server uses, for the start-up log. */
export function describeServerFiles(
  config: ServerConfig,
  files: ServerFiles,
  master: string,
  certificates: string,
  defaultConfigPath: string,
): string[] {
  const database = describeStore({ databaseUrl: config.databaseUrl, databasePath: files.databasePath });
  return [
    `configuration: ${
      config.configPath ??
      `none (no ${defaultConfigPath}; every setting at its default or from flags; -f FILE names one)`
    }`,
    `data directory: ${files.dataDir} (${dataDirReason(config.dataDirSource)})`,
    `database: ${database}`,
    `master key: ${master}`,
    `certificates: ${certificates}`,
    ...(config.policyPath !== undefined ? [`policy directory: ${config.policyPath}`] : []),
    ...(config.auditLog !== undefined ? [`audit log: ${config.auditLog}`] : []),
  ];
}

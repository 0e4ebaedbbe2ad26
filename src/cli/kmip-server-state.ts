// The files kmip-server keeps its state in (master key, demo certificates, SQLite database; see
// server-data-dir.ts for where), and the master keys: from KMIP_MASTER_KEY, the key file (whose
// lines may name keys on a PKCS#11 token) or the configured token (master-keys-config.ts). A key
// file is made only for a database that does not exist yet, since a new key could not open an
// existing one; the lines returned say at start-up which files are in use.
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { MasterKeyError, isTokenEntry } from '../store/master-key.js';
import type { MasterKeySource } from '../store/master-key-source.js';
import { describeStore } from '../store/open-store.js';
import type { ServerConfig } from './server-config.js';
import { LEGACY_DATA_DIR, dataDirReason } from './server-data-dir.js';
import { masterKeyFileOf, openMasterKeys } from './master-keys-config.js';

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
    masterKeyFile: masterKeyFileOf(config),
    certsDir: join(config.dataDir, 'certs'),
  };
}

export interface ServerMasterKeys {
  readonly source: MasterKeySource;
  /** Where they came from, for the start-up message. */
  readonly description: string;
  /** The key file made by this call (to remove again if the store refuses it). */
  readonly made: string | undefined;
}

const usesSqlite = (config: ServerConfig): boolean => (config.databaseUrl ?? '') === '';

/** The master keys for the server; makes the key file only where that cannot lock a database out. */
export async function openServerMasterKeys(
  config: ServerConfig,
  files: ServerFiles,
  env: Readonly<Record<string, string | undefined>>,
  cwd = process.cwd(),
): Promise<ServerMasterKeys> {
  const file = files.masterKeyFile;
  const describe = (source: MasterKeySource, made: string | undefined): ServerMasterKeys => {
    const first = source.entries()[0];
    const token = first !== undefined && isTokenEntry(first);
    const description =
      source.file === undefined
        ? 'KMIP_MASTER_KEY'
        : !existsSync(source.file)
          ? `the key on the PKCS#11 token (${config.masterKeyPkcs11 ?? ''})`
          : `${source.file}${token ? ' (sealing with a key on a PKCS#11 token)' : ''}${made !== undefined ? ' (made now)' : ''}`;
    return { source, description, made };
  };
  const keyless =
    (env['KMIP_MASTER_KEY'] ?? '') === '' &&
    !existsSync(file) &&
    config.masterKeyFile === undefined &&
    config.masterKeyPkcs11 === undefined;
  if (!keyless) return describe(await openMasterKeys(config), undefined);
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
  return describe(await openMasterKeys(config, true), file);
}

/** Removes a key file made for a store that then refused it (e.g. a PostgreSQL database of another key). */
export function forgetMadeKey(keys: Pick<ServerMasterKeys, 'made'>): void {
  if (keys.made !== undefined) rmSync(keys.made, { force: true });
}

/** "what: where" lines naming every file the server uses, for the start-up log. */
export function describeServerFiles(
  config: ServerConfig,
  files: ServerFiles,
  master: string,
  certificates: string,
  defaultConfigPath: string,
  pidFile: string,
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
    `pid file: ${pidFile}`,
  ];
}

// Where kmip-server keeps its state — the master key, the demo certificates and the SQLite
// database — when data_dir is not set. One directory holds all three, so that starting the
// server from another working directory finds the same key for the same database:
//   1. data_dir (--data-dir, KMIP_DATA_DIR, server.conf) when set;
//   2. else the directory of database_path, when that is set (the key sits beside its database);
//   3. else ./data when it holds an earlier installation (master.key or kmip.sqlite there);
//   4. else $XDG_DATA_HOME/kmip-ts (~/.local/share/kmip-ts): nothing is written into the working
//      directory unasked.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';

export const DataDirSource = Object.freeze({
  Setting: 'setting',
  Database: 'database',
  Existing: 'existing',
  Default: 'default',
} as const);
export type DataDirSource = (typeof DataDirSource)[keyof typeof DataDirSource];

export interface DataDirChoice {
  readonly dir: string;
  readonly source: DataDirSource;
}

/** The data directory named `data` of an installation made before data_dir had a default. */
export const LEGACY_DATA_DIR = 'data';

export function chooseDataDir(o: {
  /** data_dir as given (flag, environment or file), relative to cwd. */
  readonly given: string | undefined;
  /** database_path, already absolute. */
  readonly databasePath: string | undefined;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}): DataDirChoice {
  if (o.given !== undefined) return { dir: resolve(o.cwd, o.given), source: DataDirSource.Setting };
  if (o.databasePath !== undefined) return { dir: dirname(o.databasePath), source: DataDirSource.Database };
  const legacy = join(o.cwd, LEGACY_DATA_DIR);
  if (existsSync(join(legacy, 'master.key')) || existsSync(join(legacy, 'kmip.sqlite')))
    return { dir: legacy, source: DataDirSource.Existing };
  const xdg = o.env['XDG_DATA_HOME'];
  const base =
    xdg !== undefined && isAbsolute(xdg) ? xdg : join(o.env['HOME'] ?? homedir(), '.local', 'share');
  return { dir: join(base, 'kmip-ts'), source: DataDirSource.Default };
}

/** Why this directory, for the start-up message. */
export function dataDirReason(source: DataDirSource): string {
  switch (source) {
    case DataDirSource.Setting:
      return 'data_dir';
    case DataDirSource.Database:
      return 'beside database_path';
    case DataDirSource.Existing:
      return 'an earlier installation in ./data';
    case DataDirSource.Default:
      return 'the default; set data_dir to choose';
  }
}

// kmip-server backup FILE [server options]: a consistent copy of the SQLite database while the
// server serves (SQLite's online backup API), key material still sealed under the master key.
// kmip-server restore FILE [server options]: the copy back in place of the database, the server
// stopped. PostgreSQL is backed up with its own tools (pg_dump), or with `kmip-server export`.
import { join, resolve } from 'node:path';
import { parseServerArgs } from './server-config-args.js';
import { resolveServerConfig } from './server-config-resolve.js';
import type { ServerConfig } from './server-config.js';
import { ServerConfigError } from '../config/config-error.js';
import { Envelope } from '../store/envelope.js';
import { openMasterKeys } from './master-keys-config.js';
import {
  backupSqlite,
  inspectSqliteCopy,
  restoreSqlite,
  type SqliteCopySummary,
} from '../store/sqlite-backup.js';
import { pidFilePath, runningPid } from './pid-file.js';

export type BackupCommand = 'backup' | 'restore';

export function backupUsage(): string {
  return [
    'usage: kmip-server backup FILE [server options]',
    '       kmip-server restore FILE [server options]',
    '',
    '  backup   copies the SQLite database to FILE while the server runs: one consistent snapshot,',
    '           every object acknowledged before it began, key material still sealed (keep the',
    '           master key: the copy is useless without it). FILE is replaced atomically, mode 0600.',
    '  restore  puts FILE in place of the database; stop kmip-server first. The database it',
    '           replaces is kept beside it as <database>.before-restore-<time>.',
    '',
    'Server options (-f, --data-dir, -d) say where the database and master key are. PostgreSQL',
    '(database_url): use pg_dump / pg_restore, or kmip-server export / import.',
    '',
  ].join('\n');
}

/** Runs a subcommand; `argv` is what follows its name. Returns the exit code. */
export async function runBackup(
  command: BackupCommand,
  argv: readonly string[],
  out: (line: string) => void,
): Promise<number> {
  try {
    return await run(command, argv, out);
  } catch (e) {
    process.stderr.write(`kmip-server ${command}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

/**
 * Runs `f` with the configured master keys, or with none when they cannot be read here (a backup
 * host may lack them, or the token).
 */
async function withEnvelope<T>(config: ServerConfig, f: (e: Envelope | undefined) => Promise<T>): Promise<T> {
  const keys = await openMasterKeys(config).catch(() => undefined);
  try {
    let envelope: Envelope | undefined;
    try {
      envelope = keys === undefined ? undefined : new Envelope(keys.load());
    } catch {
      envelope = undefined;
    }
    return await f(envelope);
  } finally {
    keys?.close();
  }
}

function describe(s: SqliteCopySummary): string {
  const key =
    s.masterKeyOpens === undefined
      ? 'master key not checked (not readable here)'
      : s.masterKeyOpens
        ? 'opens with the configured master key'
        : 'does NOT open with the configured master key';
  return `${s.objects} objects, schema version ${s.schemaVersion}, ${s.bytes} bytes; ${key}`;
}

async function run(
  command: BackupCommand,
  argv: readonly string[],
  out: (line: string) => void,
): Promise<number> {
  const args = parseServerArgs(argv);
  if (args.help) {
    out(backupUsage());
    return 0;
  }
  const [file, ...extra] = args.positionals;
  if (file === undefined || extra.length > 0) {
    throw new ServerConfigError(`${command} takes one FILE argument\n\n${backupUsage()}`, '<command line>');
  }
  const config = resolveServerConfig(argv, process.env);
  if ((config.databaseUrl ?? '') !== '') {
    throw new Error(
      'database_url is set: back PostgreSQL up with pg_dump (and pg_restore), or with kmip-server export / import',
    );
  }
  const dataDir = resolve(config.dataDir);
  const database = config.databasePath ?? join(dataDir, 'kmip.sqlite');
  const copy = resolve(file);
  if (command === 'backup') {
    const s = await withEnvelope(config, (envelope) => backupSqlite(database, copy, envelope));
    out(`backed up ${database} to ${copy}: ${describe(s)}`);
    return 0;
  }
  const running = runningPid(pidFilePath({ ...config, dataDir }));
  if ('pid' in running) {
    throw new Error(`kmip-server is running (pid ${running.pid}): stop it, then restore`);
  }
  const s = await withEnvelope(config, async (envelope) => inspectSqliteCopy(copy, envelope));
  if (s.masterKeyOpens === false) {
    throw new Error(
      `${copy} was sealed under another master key than the one configured; the server could not open it. Nothing was restored`,
    );
  }
  const { kept } = restoreSqlite(copy, database);
  out(`restored ${copy} to ${database}: ${describe(s)}`);
  if (kept !== undefined) out(`the database it replaced is kept as ${kept}`);
  return 0;
}

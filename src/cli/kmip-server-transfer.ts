// `kmip-server export FILE [options]` and `kmip-server import FILE [options]`: every object, with
// its attributes and owner, out of or into the backend the options select (the server's own
// settings: -d/database_path for SQLite, --database-url/database_url/KMIP_DATABASE_URL for
// PostgreSQL, --data-dir, -f server.conf, KMIP_MASTER_KEY or master_key_file). Key material stays
// sealed; importing needs the master key the export was made under. Moving SQLite to PostgreSQL:
//   kmip-server export objects.kmip-export --data-dir /var/lib/kmip
//   kmip-server import objects.kmip-export --data-dir /var/lib/kmip --database-url postgres://…
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseServerArgs } from './server-config-args.js';
import { resolveServerConfig } from './server-config-resolve.js';
import { ServerConfigError } from '../config/config-error.js';
import { openMasterKeys } from './master-keys-config.js';
import { Envelope } from '../store/envelope.js';
import { exportObjects, importObjects } from '../store/export-import.js';
import { describeStore, openStore } from '../store/open-store.js';

export type TransferCommand = 'export' | 'import';

export function transferUsage(): string {
  return [
    'Usage: kmip-server export FILE [server options]',
    '       kmip-server import FILE [server options]',
    '',
    'Copy every object (attributes, owner, key material still sealed under the master key) out of',
    'or into the database the server options select: SQLite (-d, --data-dir) or PostgreSQL',
    '(--database-url, database_url, KMIP_DATABASE_URL). Import needs the same master key',
    '(KMIP_MASTER_KEY or master_key_file) and adds nothing if any object already exists there.',
    '',
  ].join('\n');
}

/** Runs a subcommand; `argv` is what follows the subcommand's name. Returns the exit code. */
export async function runTransfer(command: TransferCommand, argv: readonly string[]): Promise<number> {
  try {
    return await transfer(command, argv);
  } catch (e) {
    process.stderr.write(`kmip-server ${command}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}

async function transfer(command: TransferCommand, argv: readonly string[]): Promise<number> {
  const args = parseServerArgs(argv);
  if (args.help) {
    process.stdout.write(transferUsage());
    return 0;
  }
  const [file, ...extra] = args.positionals;
  if (file === undefined || extra.length > 0) {
    throw new ServerConfigError(`${command} takes one FILE argument\n\n${transferUsage()}`, '<command line>');
  }
  // FILE shows up in the config's "ignored arguments" warning, which is not printed here.
  const config = resolveServerConfig(argv, process.env);
  const dataDir = resolve(config.dataDir);
  const databasePath = config.databasePath ?? join(dataDir, 'kmip.sqlite');
  const databaseUrl = config.databaseUrl;
  if (command === 'export' && (databaseUrl ?? '') === '' && !existsSync(databasePath)) {
    throw new Error(`there is no SQLite database at ${databasePath} to export`);
  }
  // Never make a master key here: a new one could open nothing that was exported.
  // Every configured key, the sealing one first: objects may still be sealed under an older key
  // while a rotation is under way.
  const keys = await openMasterKeys(config);
  const masterKeys = keys.load();
  const masterKey = masterKeys[0];
  if (masterKey === undefined) throw new Error('no master key is configured');
  const store = await openStore({ databaseUrl, databasePath, masterKeys }).catch((e: unknown) => {
    keys.close();
    throw e;
  });
  const where = describeStore({ databaseUrl, databasePath });
  try {
    if (command === 'export') {
      const n = await exportObjects(store, new Envelope(masterKeys), file);
      process.stdout.write(`exported ${n} objects from ${where} to ${file} (master key ${masterKey.id})\n`);
    } else {
      const n = await importObjects(store, new Envelope(masterKeys), file);
      process.stdout.write(`imported ${n} objects from ${file} into ${where}\n`);
    }
  } finally {
    await store.close();
    keys.close();
  }
  return 0;
}

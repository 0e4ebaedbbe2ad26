// kmip-server rotate-master-key [--new-master-key FILE] [--retire-old-keys] [server options]
//
// Rotation without downtime: the new key goes first in the master key file and the old keys stay
// after it (they can still open), then every object's data key is re-wrapped under the new key,
// here, while the server keeps serving. A running server sees the new file within seconds (or on
// SIGHUP), seals with the new key from then on and re-wraps whatever it sealed in between. When
// no server uses the old keys any more, `--retire-old-keys` checks that nothing is left under
// them and removes them from the file.
// The master key moves between a file and a PKCS#11 token the same way: `--to-pkcs11` puts the
// token key server.conf configures (master_key_pkcs11*) first, as a pkcs11: line; a plain rotation
// afterwards puts a new file key before the token's; retiring drops the one no longer sealing.
import { join, resolve } from 'node:path';
import { Envelope } from '../store/envelope.js';
import {
  generateMasterKey,
  isTokenEntry,
  MasterKeyError,
  parseKeyEntries,
  writeMasterKeyFile,
  type KeyEntry,
} from '../store/master-key.js';
import { isRewrappable, rewrapAll, type RewrappableStore } from '../store/master-key-rotation.js';
import { describeStore, openStore } from '../store/open-store.js';
import { configuredTokenRef } from '../store/master-key-source.js';
import { formatTokenRef } from '../store/pkcs11-uri.js';
import { resolveServerConfig } from './server-config-resolve.js';
import { ServerConfigError } from '../config/config-error.js';
import { openMasterKeys, tokenDefaults } from './master-keys-config.js';
import { readFileSync } from 'node:fs';

export function rotateUsage(): string {
  return [
    'usage: kmip-server rotate-master-key [--new-master-key FILE | --to-pkcs11] [--retire-old-keys] [server options]',
    '',
    '  (no option)            make a new random master key, put it first in the master key file',
    '                         (the old keys stay after it) and re-wrap every object key under it',
    '  --new-master-key FILE  use the (first) key in FILE instead of a random one',
    '  --to-pkcs11            use the key on the PKCS#11 token server.conf configures',
    '                         (master_key_pkcs11, its PIN, token and key labels; made when missing)',
    '  --retire-old-keys      once nothing is sealed under the older keys, remove them from the file',
    '',
    'Server options (-f, --data-dir, -d, ...) say where the database and master_key_file are.',
    '',
  ].join('\n');
}

interface RotateArgs {
  readonly newKeyFile: string | undefined;
  readonly toPkcs11: boolean;
  readonly retire: boolean;
  readonly rest: string[];
}

function parseRotateArgs(argv: readonly string[]): RotateArgs {
  let newKeyFile: string | undefined;
  let retire = false;
  let toPkcs11 = false;
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--retire-old-keys') retire = true;
    else if (a === '--to-pkcs11') toPkcs11 = true;
    else if (a === '--new-master-key') newKeyFile = argv[++i];
    else if (a.startsWith('--new-master-key=')) newKeyFile = a.slice('--new-master-key='.length);
    else rest.push(a);
  }
  if (newKeyFile === '' || (argv.includes('--new-master-key') && newKeyFile === undefined)) {
    throw new ServerConfigError(`--new-master-key needs a FILE\n\n${rotateUsage()}`, '<command line>');
  }
  if ([retire, newKeyFile !== undefined, toPkcs11].filter(Boolean).length > 1) {
    throw new ServerConfigError(
      `--retire-old-keys, --new-master-key and --to-pkcs11 are separate steps\n\n${rotateUsage()}`,
      '<command line>',
    );
  }
  return { newKeyFile, toPkcs11, retire, rest };
}

export async function runRotateMasterKey(
  argv: readonly string[],
  out: (line: string) => void,
): Promise<number> {
  const args = parseRotateArgs(argv);
  if (args.rest.includes('-h') || args.rest.includes('--help')) {
    out(rotateUsage());
    return 0;
  }
  if ((process.env.KMIP_MASTER_KEY ?? '') !== '') {
    throw new MasterKeyError(
      'the master keys come from KMIP_MASTER_KEY, which this command cannot rewrite: set it to "NEW,OLD" ' +
        '(the new key first) and restart the server; it re-wraps every object key by itself',
    );
  }
  const config = resolveServerConfig(args.rest, process.env);
  const dataDir = resolve(config.dataDir);
  const databasePath = config.databasePath ?? join(dataDir, 'kmip.sqlite');
  const where = describeStore({ databaseUrl: config.databaseUrl, databasePath });
  const source = await openMasterKeys(config);
  try {
    const keyFile = source.file ?? '';
    const old = source.entries();
    const oldest = old[0];
    if (oldest === undefined) throw new MasterKeyError(`${keyFile}: no master key in it`);
    let keys: KeyEntry[];
    if (args.retire) keys = old;
    else {
      const fresh = newEntry(args, config);
      keys = [fresh, ...old.filter((k) => entryId(k) !== entryId(fresh))];
    }
    // Opening checks that these keys open the database before the key file is touched.
    const envelope = new Envelope(keys.map((k) => (isTokenEntry(k) ? source.tokenKey(k.tokenRef) : k)));
    const store = await openStore({
      databaseUrl: config.databaseUrl,
      databasePath,
      masterKeys: [],
      envelope,
    });
    try {
      if (!isRewrappable(store)) {
        throw new MasterKeyError(`master key rotation is not supported for ${where}`);
      }
      if (args.retire) return await retire(store, keyFile, oldest, old.length, where, out);
      const sealing = keys[0] ?? oldest;
      if (entryId(sealing) !== entryId(oldest)) {
        writeMasterKeyFile(
          keyFile,
          keys,
          'kmip-ts master keys: the first seals, the others are older keys kept until\n' +
            'kmip-server rotate-master-key --retire-old-keys removes them',
        );
        out(
          `${keyFile}: master key ${envelope.currentKeyId} now seals; ${keys.length - 1} older key(s) kept`,
        );
      } else out(`${keyFile}: master key ${envelope.currentKeyId} already seals; re-wrapping what is left`);
      const r = await rewrapAll(store);
      for (const f of r.failed) out(`could not re-wrap ${f}`);
      out(`${where}: re-wrapped ${r.rewrapped} object key(s) under master key ${envelope.currentKeyId}`);
      if (r.remaining > 0) {
        out(
          `${r.remaining} object key(s) are still under an older key (written meanwhile by a server that has ` +
            'not reloaded yet; it re-wraps them itself once it has)',
        );
      }
      out('When every server has reloaded: kmip-server rotate-master-key --retire-old-keys');
      return r.failed.length > 0 ? 1 : 0;
    } finally {
      await store.close();
    }
  } finally {
    source.close();
  }
}

/** What tells two entries apart: a key's id, a token key's URI. */
function entryId(e: KeyEntry): string {
  return isTokenEntry(e) ? formatTokenRef(e.tokenRef) : e.id;
}

/** The key that is to seal: from --new-master-key FILE, the configured token, or a random one. */
function newEntry(args: RotateArgs, config: ReturnType<typeof resolveServerConfig>): KeyEntry {
  if (args.toPkcs11) {
    const t = tokenDefaults(config);
    if (t === undefined)
      throw new MasterKeyError('--to-pkcs11 needs master_key_pkcs11 (the PKCS#11 module) in server.conf');
    return { tokenRef: configuredTokenRef(t) };
  }
  if (args.newKeyFile === undefined) return generateMasterKey();
  const [first] = parseKeyEntries(readFileSync(args.newKeyFile, 'utf8'), args.newKeyFile);
  if (first === undefined) throw new MasterKeyError(`${args.newKeyFile}: no master key in it`);
  return first;
}

async function retire(
  store: RewrappableStore,
  keyFile: string,
  current: KeyEntry,
  count: number,
  where: string,
  out: (line: string) => void,
): Promise<number> {
  if (count === 1) {
    out(`${keyFile}: only master key ${entryId(current)}; nothing to retire`);
    return 0;
  }
  await rewrapAll(store);
  const left = await store.countStale();
  if (left > 0) {
    out(
      `${where}: ${left} object key(s) are still under older master keys; the older keys stay. ` +
        'Is a server still running with the old key file? Run this again once it has reloaded.',
    );
    return 1;
  }
  writeMasterKeyFile(keyFile, [current]);
  out(`${keyFile}: retired ${count - 1} older master key(s); master key ${entryId(current)} remains`);
  return 0;
}

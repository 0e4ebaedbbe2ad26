// Where the master keys come from: the KMIP_MASTER_KEY environment variable or a key file
// (created with mode 0600 on first start when allowed). Each key is 64 hex characters or base64 of
// 32 bytes. A key file holds one key per line (blank lines and # comments are skipped), and the
// variable one or more keys separated by commas or spaces: the first key seals, the others can
// still open what they sealed. That list is how a master key is rotated (master-key-rotation.ts).
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { masterKeyId, type MasterKey } from './envelope.js';

/** A master key that cannot be used: missing, malformed, or not the one the database was sealed with. */
export class MasterKeyError extends Error {
  override readonly name = 'MasterKeyError';
}

function decodeKey(text: string, source: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32) {
    throw new MasterKeyError(`${source}: a master key is 32 bytes (64 hex characters or base64)`);
  }
  return key;
}

const toMasterKey = (key: Buffer): MasterKey => ({ id: masterKeyId(key), key });

/** The keys of a key file's text or of KMIP_MASTER_KEY, first (sealing) key first. */
export function parseMasterKeys(text: string, source: string, separators = /\r?\n/): MasterKey[] {
  const keys = text
    .split(separators)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l, i) => toMasterKey(decodeKey(l, `${source} (key ${i + 1})`)));
  if (keys.length === 0) throw new MasterKeyError(`${source}: no master key in it`);
  const seen = new Set<string>();
  return keys.filter((k) => !seen.has(k.id) && seen.add(k.id));
}

export interface MasterKeyOptions {
  readonly env?: string | undefined;
  readonly file?: string | undefined;
  readonly createIfMissing?: boolean;
}

/** Every configured master key, the sealing one first. */
export function loadMasterKeys(opts: MasterKeyOptions): MasterKey[] {
  if (opts.env !== undefined && opts.env !== '')
    return parseMasterKeys(opts.env, 'KMIP_MASTER_KEY', /[\s,]+/);
  if (opts.file === undefined)
    throw new MasterKeyError('no master key: set KMIP_MASTER_KEY or master_key_file');
  if (!existsSync(opts.file)) {
    if (opts.createIfMissing !== true)
      throw new MasterKeyError(`master key file ${opts.file} does not exist`);
    writeFileSync(opts.file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  }
  return parseMasterKeys(readFileSync(opts.file, 'utf8'), opts.file);
}

/** The sealing master key (the first one configured). */
export function loadMasterKey(opts: MasterKeyOptions): MasterKey {
  const [first] = loadMasterKeys(opts);
  if (first === undefined) throw new MasterKeyError('no master key');
  return first;
}

/** A new random master key. */
export function generateMasterKey(): MasterKey {
  return toMasterKey(randomBytes(32));
}

/** Replaces a key file atomically (write beside it, then rename), mode 0600, one hex key a line. */
export function writeMasterKeyFile(path: string, keys: readonly MasterKey[], comment?: string): void {
  const lines = [
    ...(comment === undefined ? [] : comment.split('\n').map((l) => `# ${l}`)),
    ...keys.map((k) => k.key.toString('hex')),
  ];
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, lines.join('\n') + '\n', { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

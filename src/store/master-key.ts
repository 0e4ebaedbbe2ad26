// Where the master keys come from: the KMIP_MASTER_KEY environment variable or a key file
// (created with mode 0600 on first start when allowed). Each key is 64 hex characters or base64 of
// 32 bytes. A key file holds one key per line (blank lines and # comments are skipped), and the
// variable one or more keys separated by commas or spaces: the first key seals, the others can
// still open what they sealed. That list is how a master key is rotated (master-key-rotation.ts).
// A line may instead name a key on a PKCS#11 token (pkcs11-uri.ts): master-key-source.ts opens it.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { masterKeyId, type MasterKey } from './envelope.js';
import { MasterKeyError } from './master-key-error.js';
import { formatTokenRef, parseTokenRef, PKCS11_SCHEME, type TokenKeyRef } from './pkcs11-uri.js';

export { MasterKeyError } from './master-key-error.js';

/** A line of the key file: key bytes, or a key on a PKCS#11 token. */
export type KeyEntry = MasterKey | { readonly tokenRef: TokenKeyRef };

export function isTokenEntry(e: KeyEntry): e is { readonly tokenRef: TokenKeyRef } {
  return 'tokenRef' in e;
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

/** The entries of a key file's text or of KMIP_MASTER_KEY, first (sealing) one first. */
export function parseKeyEntries(text: string, source: string, separators = /\r?\n/): KeyEntry[] {
  const entries = text
    .split(separators)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l, i): KeyEntry => {
      const where = `${source} (key ${i + 1})`;
      return l.startsWith(PKCS11_SCHEME)
        ? { tokenRef: parseTokenRef(l, where) }
        : toMasterKey(decodeKey(l, where));
    });
  if (entries.length === 0) throw new MasterKeyError(`${source}: no master key in it`);
  const seen = new Set<string>();
  return entries.filter((e) => {
    const id = isTokenEntry(e) ? formatTokenRef(e.tokenRef) : e.id;
    return !seen.has(id) && seen.add(id);
  });
}

/** The keys of a key file's text or of KMIP_MASTER_KEY (key bytes only), first (sealing) key first. */
export function parseMasterKeys(text: string, source: string, separators = /\r?\n/): MasterKey[] {
  const entries = parseKeyEntries(text, source, separators);
  const keys = entries.filter((e): e is MasterKey => !isTokenEntry(e));
  if (keys.length < entries.length)
    throw new MasterKeyError(
      `${source} names a key on a PKCS#11 token; this needs the token (master-key-source.ts)`,
    );
  return keys;
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

/**
 * Replaces a key file atomically (write beside it, then rename), mode 0600, one entry a line: a
 * hex key, or a token key's URI.
 */
export function writeMasterKeyFile(path: string, keys: readonly KeyEntry[], comment?: string): void {
  const lines = [
    ...(comment === undefined ? [] : comment.split('\n').map((l) => `# ${l}`)),
    ...keys.map((k) => (isTokenEntry(k) ? formatTokenRef(k.tokenRef) : k.key.toString('hex'))),
  ];
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, lines.join('\n') + '\n', { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

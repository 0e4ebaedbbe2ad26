// Where the master key comes from: the KMIP_MASTER_KEY environment variable (64 hex characters
// or base64 of 32 bytes), or a key file (created with mode 0600 on first start when allowed).
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { masterKeyId, type MasterKey } from './envelope.js';

function decodeKey(text: string, source: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32) throw new Error(`${source}: a master key is 32 bytes (64 hex characters or base64)`);
  return key;
}

export function loadMasterKey(opts: {
  readonly env?: string | undefined;
  readonly file?: string | undefined;
  readonly createIfMissing?: boolean;
}): MasterKey {
  let key: Buffer;
  if (opts.env !== undefined && opts.env !== '') {
    key = decodeKey(opts.env, 'KMIP_MASTER_KEY');
  } else if (opts.file !== undefined) {
    if (!existsSync(opts.file)) {
      if (opts.createIfMissing !== true) throw new Error(`master key file ${opts.file} does not exist`);
      writeFileSync(opts.file, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
    }
    key = decodeKey(readFileSync(opts.file, 'utf8'), opts.file);
  } else {
    throw new Error('no master key: set KMIP_MASTER_KEY or master_key_file');
  }
  return { id: masterKeyId(key), key };
}

// A master key on a PKCS#11 token named by a PKCS#11 URI (RFC 7512), one line of the master key
// file: `pkcs11:token=kmip;object=kmip-master?module-path=/usr/lib/softhsm/libsofthsm2.so`.
// Path attributes (§2.3): token (label) or slot-id, object (the key's label), type (secret-key
// only). Query attributes: module-path, pin-source (a file holding the PIN: a path or file: URI),
// pin-value. What a URI leaves out comes from server.conf (master_key_pkcs11, its PIN and labels).
import { MasterKeyError } from './master-key-error.js';

export interface TokenKeyRef {
  readonly object: string;
  readonly token?: string;
  readonly slot?: number;
  readonly modulePath?: string;
  readonly pinSource?: string;
  readonly pinValue?: string;
}

export const PKCS11_SCHEME = 'pkcs11:';

const PATH_ATTRIBUTES = new Set(['token', 'object', 'slot-id', 'type']);
const QUERY_ATTRIBUTES = new Set(['module-path', 'pin-source', 'pin-value']);

function decode(value: string, where: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new MasterKeyError(`${where}: bad percent-encoding in ${value}`);
  }
}

function attributes(
  part: string,
  sep: string,
  known: ReadonlySet<string>,
  where: string,
): Map<string, string> {
  const out = new Map<string, string>();
  for (const pair of part.split(sep).filter((p) => p !== '')) {
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    if (!known.has(name)) throw new MasterKeyError(`${where}: unsupported PKCS#11 URI attribute ${name}`);
    if (out.has(name)) throw new MasterKeyError(`${where}: ${name} is given twice`);
    out.set(name, decode(eq < 0 ? '' : pair.slice(eq + 1), where));
  }
  return out;
}

/** Reads a `pkcs11:` line; `where` names it in errors (file and line). */
export function parseTokenRef(text: string, where: string): TokenKeyRef {
  if (!text.startsWith(PKCS11_SCHEME)) throw new MasterKeyError(`${where}: not a pkcs11: URI`);
  const rest = text.slice(PKCS11_SCHEME.length);
  const q = rest.indexOf('?');
  const path = attributes(q < 0 ? rest : rest.slice(0, q), ';', PATH_ATTRIBUTES, where);
  const query = attributes(q < 0 ? '' : rest.slice(q + 1), '&', QUERY_ATTRIBUTES, where);
  const object = path.get('object');
  if (object === undefined || object === '')
    throw new MasterKeyError(`${where}: the URI names no object (key label)`);
  const type = path.get('type');
  if (type !== undefined && type !== 'secret-key')
    throw new MasterKeyError(`${where}: a master key is a secret-key, not ${type}`);
  const slotText = path.get('slot-id');
  const slot = slotText === undefined ? undefined : Number(slotText);
  if (slot !== undefined && !(Number.isSafeInteger(slot) && slot >= 0 && /^\d+$/.test(slotText ?? '')))
    throw new MasterKeyError(`${where}: slot-id must be a number, not ${slotText ?? ''}`);
  const token = path.get('token');
  const modulePath = query.get('module-path');
  const pinSource = query.get('pin-source');
  const pinValue = query.get('pin-value');
  return {
    object,
    ...(token !== undefined ? { token } : {}),
    ...(slot !== undefined ? { slot } : {}),
    ...(modulePath !== undefined ? { modulePath } : {}),
    ...(pinSource !== undefined ? { pinSource: pinSource.replace(/^file:(\/\/)?/, '') } : {}),
    ...(pinValue !== undefined ? { pinValue } : {}),
  };
}

const enc = (v: string): string => encodeURIComponent(v);

/** The URI text of a reference (a line of the key file). */
export function formatTokenRef(ref: TokenKeyRef): string {
  const path = [
    ...(ref.token !== undefined ? [`token=${enc(ref.token)}`] : []),
    ...(ref.slot !== undefined ? [`slot-id=${ref.slot}`] : []),
    `object=${enc(ref.object)}`,
  ];
  const query = [
    ...(ref.modulePath !== undefined ? [`module-path=${enc(ref.modulePath).replace(/%2F/g, '/')}`] : []),
    ...(ref.pinSource !== undefined ? [`pin-source=${enc(ref.pinSource).replace(/%2F/g, '/')}`] : []),
    ...(ref.pinValue !== undefined ? [`pin-value=${enc(ref.pinValue)}`] : []),
  ];
  return `${PKCS11_SCHEME}${path.join(';')}${query.length > 0 ? `?${query.join('&')}` : ''}`;
}

// Cryptographic Parameters (KMIP 2.1 §4.16 Table 59, 1.4 §3.6): the structure read from a request
// or from a key's attribute. A request's fields override the key's attribute field by field (§6.1.17
// "The cryptographic parameters MAY be omitted from the request as they can be specified as
// associated attributes of the Managed Cryptographic Object").
import type { TtlvItem } from '../ttlv/item.js';
import type { CryptographicParameters } from '../messages/payloads/generated/types.js';
import { decodeStructure } from '../messages/payloads/structures.js';

/** The Cryptographic Parameters structure (2.1 Table 59), as crypto/ takes it. */
export type CryptoParams = CryptographicParameters;

/** Reads a Cryptographic Parameters structure; undefined in, empty parameters out. */
export function parseCryptoParams(item: TtlvItem | undefined): CryptoParams {
  return item === undefined ? {} : decodeStructure('CryptographicParameters', item);
}

/** `request` fields win; the key's attribute fills in the rest. */
export function mergeParams(request: CryptoParams, fallback: CryptoParams): CryptoParams {
  const out: Record<string, unknown> = { ...fallback };
  for (const [k, v] of Object.entries(request)) if (v !== undefined) out[k] = v;
  return out;
}

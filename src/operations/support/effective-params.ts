// The Cryptographic Parameters an operation runs with (KMIP 2.1 §6.1.17: "The cryptographic
// parameters MAY be omitted from the request as they can be specified as associated attributes of
// the Managed Cryptographic Object"): the request's fields over the key's own attribute.
import type { ManagedObject } from '../../objects/managed-object.js';
import { attribute } from '../../objects/managed-object.js';
import type { CryptographicParameters } from '../../messages/payloads/generated/types.js';
import { mergeParams, type CryptoParams } from '../../crypto/crypto-params.js';

/** The object's first Cryptographic Parameters attribute (the one with the lowest index). */
export function objectParams(obj: ManagedObject): CryptoParams {
  return attribute(obj, 'Cryptographic Parameters') ?? {};
}

/** The request's Cryptographic Parameters merged over the key's own. */
export function effectiveParams(
  request: CryptographicParameters | undefined,
  obj: ManagedObject,
): CryptoParams {
  return mergeParams(request ?? {}, objectParams(obj));
}

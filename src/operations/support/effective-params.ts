// The Cryptographic Parameters an operation runs with (KMIP 2.1 §6.1.17: "The cryptographic
// parameters MAY be omitted from the request as they can be specified as associated attributes of
// the Managed Cryptographic Object"): the request's fields over the key's own attribute.
import type { TtlvItem } from '../../ttlv/item.js';
import type { ManagedObject } from '../../objects/managed-object.js';
import { firstAttribute } from '../../objects/managed-object.js';
import { mergeParams, parseCryptoParams, type CryptoParams } from '../../crypto/crypto-params.js';

/** The object's first Cryptographic Parameters attribute (the one with the lowest index). */
export function objectParams(obj: ManagedObject): CryptoParams {
  const attrs = obj.attributes
    .filter((a) => a.name === 'Cryptographic Parameters')
    .sort((a, b) => a.index - b.index);
  return parseCryptoParams(attrs[0]?.value ?? firstAttribute(obj, 'Cryptographic Parameters'));
}

/** The request's Cryptographic Parameters merged over the key's own. */
export function effectiveParams(payloadItem: TtlvItem | undefined, obj: ManagedObject): CryptoParams {
  return mergeParams(parseCryptoParams(payloadItem), objectParams(obj));
}

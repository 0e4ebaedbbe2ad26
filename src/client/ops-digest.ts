// Digests and random bytes: Hash (KMIP 2.1 §6.1.24, 1.4 §4.35), MAC Verify (2.1 §6.1.33, 1.4
// §4.34) and RNG Retrieve (2.1 §6.1.49, 1.4 §4.36). Single-part only, like ops-crypto.ts.
import { byteString, integer } from '../ttlv/builders.js';
import { Tag } from '../spec/generated/tags.js';
import { Operation } from '../spec/generated/enums.js';
import { toItem, type PlainStructure } from './values.js';
import { bytesOf, uidItems, type KmipOperation } from './operation.js';
import { verifyResult, type VerifyResult } from './ops-crypto.js';

/** `parameters` names the algorithm: { HashingAlgorithm: 'SHA_256' }. */
export function hashOp(data: Uint8Array, parameters: PlainStructure): KmipOperation<{ digest: Uint8Array }> {
  return {
    operation: Operation.Hash,
    payload: () => [toItem(Tag.CryptographicParameters, parameters), byteString(Tag.Data, data)],
    parse: (p) => ({ digest: bytesOf(p, Tag.Data, 'Data') }),
  };
}

export function macVerifyOp(
  uid: string | undefined,
  data: Uint8Array,
  mac: Uint8Array,
  parameters?: PlainStructure,
): KmipOperation<VerifyResult> {
  return {
    operation: Operation.MACVerify,
    payload: () => [
      ...uidItems(uid),
      ...(parameters === undefined ? [] : [toItem(Tag.CryptographicParameters, parameters)]),
      byteString(Tag.Data, data),
      byteString(Tag.MACData, mac),
    ],
    parse: verifyResult,
  };
}

export function rngRetrieveOp(length: number): KmipOperation<{ data: Uint8Array }> {
  return {
    operation: Operation.RNGRetrieve,
    payload: () => [integer(Tag.DataLength, length)],
    parse: (p) => ({ data: bytesOf(p, Tag.Data, 'Data') }),
  };
}

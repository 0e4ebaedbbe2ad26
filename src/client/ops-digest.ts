// Digests and random bytes: Hash (KMIP 2.1 §6.1.24, 1.4 §4.35), MAC Verify (2.1 §6.1.33, 1.4
// §4.34) and RNG Retrieve (2.1 §6.1.49, 1.4 §4.36). Single-part only, like ops-crypto.ts.
import { Tag } from '../spec/generated/tags.js';
import type { PlainStructure } from './values.js';
import { answered, plainStructure, target, typedOperation, type KmipOperation } from './operation.js';
import { verifyAnswer, type VerifyResult } from './ops-crypto.js';

/** `parameters` names the algorithm: { HashingAlgorithm: 'SHA_256' }. */
export function hashOp(data: Uint8Array, parameters: PlainStructure): KmipOperation<{ digest: Uint8Array }> {
  return typedOperation(
    'Hash',
    (version) => ({
      cryptographicParameters: plainStructure(
        'CryptographicParameters',
        Tag.CryptographicParameters,
        parameters,
        version,
      ),
      data,
    }),
    (r) => ({ digest: answered(r.data, 'Data') }),
  );
}

export function macVerifyOp(
  uid: string | undefined,
  data: Uint8Array,
  mac: Uint8Array,
  parameters?: PlainStructure,
): KmipOperation<VerifyResult> {
  return typedOperation(
    'MACVerify',
    (version) => ({
      ...target(uid),
      ...(parameters === undefined
        ? {}
        : {
            cryptographicParameters: plainStructure(
              'CryptographicParameters',
              Tag.CryptographicParameters,
              parameters,
              version,
            ),
          }),
      data,
      macData: mac,
    }),
    verifyAnswer,
  );
}

export function rngRetrieveOp(length: number): KmipOperation<{ data: Uint8Array }> {
  return typedOperation(
    'RNGRetrieve',
    () => ({ dataLength: length }),
    (r) => ({ data: answered(r.data, 'Data') }),
  );
}

// Hash (KMIP 2.1 §6.1.24, 1.4 §4.35): the digest of Data under the Cryptographic Parameters'
// Hashing Algorithm (MD5, SHA-1, SHA-2, SHA-3, RIPEMD-160 …; or a SHA-3 Cryptographic Algorithm).
// Multi-part with Init Indicator / Correlation Value / Final Indicator. Result Reasons (Table
// 237): Invalid Field for missing parameters, Unsupported Cryptographic Parameters for an
// algorithm the server lacks, Invalid Correlation Value.
import { createHash } from 'node:crypto';
import { invalidField } from '../messages/kmip-error.js';
import type { HashRequestPayload, HashResponsePayload } from '../messages/payloads/generated/types.js';
import { defineOperation } from './support/record.js';
import { hashAlgorithmDigest, requireDigest } from '../crypto/hashes.js';
import { multiPart } from './support/multi-part.js';

async function hashOnce(request: HashRequestPayload): Promise<HashResponsePayload> {
  const p = request.cryptographicParameters;
  const data = request.data;
  if (data === undefined) throw invalidField('Hash needs the Data');
  let digest: string | undefined;
  if (p.hashingAlgorithm !== undefined) digest = requireDigest(p.hashingAlgorithm);
  else if (p.cryptographicAlgorithm !== undefined) digest = hashAlgorithmDigest(p.cryptographicAlgorithm);
  if (digest === undefined)
    throw invalidField('Hash needs Cryptographic Parameters naming a Hashing Algorithm');
  return { data: createHash(digest).update(data).digest() };
}

export const hash = defineOperation({
  operation: 'Hash',
  policy: { none: true },
  handler: multiPart(hashOnce, false, (_uid, correlationValue) => ({ correlationValue })),
});

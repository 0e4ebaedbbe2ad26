// Hash (KMIP 2.1 §6.1.24, 1.4 §4.35): the digest of Data under the Cryptographic Parameters'
// Hashing Algorithm (MD5, SHA-1, SHA-2, SHA-3, RIPEMD-160 …; or a SHA-3 Cryptographic Algorithm).
// Multi-part with Init Indicator / Correlation Value / Final Indicator. Result Reasons (Table
// 237): Invalid Field for missing parameters, Unsupported Cryptographic Parameters for an
// algorithm the server lacks, Invalid Correlation Value.
import { createHash } from 'node:crypto';
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { invalidField } from '../messages/kmip-error.js';
import type { OperationContext, OperationHandler } from './support/operation-context.js';
import { parseCryptoParams } from '../crypto/crypto-params.js';
import { bytesField, bytesItem } from '../crypto/request-fields.js';
import { hashAlgorithmDigest, requireDigest } from '../crypto/hashes.js';
import { multiPart } from './support/multi-part.js';

async function hashOnce(payload: StructureItem, _ctx: OperationContext): Promise<readonly TtlvItem[]> {
  const p = parseCryptoParams(payload.value.find((c) => c.tag === Tag.CryptographicParameters));
  const data = bytesField(payload, Tag.Data);
  if (data === undefined) throw invalidField('Hash needs the Data');
  let digest: string | undefined;
  if (p.hashingAlgorithm !== undefined) digest = requireDigest(p.hashingAlgorithm);
  else if (p.cryptographicAlgorithm !== undefined) digest = hashAlgorithmDigest(p.cryptographicAlgorithm);
  if (digest === undefined)
    throw invalidField('Hash needs Cryptographic Parameters naming a Hashing Algorithm');
  return [bytesItem(Tag.Data, createHash(digest).update(data).digest())];
}

export const hash: OperationHandler = multiPart(hashOnce, false);

// RNG Retrieve (KMIP 2.1 §6.1.49, 1.4 §4.35): Data Length bytes from the server's generator
// (OpenSSL's CTR-DRBG). Result Reasons (Table 318): Invalid Field for a missing, negative or too
// large Data Length (at most MAX_RNG_BYTES; the response must also fit the client's Maximum Response
// Size).
import { randomBytes } from 'node:crypto';
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { invalidField } from '../messages/kmip-error.js';
import type { OperationContext } from './support/operation-context.js';
import { bytesItem, intField } from '../crypto/request-fields.js';

export const MAX_RNG_BYTES = 1 << 20;

export async function rngRetrieve(
  payload: StructureItem,
  _ctx: OperationContext,
): Promise<readonly TtlvItem[]> {
  const length = intField(payload, Tag.DataLength);
  if (length === undefined) throw invalidField('RNG Retrieve needs the Data Length');
  if (length < 0 || length > MAX_RNG_BYTES)
    throw invalidField(`the Data Length must be 0 to ${MAX_RNG_BYTES} bytes`);
  return [bytesItem(Tag.Data, randomBytes(length))];
}

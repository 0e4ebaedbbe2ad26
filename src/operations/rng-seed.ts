// RNG Seed (KMIP 2.1 §6.1.50, 1.4 §4.36): the server MAY ignore client seed material and says so
// with Data Length 0 (§6.1.50: "A client SHALL NOT consider a response from a server which does
// not use the provided data as an error"; OASIS CS-RNG-O-3). OpenSSL 3 seeds itself from the
// operating system and node offers no way to add entropy, so every seed is declined this way.
// Result Reasons (Table 321): Invalid Field when Data is missing.
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { invalidField } from '../messages/kmip-error.js';
import type { OperationContext } from './support/operation-context.js';
import { bytesField } from '../crypto/request-fields.js';

export async function rngSeed(payload: StructureItem, _ctx: OperationContext): Promise<readonly TtlvItem[]> {
  if (bytesField(payload, Tag.Data) === undefined) throw invalidField('RNG Seed needs the Data');
  return [{ tag: Tag.DataLength, type: 'Integer', value: 0 }];
}

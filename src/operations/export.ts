// Export (KMIP 2.1 §6.1.18, 1.4 §4.40): the object with all its attributes. Key Format Type, Key
// Wrap Type, Key Compression Type and Key Wrapping Specification mean what they mean for Get
// (support/served-object.ts). "If the Managed Object has been Destroyed then the key material ...
// SHALL not be returned": a destroyed key whose object is a Key Block alone (symmetric, public,
// private key) comes back as its Key Block without a Key Value; other destroyed objects (a
// certificate or opaque object is nothing but its value; Secret Data and Split Keys need fields
// the server no longer holds) are Key Value Not Present. Export is checked as Get (the operation
// policies have no Export row): what Get and Get Attributes let a caller read, Export lets it
// export; under the built-in policies secret objects are their owner's alone, as 1.4 §4.40 asks.
// Result Reasons (2.1 Table 219): Object Not Found (1.x Item Not Found), Permission Denied, Key
// Format Type / Key Compression Type Not Supported, Key Value Not Present, Not Extractable,
// Sensitive, the wrapping key's faults.
import type { StructureItem } from '../ttlv/item.js';
import { ObjectType, ResultReason, State } from '../spec/generated/enums.js';
import { KmipError } from '../messages/kmip-error.js';
import { OBJECT_TAG_BY_TYPE } from '../messages/object-tags.js';
import { encodeStructure } from '../messages/payloads/structures.js';
import { type ManagedObject, attribute } from '../objects/managed-object.js';
import { stateOf } from '../objects/lifecycle.js';
import { defineOperation } from './support/record.js';
import { loadObject, resolveUid } from './support/object-access.js';
import { servedBody } from './support/served-object.js';

const KEY_BLOCK_ONLY: ReadonlySet<number> = new Set([
  ObjectType.SymmetricKey,
  ObjectType.PublicKey,
  ObjectType.PrivateKey,
]);

/** A destroyed key's object: its Key Block as the attributes describe it, without key material. */
function withoutKeyMaterial(obj: ManagedObject): StructureItem {
  const tag = OBJECT_TAG_BY_TYPE.get(obj.objectType);
  const keyFormatType = attribute(obj, 'Key Format Type');
  if (tag === undefined || keyFormatType === undefined || !KEY_BLOCK_ONLY.has(obj.objectType))
    throw new KmipError(
      ResultReason.KeyValueNotPresent,
      `object ${obj.uid} has been destroyed: its value is gone`,
    );
  const algorithm = attribute(obj, 'Cryptographic Algorithm');
  const length = attribute(obj, 'Cryptographic Length');
  const keyBlock = encodeStructure('KeyBlock', {
    keyFormatType,
    ...(algorithm === undefined ? {} : { cryptographicAlgorithm: algorithm }),
    ...(length === undefined ? {} : { cryptographicLength: length }),
  });
  return { tag, type: 'Structure', value: [keyBlock] };
}

export const exportObject = defineOperation({
  operation: 'Export',
  policy: { checkedAs: 'Get' },
  handler: async (request, ctx) => {
    const uid = resolveUid(request.uniqueIdentifier, ctx);
    const obj = await loadObject(ctx, uid, { allowDestroyed: true });
    const state = stateOf(obj);
    const destroyed = state === State.Destroyed || state === State.DestroyedCompromised;
    const body = destroyed ? withoutKeyMaterial(obj) : await servedBody(ctx, obj, request);
    ctx.batch.idPlaceholder = uid;
    // The attributes as they stand after serving (Fresh cleared).
    const current = destroyed ? obj : ((await ctx.store.get(uid)) ?? obj);
    return {
      objectType: obj.objectType,
      uniqueIdentifier: uid,
      attributes: current.attributes,
      object: body,
    };
  },
});

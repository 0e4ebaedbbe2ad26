// Re-key (KMIP 2.1 §6.1.46, 1.4 §4.4): a replacement for a Symmetric Key, of the same algorithm and
// length, its attributes copied from the existing key (Table 304), its dates carried over or, with
// an Offset, moved to start Offset seconds from now (Table 303); the Names move to the new key and
// the two are linked (Replacement Object / Replaced Object). The ID Placeholder becomes the new key.
// Result Reasons (Table 307): Invalid Object Type (1.x: Invalid Field) for anything but a Symmetric
// Key, Key Value Not Present, Invalid Field, Permission Denied, Item Not Found.
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { KmipError, invalidField } from '../messages/kmip-error.js';
import { KeyFormatType, ObjectType, ResultReason } from '../spec/generated/enums.js';
import type { Attribute } from '../messages/attributes.js';
import { requestAttributes } from '../engine/templates.js';
import type { OperationContext } from '../engine/operation-context.js';
import { insertObject, loadObject, targetUid } from '../engine/object-access.js';
import { buildNewObject, sha256Digest } from '../engine/new-object.js';
import { enumItem, intItem } from '../engine/managed-object.js';
import { keyBlockOf, symmetricKeyObject } from '../engine/key-block.js';
import { generateKeyFor, isSymmetricAlgorithm, symmetricLengthProblem } from '../crypto/symmetric-keys.js';
import {
  REKEY_DATES,
  keepPolicy,
  replacementAttributes,
  retireReplaced,
} from '../crypto/rekey-attributes.js';
import { SERVER_RNG } from '../crypto/rng.js';
import { textItemOf } from '../crypto/request-fields.js';

export function offsetOf(payload: StructureItem): number | undefined {
  const o = payload.value.find((c) => c.tag === Tag.Offset);
  if (o === undefined) return undefined;
  if (o.type !== 'Interval' && o.type !== 'Integer') throw invalidField('Offset must be an Interval');
  return o.value;
}

export async function rekey(payload: StructureItem, ctx: OperationContext): Promise<readonly TtlvItem[]> {
  const uid = targetUid(payload, ctx);
  const old = await loadObject(ctx, uid);
  if (old.objectType !== ObjectType.SymmetricKey) {
    throw new KmipError(
      ResultReason.InvalidObjectType,
      'Re-key replaces symmetric keys; use Re-key Key Pair for key pairs',
    );
  }
  const view = keyBlockOf(old.body);
  if (view === undefined)
    throw new KmipError(ResultReason.KeyValueNotPresent, `object ${uid} has no key value`);
  const algorithm = view.algorithm;
  const length = view.length;
  if (
    algorithm === undefined ||
    length === undefined ||
    !isSymmetricAlgorithm(algorithm) ||
    symmetricLengthProblem(algorithm, length) !== undefined
  ) {
    throw invalidField('the existing key has no algorithm and length this server can make a replacement for');
  }
  const requested = await requestAttributes(ctx, payload, Tag.TemplateAttribute, Tag.Attributes);
  const key = generateKeyFor(algorithm, length);
  const derived: Attribute[] = [
    ...replacementAttributes(ctx, old, offsetOf(payload), REKEY_DATES, requested),
    { name: 'Cryptographic Algorithm', index: 0, value: enumItem('Cryptographic Algorithm', algorithm) },
    { name: 'Cryptographic Length', index: 0, value: intItem('Cryptographic Length', length) },
    { name: 'Digest', index: 0, value: sha256Digest(key, KeyFormatType.Raw) },
    { name: 'Key Format Type', index: 0, value: enumItem('Key Format Type', KeyFormatType.Raw) },
    { name: 'Random Number Generator', index: 0, value: SERVER_RNG },
  ];
  const obj = await buildNewObject(ctx, {
    objectType: ObjectType.SymmetricKey,
    clientAttributes: keepPolicy(old, requested),
    derivedAttributes: derived,
    body: symmetricKeyObject(algorithm, length, key),
  });
  await insertObject(ctx, obj);
  await retireReplaced(ctx, old, obj.uid);
  ctx.batch.idPlaceholder = obj.uid;
  return [textItemOf(Tag.UniqueIdentifier, obj.uid)];
}

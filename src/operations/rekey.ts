// Re-key (KMIP 2.1 §6.1.46, 1.4 §4.4): a replacement for a Symmetric Key, of the same algorithm and
// length, its attributes copied from the existing key (Table 304), its dates carried over or, with
// an Offset, moved to start Offset seconds from now (Table 303); the Names move to the new key and
// the two are linked (Replacement Object / Replaced Object). The ID Placeholder becomes the new key.
// Result Reasons (Table 307): Invalid Object Type (1.x: Invalid Field) for anything but a Symmetric
// Key, Key Value Not Present, Invalid Field, Permission Denied, Item Not Found.
import { KmipError, invalidField } from '../messages/kmip-error.js';
import { ObjectType, ResultReason } from '../spec/generated/enums.js';
import type { Attribute } from '../messages/attributes.js';
import { defineOperation } from './support/record.js';
import { withTemplates } from './support/templates.js';
import { insertObject, loadObject, resolveUid } from './support/object-access.js';
import { buildNewObject } from './support/new-object.js';
import { keyBlockOf, symmetricKeyObject } from '../messages/payloads/key-block.js';
import { generateKeyFor, isSymmetricAlgorithm, symmetricLengthProblem } from '../crypto/symmetric-keys.js';
import { generatedKeyAttributes } from './support/generated-key-attributes.js';
import {
  REKEY_DATES,
  keepPolicy,
  replacementAttributes,
  retireReplaced,
} from './support/rekey-attributes.js';

export const rekey = defineOperation({
  operation: 'ReKey',
  policy: { table: 'secret' },
  handler: async (request, ctx) => {
    const uid = resolveUid(request.uniqueIdentifier, ctx);
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
      throw invalidField(
        'the existing key has no algorithm and length this server can make a replacement for',
      );
    }
    const requested = await withTemplates(ctx, request.attributes ?? [], request.attributesTemplates);
    const key = generateKeyFor(algorithm, length);
    const derived: Attribute[] = [
      ...replacementAttributes(ctx, old, request.offset, REKEY_DATES, requested),
      ...generatedKeyAttributes(algorithm, length, key),
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
    return { uniqueIdentifier: obj.uid };
  },
});

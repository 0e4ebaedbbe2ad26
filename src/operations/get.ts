// Get (KMIP 2.1 §6.1.22, 1.4 §4.11): the object, in the format it holds or the one asked for;
// a Template (1.x) as the attributes it applies now (support/templates.ts).
// Result Reasons: Item Not Found / Permission Denied (not visible), Object Destroyed (2.x),
// Key Format Type Not Supported, Key Compression Type Not Supported, Invalid Field.
import type { StructureItem } from '../ttlv/item.js';
import { ObjectType, ResultReason } from '../spec/generated/enums.js';
import { templateBody } from './support/templates.js';
import { KmipError } from '../messages/kmip-error.js';
import { ConcurrentUpdateError } from '../store/store.js';
import { defineOperation } from './support/record.js';
import { loadObject, resolveUid, saveObject } from './support/object-access.js';
import { attribute, withAttribute } from '../objects/managed-object.js';
import { keyBlockOf } from '../messages/payloads/key-block.js';
import { convertKeyFormat } from '../crypto/key-format.js';
import { wrapKeyBlock } from './support/key-wrapping.js';

export const get = defineOperation({
  operation: 'Get',
  policy: { table: 'read' },
  handler: async (request, ctx) => {
    const uid = resolveUid(request.uniqueIdentifier, ctx);
    const obj = await loadObject(ctx, uid);
    if (obj.body?.type !== 'Structure')
      throw new KmipError(ResultReason.ItemNotFound, `object ${uid} holds no value`);
    let body: StructureItem = obj.objectType === ObjectType.Template ? templateBody(obj) : obj.body;
    if (request.keyFormatType !== undefined) body = convertKeyFormat(body, request.keyFormatType);
    if (request.keyCompressionType !== undefined)
      throw new KmipError(ResultReason.KeyCompressionTypeNotSupported, 'key compression is not supported');
    const wrapping = request.keyWrappingSpecification;
    // KMIP 2.1 §4.28/§4.53: a non-extractable object never leaves; a sensitive one only wrapped.
    if (attribute(obj, 'Extractable') === false)
      throw new KmipError(ResultReason.NotExtractable, `object ${uid} is not extractable`);
    if (wrapping === undefined && attribute(obj, 'Sensitive') === true && keyBlockOf(body) !== undefined)
      throw new KmipError(ResultReason.Sensitive, `object ${uid} is sensitive: ask for it wrapped`);
    if (wrapping !== undefined) body = await wrapKeyBlock(ctx, body, wrapping);
    // Fresh (KMIP 2.1 §4.24) is true until the object is first served to a client.
    // A concurrent Get that flipped it first has done the same job: its conflict is no failure.
    if (attribute(obj, 'Fresh') === true) {
      try {
        await saveObject(ctx, obj, { ...obj, attributes: withAttribute(obj.attributes, 'Fresh', false) });
      } catch (err) {
        if (!(err instanceof ConcurrentUpdateError)) throw err;
      }
    }
    ctx.batch.idPlaceholder = uid;
    return { objectType: obj.objectType, uniqueIdentifier: uid, object: body };
  },
});

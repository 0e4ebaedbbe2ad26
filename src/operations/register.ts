// Register (KMIP 2.1 §6.1.42, 1.4 §4.3): stores an object the client supplies. The object's tag
// must match Object Type; key objects get their algorithm, length and digest from the Key Block.
// A Template (1.x) keeps the attributes it holds as its own (support/templates.ts); KMIP 2.0
// removed Templates (Object Type 6 is reserved), so a 2.x Register of one is Invalid Object Type
// (the payload codec refuses the Object Type).
// Result Reasons: Invalid Field (mismatch, missing object), Permission Denied, Non Unique Name,
// Item Not Found / Object Archived (a template named in the Template-Attribute).
import { ObjectType } from '../spec/generated/enums.js';
import { invalidField } from '../messages/kmip-error.js';
import { OBJECT_TAG_BY_TYPE } from '../messages/object-tags.js';
import { defineOperation } from './support/record.js';
import { buildNewObject } from './support/new-object.js';
import { insertObject } from './support/object-access.js';
import { derivedFromObject } from './support/derived-attributes.js';
import { registeredTemplateContents, withTemplates } from './support/templates.js';

export const register = defineOperation({
  operation: 'Register',
  policy: { none: true },
  handler: async (request, ctx) => {
    const { objectType, object: body } = request;
    const objectTag = OBJECT_TAG_BY_TYPE.get(objectType);
    if (objectTag === undefined) throw invalidField(`Object Type ${objectType} is not defined`);
    if (body.tag !== objectTag) throw invalidField('the object does not match the Object Type');
    const requested = await withTemplates(ctx, request.attributes, request.attributesTemplates);
    const attrs =
      objectType === ObjectType.Template ? [...registeredTemplateContents(body), ...requested] : requested;
    const obj = await buildNewObject(ctx, {
      objectType,
      clientAttributes: attrs,
      derivedAttributes: derivedFromObject(objectType, body),
      body,
    });
    await insertObject(ctx, obj);
    ctx.batch.idPlaceholder = obj.uid;
    return { uniqueIdentifier: obj.uid };
  },
});

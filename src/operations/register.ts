// Register (KMIP 2.1 §6.1.42, 1.4 §4.3): stores an object the client supplies. The object's tag
// must match Object Type; key objects get their algorithm, length and digest from the Key Block.
// A Template (1.x) keeps the attributes it holds as its own (support/templates.ts); KMIP 2.0
// removed Templates (Object Type 6 is reserved), so a 2.x Register of one is Invalid Object Type
// (the payload codec refuses the Object Type).
// Result Reasons: Invalid Field (mismatch, missing object), Permission Denied, Non Unique Name,
// Item Not Found / Object Archived (a template named in the Template-Attribute).
import type { StructureItem } from '../ttlv/item.js';
import { ObjectType } from '../spec/generated/enums.js';
import { invalidField } from '../messages/kmip-error.js';
import type { Attribute } from '../messages/attributes.js';
import { OBJECT_TAG_BY_TYPE } from '../messages/object-tags.js';
import { keyBlockOf } from '../messages/payloads/key-block.js';
import { decodeStructure } from '../messages/payloads/structures.js';
import { encodeTtlv } from '../ttlv/encode.js';
import { defineOperation } from './support/record.js';
import { buildNewObject } from './support/new-object.js';
import { insertObject } from './support/object-access.js';
import { registeredTemplateContents, withTemplates } from './support/templates.js';
import { makeAttribute } from '../objects/managed-object.js';
import { sha256Digest } from '../crypto/digest.js';
import { certificateAttributes } from '../crypto/certificate-attributes.js';

/** Attributes the server reads off a registered object. */
function derivedFromObject(objectType: number, body: StructureItem): Attribute[] {
  const out: Attribute[] = [];
  const view = keyBlockOf(body);
  if (view !== undefined) {
    if (view.algorithm !== undefined) out.push(makeAttribute('Cryptographic Algorithm', view.algorithm));
    if (view.length !== undefined) out.push(makeAttribute('Cryptographic Length', view.length));
    out.push(makeAttribute('Key Format Type', view.keyFormatType));
    const m = view.keyMaterial;
    if (m !== undefined && !view.wrapped) {
      const bytes = m.type === 'ByteString' ? m.value : encodeTtlv(m);
      out.push(makeAttribute('Digest', sha256Digest(bytes, view.keyFormatType)));
    }
  }
  if (objectType === ObjectType.Certificate) {
    const cert = decodeStructure('Certificate', body);
    out.push(makeAttribute('Certificate Type', cert.certificateType));
    out.push(makeAttribute('Certificate Length', cert.certificateValue.length));
    out.push(makeAttribute('Digest', sha256Digest(cert.certificateValue, undefined)));
    out.push(...certificateAttributes(cert.certificateValue));
  }
  if (objectType === ObjectType.OpaqueObject) {
    const opaque = decodeStructure('OpaqueObject', body);
    out.push(makeAttribute('Digest', sha256Digest(opaque.opaqueDataValue, undefined)));
  }
  return out;
}

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

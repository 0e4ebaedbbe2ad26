// Register (KMIP 2.1 §6.1.42, 1.4 §4.3): stores an object the client supplies. The object's tag
// must match Object Type; key objects get their algorithm, length and digest from the Key Block.
// A Template (1.x) keeps the attributes it holds as its own (engine/templates.ts); KMIP 2.0
// removed Templates (Object Type 6 is reserved), so a 2.x Register of one is Invalid Object Type.
// Result Reasons: Invalid Field (mismatch, missing object), Permission Denied, Non Unique Name,
// Item Not Found / Object Archived (a template named in the Template-Attribute).
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { ObjectType, ResultReason } from '../spec/generated/enums.js';
import { KmipError, invalidField } from '../messages/kmip-error.js';
import type { Attribute } from '../messages/attributes.js';
import { registeredTemplateContents, requestAttributes } from '../engine/templates.js';
import type { OperationContext } from '../engine/operation-context.js';
import { buildNewObject, sha256Digest } from '../engine/new-object.js';
import { insertObject } from '../engine/object-access.js';
import { OBJECT_TAG_BY_TYPE } from '../engine/object-types.js';
import { keyBlockOf } from '../engine/key-block.js';
import { enumItem, intItem } from '../engine/managed-object.js';
import { encodeTtlv } from '../ttlv/encode.js';
import { certificateAttributes } from '../crypto/certificate-attributes.js';

/** Attributes the server reads off a registered object. */
const OBJECT_TAGS: ReadonlySet<number> = new Set(OBJECT_TAG_BY_TYPE.values());

function derivedFromObject(objectType: number, body: StructureItem): Attribute[] {
  const out: Attribute[] = [];
  const view = keyBlockOf(body);
  if (view !== undefined) {
    if (view.algorithm !== undefined) {
      out.push({
        name: 'Cryptographic Algorithm',
        index: 0,
        value: enumItem('Cryptographic Algorithm', view.algorithm),
      });
    }
    if (view.length !== undefined)
      out.push({
        name: 'Cryptographic Length',
        index: 0,
        value: intItem('Cryptographic Length', view.length),
      });
    out.push({ name: 'Key Format Type', index: 0, value: enumItem('Key Format Type', view.keyFormatType) });
    const m = view.keyMaterial;
    if (m !== undefined && !view.wrapped) {
      const bytes = m.type === 'ByteString' ? m.value : encodeTtlv(m);
      out.push({ name: 'Digest', index: 0, value: sha256Digest(bytes, view.keyFormatType) });
    }
  }
  if (objectType === ObjectType.Certificate) {
    const type = body.value.find((c) => c.tag === Tag.CertificateType);
    const value = body.value.find((c) => c.tag === Tag.CertificateValue);
    if (type?.type !== 'Enumeration' || value?.type !== 'ByteString') {
      throw invalidField('a Certificate needs a Certificate Type and a Certificate Value');
    }
    out.push({ name: 'Certificate Type', index: 0, value: enumItem('Certificate Type', type.value) });
    out.push({
      name: 'Certificate Length',
      index: 0,
      value: intItem('Certificate Length', value.value.length),
    });
    out.push({ name: 'Digest', index: 0, value: sha256Digest(value.value, undefined) });
    out.push(...certificateAttributes(value.value));
  }
  if (objectType === ObjectType.OpaqueObject) {
    const value = body.value.find((c) => c.tag === Tag.OpaqueDataValue);
    if (value?.type !== 'ByteString') throw invalidField('an Opaque Object needs an Opaque Data Value');
    out.push({ name: 'Digest', index: 0, value: sha256Digest(value.value, undefined) });
  }
  return out;
}

export async function register(payload: StructureItem, ctx: OperationContext): Promise<readonly TtlvItem[]> {
  const typeItem = payload.value.find((c) => c.tag === Tag.ObjectType);
  if (typeItem?.type !== 'Enumeration') throw invalidField('Register needs an Object Type');
  const objectType = typeItem.value;
  const objectTag = OBJECT_TAG_BY_TYPE.get(objectType);
  if (objectTag === undefined) throw invalidField(`Object Type ${objectType} is not defined`);
  if (objectType === ObjectType.Template && ctx.kmip2)
    throw new KmipError(
      ResultReason.InvalidObjectType,
      'KMIP 2.0 removed Templates (Object Type 6 is reserved)',
    );
  const body = payload.value.find((c) => OBJECT_TAGS.has(c.tag));
  if (body === undefined) throw invalidField('Register needs the object itself');
  if (body.tag !== objectTag) throw invalidField('the object does not match the Object Type');
  if (body.type !== 'Structure') throw invalidField('the object must be a Structure');
  const requested = await requestAttributes(ctx, payload, Tag.TemplateAttribute, Tag.Attributes);
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
  return [{ tag: Tag.UniqueIdentifier, type: 'TextString', value: obj.uid }];
}

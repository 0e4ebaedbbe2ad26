// Get (KMIP 2.1 §6.1.22, 1.4 §4.11): the object, in the format it holds or the one asked for;
// a Template (1.x) as the attributes it applies now (engine/templates.ts).
// Result Reasons: Item Not Found / Permission Denied (not visible), Object Destroyed (2.x),
// Key Format Type Not Supported, Key Compression Type Not Supported, Invalid Field.
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { ObjectType, ResultReason } from '../spec/generated/enums.js';
import { templateBody } from '../engine/templates.js';
import { KmipError, invalidField } from '../messages/kmip-error.js';
import type { OperationContext } from '../engine/operation-context.js';
import { ConcurrentUpdateError } from '../store/store.js';
import { loadObject, saveObject, targetUid } from '../engine/object-access.js';
import { firstAttribute, withSingle, type ManagedObject } from '../engine/managed-object.js';
import { keyBlockOf } from '../engine/key-block.js';
import { convertKeyFormat } from '../crypto/key-format.js';
import { wrapForGet } from '../crypto/get-wrapping.js';

function booleanAttribute(obj: ManagedObject, name: string): boolean | undefined {
  const v = firstAttribute(obj, name);
  return v?.type === 'Boolean' ? v.value : undefined;
}

function optionalEnum(payload: StructureItem, tag: number, what: string): number | undefined {
  const c = payload.value.find((i) => i.tag === tag);
  if (c === undefined) return undefined;
  if (c.type !== 'Enumeration') throw invalidField(`${what} must be an Enumeration`);
  return c.value;
}

export async function get(payload: StructureItem, ctx: OperationContext): Promise<readonly TtlvItem[]> {
  const uid = targetUid(payload, ctx);
  const obj = await loadObject(ctx, uid);
  if (obj.body?.type !== 'Structure')
    throw new KmipError(ResultReason.ItemNotFound, `object ${uid} holds no value`);
  let body: StructureItem = obj.objectType === ObjectType.Template ? templateBody(obj) : obj.body;
  const format = optionalEnum(payload, Tag.KeyFormatType, 'Key Format Type');
  if (format !== undefined) body = convertKeyFormat(body, format);
  if (optionalEnum(payload, Tag.KeyCompressionType, 'Key Compression Type') !== undefined) {
    throw new KmipError(ResultReason.KeyCompressionTypeNotSupported, 'key compression is not supported');
  }
  const wrapping = payload.value.find((c) => c.tag === Tag.KeyWrappingSpecification);
  // KMIP 2.1 §4.28/§4.53: a non-extractable object never leaves; a sensitive one only wrapped.
  if (booleanAttribute(obj, 'Extractable') === false) {
    throw new KmipError(ResultReason.NotExtractable, `object ${uid} is not extractable`);
  }
  if (
    wrapping === undefined &&
    booleanAttribute(obj, 'Sensitive') === true &&
    keyBlockOf(body) !== undefined
  ) {
    throw new KmipError(ResultReason.Sensitive, `object ${uid} is sensitive: ask for it wrapped`);
  }
  if (wrapping !== undefined) body = await wrapForGet(ctx, body, wrapping);
  // Fresh (KMIP 2.1 §4.24) is true until the object is first served to a client.
  // A concurrent Get that flipped it first has done the same job: its conflict is no failure.
  if (booleanAttribute(obj, 'Fresh') === true) {
    try {
      await saveObject(ctx, obj, {
        ...obj,
        attributes: withSingle(obj.attributes, 'Fresh', { tag: Tag.Fresh, type: 'Boolean', value: false }),
      });
    } catch (err) {
      if (!(err instanceof ConcurrentUpdateError)) throw err;
    }
  }
  ctx.batch.idPlaceholder = uid;
  return [
    { tag: Tag.ObjectType, type: 'Enumeration', value: obj.objectType },
    { tag: Tag.UniqueIdentifier, type: 'TextString', value: uid },
    body,
  ];
}

// The object as Get serves it (KMIP 2.1 §6.1.19, 1.4 §4.11), shared with Export (2.1 §6.1.18:
// "the same semantics as for the Get operation"): in the Key Format Type asked for, wrapped as the
// Key Wrapping Specification says, never when not extractable, only wrapped when sensitive; the
// first serving clears Fresh (2.1 §4.24).
import type { StructureItem } from '../../ttlv/item.js';
import { ObjectType, ResultReason } from '../../spec/generated/enums.js';
import { KmipError } from '../../messages/kmip-error.js';
import type { KeyWrappingSpecification } from '../../messages/payloads/generated/types.js';
import { keyBlockOf } from '../../messages/payloads/key-block.js';
import { ConcurrentUpdateError } from '../../store/store.js';
import { type ManagedObject, attribute, withAttribute } from '../../objects/managed-object.js';
import { convertKeyFormat } from '../../crypto/key-format.js';
import { templateBody } from './templates.js';
import { wrapKeyBlock } from './key-wrapping.js';
import { saveObject } from './object-access.js';
import type { OperationContext } from './operation-context.js';

export interface ServeRequest {
  readonly keyFormatType?: number;
  readonly keyCompressionType?: number;
  readonly keyWrappingSpecification?: KeyWrappingSpecification;
}

/** The body to answer with for `obj` (loaded by the caller under its operation's policy). */
export async function servedBody(
  ctx: OperationContext,
  obj: ManagedObject,
  request: ServeRequest,
): Promise<StructureItem> {
  const uid = obj.uid;
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
  // A concurrent request that flipped it first has done the same job: its conflict is no failure.
  if (attribute(obj, 'Fresh') === true) {
    try {
      await saveObject(ctx, obj, { ...obj, attributes: withAttribute(obj.attributes, 'Fresh', false) });
    } catch (err) {
      if (!(err instanceof ConcurrentUpdateError)) throw err;
    }
  }
  return body;
}

// Re-key Key Pair (KMIP 2.1 §6.1.47, 1.4 §4.5): a replacement pair for an existing private key and
// the public key it links to, of the same algorithm, length and curve; each new key's attributes are
// copied from the key it replaces (Table 309), Activation and Deactivation Date carried over or
// moved by the Offset (Table 308), Names moved, and old and new linked (Replacement / Replaced
// Object) besides the new pair's own Private/Public Key links. The ID Placeholder becomes the new
// private key. Result Reasons (Table 312): Invalid Object Type (not a private key), Item Not Found
// (no linked public key), Key Value Not Present, Invalid Field, Cryptographic Failure.
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { KmipError, invalidField, permissionDenied } from '../messages/kmip-error.js';
import { LinkType, ObjectType, Operation, ResultReason } from '../spec/generated/enums.js';
import type { Attribute } from '../messages/attributes.js';
import { requestAttributes } from '../engine/templates.js';
import type { OperationContext } from '../engine/operation-context.js';
import { insertObjects, loadObject } from '../engine/object-access.js';
import { type ManagedObject, attributeValues, intItem } from '../engine/managed-object.js';
import { buildKeyPair, combineAttributes } from '../crypto/key-pair-objects.js';
import {
  REKEY_PAIR_DATES,
  keepPolicy,
  replacementAttributes,
  retireReplaced,
} from '../crypto/rekey-attributes.js';
import { keyLength, keyObjectOfBody } from '../crypto/asymmetric-keys.js';
import { recommendedOfCurve } from '../crypto/transparent-keys.js';
import { textItemOf } from '../crypto/request-fields.js';
import { offsetOf } from './rekey.js';

function linkedPublicKey(priv: ManagedObject): string {
  for (const l of attributeValues(priv, 'Link')) {
    if (l.type !== 'Structure') continue;
    const type = l.value.find((c) => c.tag === Tag.LinkType);
    const id = l.value.find((c) => c.tag === Tag.LinkedObjectIdentifier);
    if (type?.type === 'Enumeration' && type.value === LinkType.PublicKeyLink && id?.type === 'TextString')
      return id.value;
  }
  throw new KmipError(
    ResultReason.ItemNotFound,
    `private key ${priv.uid} has no Public Key link to re-key with`,
  );
}

/** What the replacement must match: algorithm, length, curve, usage mask (unless the client names them). */
function essentials(old: ManagedObject, requested: readonly Attribute[]): Attribute[] {
  const key = keyObjectOfBody(old.body as StructureItem);
  const out: Attribute[] = [];
  const has = (name: string): boolean => requested.some((a) => a.name === name);
  const alg = old.attributes.find((a) => a.name === 'Cryptographic Algorithm');
  if (alg !== undefined && !has(alg.name)) out.push(alg);
  const length = keyLength(key);
  if (length !== undefined && !has('Cryptographic Length'))
    out.push({ name: 'Cryptographic Length', index: 0, value: intItem('Cryptographic Length', length) });
  const mask = old.attributes.find((a) => a.name === 'Cryptographic Usage Mask');
  if (mask !== undefined && !has(mask.name)) out.push(mask);
  const curve = recommendedOfCurve(key.asymmetricKeyDetails?.namedCurve);
  if (curve !== undefined && !has('Cryptographic Domain Parameters')) {
    out.push({
      name: 'Cryptographic Domain Parameters',
      index: 0,
      value: {
        tag: Tag.CryptographicDomainParameters,
        type: 'Structure',
        value: [{ tag: Tag.RecommendedCurve, type: 'Enumeration', value: curve }],
      },
    });
  }
  return out;
}

const WITHOUT_ESSENTIALS = (a: Attribute): boolean =>
  ![
    'Cryptographic Algorithm',
    'Cryptographic Length',
    'Cryptographic Usage Mask',
    'Cryptographic Domain Parameters',
  ].includes(a.name);

export async function rekeyKeyPair(
  payload: StructureItem,
  ctx: OperationContext,
): Promise<readonly TtlvItem[]> {
  const given = payload.value.find((c) => c.tag === Tag.PrivateKeyUniqueIdentifier);
  if (given !== undefined && given.type !== 'TextString')
    throw invalidField('Private Key Unique Identifier must be a Text String');
  const uid = given?.value ?? ctx.batch.privateKeyPlaceholder ?? ctx.batch.idPlaceholder;
  if (uid === undefined) throw invalidField('Re-key Key Pair needs the Private Key Unique Identifier');
  const oldPriv = await loadObject(ctx, uid);
  if (oldPriv.objectType !== ObjectType.PrivateKey)
    throw new KmipError(ResultReason.InvalidObjectType, `object ${uid} is not a private key`);
  // The built-in policies give public keys no Re-key Key Pair row: the public half is read as Get
  // and must belong to the private key's owner.
  const oldPub = await loadObject({ ...ctx, operation: Operation.Get }, linkedPublicKey(oldPriv));
  if (oldPub.owner !== oldPriv.owner)
    throw permissionDenied(`the public key of ${uid} belongs to another owner`);
  const common = await requestAttributes(ctx, payload, Tag.CommonTemplateAttribute, Tag.CommonAttributes);
  const privReq = combineAttributes(
    common,
    await requestAttributes(ctx, payload, Tag.PrivateKeyTemplateAttribute, Tag.PrivateKeyAttributes),
  );
  const pubReq = combineAttributes(
    common,
    await requestAttributes(ctx, payload, Tag.PublicKeyTemplateAttribute, Tag.PublicKeyAttributes),
  );
  const offset = offsetOf(payload);
  const privCopy = replacementAttributes(ctx, oldPriv, offset, REKEY_PAIR_DATES, privReq).filter(
    WITHOUT_ESSENTIALS,
  );
  const pubCopy = replacementAttributes(ctx, oldPub, offset, REKEY_PAIR_DATES, pubReq).filter(
    WITHOUT_ESSENTIALS,
  );
  const pair = await buildKeyPair(
    ctx,
    keepPolicy(oldPriv, [...essentials(oldPriv, privReq), ...privReq]),
    keepPolicy(oldPub, [...essentials(oldPub, pubReq), ...pubReq]),
    privCopy,
    pubCopy,
  );
  await insertObjects(ctx, [pair.privateKey, pair.publicKey]);
  await retireReplaced(ctx, oldPriv, pair.privateKey.uid);
  await retireReplaced(ctx, oldPub, pair.publicKey.uid);
  ctx.batch.idPlaceholder = pair.privateKey.uid;
  ctx.batch.privateKeyPlaceholder = pair.privateKey.uid;
  return [
    textItemOf(Tag.PrivateKeyUniqueIdentifier, pair.privateKey.uid),
    textItemOf(Tag.PublicKeyUniqueIdentifier, pair.publicKey.uid),
  ];
}

// Re-key Key Pair (KMIP 2.1 §6.1.47, 1.4 §4.5): a replacement pair for an existing private key and
// the public key it links to, of the same algorithm, length and curve; each new key's attributes are
// copied from the key it replaces (Table 309), Activation and Deactivation Date carried over or
// moved by the Offset (Table 308), Names moved, and old and new linked (Replacement / Replaced
// Object) besides the new pair's own Private/Public Key links. The ID Placeholder becomes the new
// private key. Result Reasons (Table 312): Invalid Object Type (not a private key), Item Not Found
// (no linked public key), Key Value Not Present, Invalid Field, Cryptographic Failure.
import type { StructureItem } from '../ttlv/item.js';
import { KmipError, invalidField, permissionDenied } from '../messages/kmip-error.js';
import { LinkType, ObjectType, Operation, ResultReason } from '../spec/generated/enums.js';
import type { Attribute } from '../messages/attributes.js';
import type { AttributeName } from '../spec/generated/attributes.js';
import { defineOperation } from './support/record.js';
import { withTemplates } from './support/templates.js';
import { insertObjects, loadObject } from './support/object-access.js';
import { type ManagedObject, attributesOf, makeAttribute } from '../objects/managed-object.js';
import { buildKeyPair, combineAttributes } from './support/key-pair-objects.js';
import {
  REKEY_PAIR_DATES,
  keepPolicy,
  replacementAttributes,
  retireReplaced,
} from './support/rekey-attributes.js';
import { keyLength, keyObjectOfBody } from '../crypto/asymmetric-keys.js';
import { recommendedOfCurve } from '../crypto/transparent-keys.js';

function linkedPublicKey(priv: ManagedObject): string {
  for (const l of attributesOf(priv, 'Link')) {
    const id = l.linkedObjectIdentifier;
    if (l.linkType === LinkType.PublicKeyLink && id.type === 'TextString') return id.value;
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
  const has = (name: AttributeName): boolean => requested.some((a) => a.name === name);
  const alg = old.attributes.find((a) => a.name === 'Cryptographic Algorithm');
  if (alg !== undefined && !has(alg.name)) out.push(alg);
  const length = keyLength(key);
  if (length !== undefined && !has('Cryptographic Length'))
    out.push(makeAttribute('Cryptographic Length', length));
  const mask = old.attributes.find((a) => a.name === 'Cryptographic Usage Mask');
  if (mask !== undefined && !has(mask.name)) out.push(mask);
  const curve = recommendedOfCurve(key.asymmetricKeyDetails?.namedCurve);
  if (curve !== undefined && !has('Cryptographic Domain Parameters')) {
    out.push(makeAttribute('Cryptographic Domain Parameters', { recommendedCurve: curve }));
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

export const rekeyKeyPair = defineOperation({
  operation: 'ReKeyKeyPair',
  policy: { table: 'secret' },
  handler: async (request, ctx) => {
    const uid =
      request.privateKeyUniqueIdentifier ?? ctx.batch.privateKeyPlaceholder ?? ctx.batch.idPlaceholder;
    if (uid === undefined) throw invalidField('Re-key Key Pair needs the Private Key Unique Identifier');
    const oldPriv = await loadObject(ctx, uid);
    if (oldPriv.objectType !== ObjectType.PrivateKey)
      throw new KmipError(ResultReason.InvalidObjectType, `object ${uid} is not a private key`);
    // The built-in policies give public keys no Re-key Key Pair row: the public half is read as Get
    // and must belong to the private key's owner.
    const oldPub = await loadObject({ ...ctx, policyOperation: Operation.Get }, linkedPublicKey(oldPriv));
    if (oldPub.owner !== oldPriv.owner)
      throw permissionDenied(`the public key of ${uid} belongs to another owner`);
    const common = await withTemplates(
      ctx,
      request.commonAttributes ?? [],
      request.commonAttributesTemplates,
    );
    const privReq = combineAttributes(
      common,
      await withTemplates(ctx, request.privateKeyAttributes ?? [], request.privateKeyAttributesTemplates),
    );
    const pubReq = combineAttributes(
      common,
      await withTemplates(ctx, request.publicKeyAttributes ?? [], request.publicKeyAttributesTemplates),
    );
    const offset = request.offset;
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
    return { privateKeyUniqueIdentifier: pair.privateKey.uid, publicKeyUniqueIdentifier: pair.publicKey.uid };
  },
});

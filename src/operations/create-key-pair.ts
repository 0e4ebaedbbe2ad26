// Create Key Pair (KMIP 2.1 §6.1.9, 1.4 §4.2): a new public/private key pair from Common, Private
// Key and Public Key attributes (1.x: the three Template-Attributes), each key linked to the other;
// the ID Placeholder becomes the private key. Result Reasons (Table 192; PyKMIP server docs
// "CreateKeyPair"): Invalid Field for a missing algorithm or usage mask, values that differ between
// the two keys, or an algorithm/length the server does not make; Non Unique Name Attribute;
// Cryptographic Failure when generation fails.
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { requestAttributes } from '../engine/templates.js';
import type { OperationContext } from '../engine/operation-context.js';
import { insertObjects } from '../engine/object-access.js';
import { buildKeyPair, combineAttributes } from '../crypto/key-pair-objects.js';

export async function createKeyPair(
  payload: StructureItem,
  ctx: OperationContext,
): Promise<readonly TtlvItem[]> {
  const common = await requestAttributes(ctx, payload, Tag.CommonTemplateAttribute, Tag.CommonAttributes);
  const priv = await requestAttributes(
    ctx,
    payload,
    Tag.PrivateKeyTemplateAttribute,
    Tag.PrivateKeyAttributes,
  );
  const pub = await requestAttributes(ctx, payload, Tag.PublicKeyTemplateAttribute, Tag.PublicKeyAttributes);
  const pair = await buildKeyPair(ctx, combineAttributes(common, priv), combineAttributes(common, pub));
  await insertObjects(ctx, [pair.privateKey, pair.publicKey]);
  ctx.batch.idPlaceholder = pair.privateKey.uid;
  ctx.batch.privateKeyPlaceholder = pair.privateKey.uid;
  return [
    { tag: Tag.PrivateKeyUniqueIdentifier, type: 'TextString', value: pair.privateKey.uid },
    { tag: Tag.PublicKeyUniqueIdentifier, type: 'TextString', value: pair.publicKey.uid },
  ];
}

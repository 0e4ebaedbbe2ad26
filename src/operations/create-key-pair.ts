// Create Key Pair (KMIP 2.1 §6.1.9, 1.4 §4.2): a new public/private key pair from Common, Private
// Key and Public Key attributes (1.x: the three Template-Attributes), each key linked to the other;
// the ID Placeholder becomes the private key. Result Reasons (Table 192; PyKMIP server docs
// "CreateKeyPair"): Invalid Field for a missing algorithm or usage mask, values that differ between
// the two keys, or an algorithm/length the server does not make; Non Unique Name Attribute;
// Cryptographic Failure when generation fails.
import { defineOperation } from './support/record.js';
import { withTemplates } from './support/templates.js';
import { insertObjects } from './support/object-access.js';
import { buildKeyPair, combineAttributes } from './support/key-pair-objects.js';

export const createKeyPair = defineOperation({
  operation: 'CreateKeyPair',
  policy: { none: true },
  handler: async (request, ctx) => {
    const common = await withTemplates(
      ctx,
      request.commonAttributes ?? [],
      request.commonAttributesTemplates,
    );
    const priv = await withTemplates(
      ctx,
      request.privateKeyAttributes ?? [],
      request.privateKeyAttributesTemplates,
    );
    const pub = await withTemplates(
      ctx,
      request.publicKeyAttributes ?? [],
      request.publicKeyAttributesTemplates,
    );
    const pair = await buildKeyPair(ctx, combineAttributes(common, priv), combineAttributes(common, pub));
    await insertObjects(ctx, [pair.privateKey, pair.publicKey]);
    ctx.batch.idPlaceholder = pair.privateKey.uid;
    ctx.batch.privateKeyPlaceholder = pair.privateKey.uid;
    return { privateKeyUniqueIdentifier: pair.privateKey.uid, publicKeyUniqueIdentifier: pair.publicKey.uid };
  },
});

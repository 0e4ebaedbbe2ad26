// Derive Key (KMIP 2.1 §6.1.14, 1.4 §4.6): a new Symmetric Key or Secret Data from a base key or
// secret (the first Unique Identifier; a later Secret Data may supply the Derivation Data) by
// PBKDF2, HMAC/HKDF, HASH, ENCRYPT or NIST SP 800-108 counter mode, with the keys pykmip-server
// would derive. Cryptographic Length (and for a key, Cryptographic Algorithm) must be given; the new
// object has exactly that length (a multiple of 8 bits, as pykmip-server requires). The
// new object links to its bases (Derivation Base Object) and each base to it (Derived Key). The ID
// Placeholder is not used for the bases (§6.1.14) but is set to the new object.
// Result Reasons (Table 207): Invalid Field (object type, missing length/algorithm, parameters),
// Incompatible Cryptographic Usage Mask without Derive Key (1.x: Permission Denied), Wrong Key
// Lifecycle State at 2.x (1.x accepts a Pre-Active base, as pykmip-server does), Invalid Object
// Type, Cryptographic Failure when the length exceeds the method's output.
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { invalidField } from '../messages/kmip-error.js';
import {
  CryptographicUsageMask,
  KeyFormatType,
  LinkType,
  ObjectType,
  SecretDataType,
} from '../spec/generated/enums.js';
import type { Attribute } from '../messages/attributes.js';
import { defineOperation } from './support/record.js';
import { withTemplates } from './support/templates.js';
import type { OperationContext } from './support/operation-context.js';
import { buildNewObject, reindex } from './support/new-object.js';
import { insertObject, saveObject } from './support/object-access.js';
import { type ManagedObject, attribute, makeAttribute } from '../objects/managed-object.js';
import { keyObject, symmetricKeyObject } from '../messages/payloads/key-block.js';
import { effectiveParams } from './support/effective-params.js';
import { type KeyPurpose, SECRET_TYPES, loadUsableKey, secretKeyOf } from './support/key-use.js';
import { usableObject } from './support/key-wrapping.js';
import { deriveBytes } from '../crypto/derive.js';
import { digestName, hmacDigest } from '../crypto/hashes.js';
import { blockSizeOf, isCipherAlgorithm, openSymmetric } from '../crypto/symmetric-cipher.js';
import { runSession } from '../crypto/cipher-session.js';
import { sha256Digest } from '../crypto/digest.js';
import { linkAttribute } from './support/key-pair-objects.js';

function purpose(ctx: OperationContext): KeyPurpose {
  return {
    mask: CryptographicUsageMask.DeriveKey,
    what: 'key derivation',
    objectTypes: SECRET_TYPES,
    allowPreActive: ctx.rules.derivesFromPreActiveKeys,
  };
}

function newBody(
  objectType: number,
  algorithm: number | undefined,
  bits: number,
  bytes: Buffer,
): StructureItem {
  if (objectType === ObjectType.SymmetricKey) return symmetricKeyObject(algorithm ?? 0, bits, bytes);
  const material: TtlvItem = { tag: Tag.KeyMaterial, type: 'ByteString', value: bytes };
  const type: TtlvItem = { tag: Tag.SecretDataType, type: 'Enumeration', value: SecretDataType.Seed };
  return keyObject(Tag.SecretData, KeyFormatType.Opaque, material, undefined, undefined, [type]);
}

async function linkBases(ctx: OperationContext, bases: readonly ManagedObject[], uid: string): Promise<void> {
  for (const b of bases) {
    const fresh = (await ctx.store.get(b.uid)) ?? b;
    const attributes = reindex([...fresh.attributes, linkAttribute(LinkType.DerivedKeyLink, uid)]);
    await saveObject(ctx, fresh, { ...fresh, attributes });
  }
}

export const deriveKey = defineOperation({
  operation: 'DeriveKey',
  policy: { table: 'secret', checkedAs: 'Get' },
  handler: async (request, ctx) => {
    const objectType = request.objectType;
    if (objectType !== ObjectType.SymmetricKey && objectType !== ObjectType.SecretData)
      throw invalidField('Derive Key makes a Symmetric Key or Secret Data');
    const uids = request.uniqueIdentifier;
    if (uids.length === 0) throw invalidField('Derive Key needs the Unique Identifier of the base object');
    const method = request.derivationMethod;
    const dp = request.derivationParameters;
    const attrs = await withTemplates(ctx, request.attributes, request.attributesTemplates);
    const bits = attribute(attrs, 'Cryptographic Length');
    if (bits === undefined || bits <= 0 || bits % 8 !== 0)
      throw invalidField('the Cryptographic Length must be given, a positive multiple of 8');
    // The derived key has the length the client asked for, whatever the algorithm's usual key sizes:
    // §6.1.14 names one length error only, a length beyond the method's output (Cryptographic
    // Failure, below), and PyKMIP's suite derives a 160-bit AES key (RFC 6070). A key of a length
    // its cipher cannot take is refused when it is used, as a registered one would be.
    const algorithm = attribute(attrs, 'Cryptographic Algorithm');
    if (objectType === ObjectType.SymmetricKey && algorithm === undefined)
      throw invalidField('deriving a Symmetric Key needs its Cryptographic Algorithm');

    const bases: ManagedObject[] = [];
    for (const uid of uids) bases.push(await loadUsableKey(ctx, uid, purpose(ctx)));
    const [first, ...others] = bases;
    if (first === undefined) throw invalidField('no base object');
    const base = secretKeyOf(await usableObject(ctx, first));
    let data = dp.derivationData === undefined ? undefined : Buffer.concat(dp.derivationData);
    const secret = others.find((o) => o.objectType === ObjectType.SecretData);
    if (secret !== undefined) {
      if (data !== undefined)
        throw invalidField('give the Derivation Data or a Secret Data object, not both');
      data = Buffer.from(secretKeyOf(await usableObject(ctx, secret)).key);
    }

    const params = dp.cryptographicParameters ?? {};
    const digest =
      params.hashingAlgorithm !== undefined
        ? digestName(params.hashingAlgorithm)
        : hmacDigest(base.algorithm ?? 0);
    if (params.hashingAlgorithm !== undefined && digest === undefined)
      throw invalidField('the Hashing Algorithm is not supported');
    const iv = dp.initializationVector;
    const cipher = effectiveParams(dp.cryptographicParameters, first);
    const encrypt = (d: Uint8Array): Buffer => {
      const alg =
        cipher.cryptographicAlgorithm !== undefined && isCipherAlgorithm(cipher.cryptographicAlgorithm)
          ? cipher.cryptographicAlgorithm
          : (base.algorithm ?? 0);
      // §7.12: "an empty IV is assumed if not provided" — all zero bytes for modes that need one.
      const useIv = iv !== undefined && iv.length > 0 ? iv : Buffer.alloc(blockSizeOf(alg));
      const spec = {
        algorithm: alg,
        key: base.key,
        mode: cipher.blockCipherMode,
        padding: cipher.paddingMethod,
        iv: useIv,
      };
      return runSession(openSymmetric(spec, true).session, d);
    };
    const bytes = await deriveBytes({
      method,
      length: bits / 8,
      key: base.key,
      digest,
      data,
      salt: dp.salt,
      iterations: dp.iterationCount,
      encrypt,
    });

    const format = objectType === ObjectType.SymmetricKey ? KeyFormatType.Raw : KeyFormatType.Opaque;
    const derived: Attribute[] = [
      makeAttribute('Digest', sha256Digest(bytes, format)),
      makeAttribute('Key Format Type', format),
      ...bases.map((b) => linkAttribute(LinkType.DerivationBaseObjectLink, b.uid)),
    ];
    if (objectType === ObjectType.SymmetricKey) {
      derived.push(makeAttribute('Cryptographic Algorithm', algorithm ?? 0));
      derived.push(makeAttribute('Cryptographic Length', bits));
    }
    // Cryptographic Length does not apply to Secret Data (2.1 Table 12); pykmip-server drops it too.
    const clientAttributes =
      objectType === ObjectType.SecretData ? attrs.filter((a) => a.name !== 'Cryptographic Length') : attrs;
    const obj = await buildNewObject(ctx, {
      objectType,
      clientAttributes,
      derivedAttributes: derived,
      body: newBody(objectType, algorithm, bits, bytes),
    });
    await insertObject(ctx, obj);
    await linkBases(ctx, bases, obj.uid);
    ctx.batch.idPlaceholder = obj.uid;
    return { uniqueIdentifier: obj.uid };
  },
});

// Building the two managed objects of a new key pair (Create Key Pair, KMIP 2.1 §6.1.9; Re-key Key
// Pair, §6.1.47): the attribute sets combined (private/public values take precedence over common
// ones for single-valued attributes, multi-valued ones are the union, Table 189), the Table 191
// attributes equal for both, the pair generated, and each key linked to the other.
import { sha256Digest } from '../../crypto/digest.js';
import { newObjectUid } from '../../objects/object-uid.js';
import type { StructureItem, TtlvItem } from '../../ttlv/item.js';
import { Tag } from '../../spec/generated/tags.js';
import { KmipError, invalidField } from '../../messages/kmip-error.js';
import { LinkType, ObjectType, ResultReason } from '../../spec/generated/enums.js';
import type { Attribute } from '../../messages/attributes.js';
import type { OperationContext } from './operation-context.js';
import { SINGLE_VALUED, attributeOf, buildNewObject, intAttributeOf } from './new-object.js';
import { type ManagedObject, enumItem, intItem, makeAttribute } from '../../objects/managed-object.js';
import { keyObject } from '../../messages/payloads/key-block.js';
import { encodeTtlv } from '../../ttlv/encode.js';
import {
  type GeneratedPair,
  encodeKey,
  generateAsymmetricPair,
  storageFormat,
} from '../../crypto/asymmetric-keys.js';
import type { KeyObject } from 'node:crypto';
import { SERVER_RNG } from '../../crypto/rng.js';
import { attribute } from '../../objects/managed-object.js';

/** `specific` over `common`: a single-valued attribute given in `specific` replaces the common one. */
export function combineAttributes(common: readonly Attribute[], specific: readonly Attribute[]): Attribute[] {
  const overridden = new Set(specific.filter((a) => SINGLE_VALUED.has(a.name)).map((a) => a.name));
  return [...common.filter((a) => !overridden.has(a.name)), ...specific];
}

export function linkItem(type: number, uid: string): TtlvItem {
  return {
    tag: Tag.Link,
    type: 'Structure',
    value: [
      { tag: Tag.LinkType, type: 'Enumeration', value: type },
      { tag: Tag.LinkedObjectIdentifier, type: 'TextString', value: uid },
    ],
  };
}

export const linkAttribute = (type: number, uid: string): Attribute => ({
  name: 'Link',
  index: 0,
  value: linkItem(type, uid),
});

function sameValue(a: TtlvItem | undefined, b: TtlvItem | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return Buffer.from(encodeTtlv(a)).equals(Buffer.from(encodeTtlv(b)));
}

/** Recommended Curve from a Cryptographic Domain Parameters attribute. */
function curveOf(attrs: readonly Attribute[]): number | undefined {
  return attribute(attrs, 'Cryptographic Domain Parameters')?.recommendedCurve;
}

function checkPairAttributes(priv: readonly Attribute[], pub: readonly Attribute[]): void {
  for (const [attrs, which] of [
    [priv, 'private'],
    [pub, 'public'],
  ] as const) {
    if (intAttributeOf(attrs, 'Cryptographic Algorithm') === undefined) {
      throw invalidField(`the Cryptographic Algorithm must be given for the ${which} key`);
    }
    if (intAttributeOf(attrs, 'Cryptographic Usage Mask') === undefined) {
      throw invalidField(`the Cryptographic Usage Mask must be given for the ${which} key`);
    }
  }
  for (const name of [
    'Cryptographic Algorithm',
    'Cryptographic Length',
    'Cryptographic Domain Parameters',
    'Cryptographic Parameters',
  ]) {
    if (!sameValue(attributeOf(priv, name), attributeOf(pub, name))) {
      throw invalidField(`the ${name} must be the same for the private and the public key`);
    }
  }
}

/** Where Names are unique (VersionRules.namesUniqueAcrossObjects), the two new keys cannot share one. */
function checkPairNames(ctx: OperationContext, priv: readonly Attribute[], pub: readonly Attribute[]): void {
  if (!ctx.rules.namesUniqueAcrossObjects) return;
  const names = (attrs: readonly Attribute[]): string[] =>
    attrs.filter((a) => a.name === 'Name').map((a) => Buffer.from(encodeTtlv(a.value)).toString('hex'));
  const pubNames = new Set(names(pub));
  if (names(priv).some((n) => pubNames.has(n))) {
    throw new KmipError(
      ResultReason.NonUniqueNameAttribute,
      'the private and the public key cannot have the same Name',
    );
  }
}

function derivedFor(
  key: KeyObject,
  algorithm: number,
  length: number,
  link: Attribute,
): { derived: Attribute[]; body: StructureItem } {
  const format = storageFormat(key);
  const material = encodeKey(key, format);
  if (material?.type !== 'ByteString')
    throw new KmipError(ResultReason.CryptographicFailure, 'the new key cannot be encoded');
  const tag = key.type === 'private' ? Tag.PrivateKey : Tag.PublicKey;
  const derived: Attribute[] = [
    { name: 'Cryptographic Algorithm', index: 0, value: enumItem('Cryptographic Algorithm', algorithm) },
    { name: 'Cryptographic Length', index: 0, value: intItem('Cryptographic Length', length) },
    makeAttribute('Digest', sha256Digest(material.value, format)),
    { name: 'Key Format Type', index: 0, value: enumItem('Key Format Type', format) },
    makeAttribute('Random Number Generator', SERVER_RNG),
    link,
  ];
  return { derived, body: keyObject(tag, format, material, algorithm, length) };
}

export interface NewPair {
  readonly privateKey: ManagedObject;
  readonly publicKey: ManagedObject;
}

/**
 * Generates a key pair and builds (does not store) its two objects. `extraPrivate`/`extraPublic`
 * are server-set attributes to add (Re-key Key Pair's Replaced Object links).
 */
export async function buildKeyPair(
  ctx: OperationContext,
  priv: readonly Attribute[],
  pub: readonly Attribute[],
  extraPrivate: readonly Attribute[] = [],
  extraPublic: readonly Attribute[] = [],
): Promise<NewPair> {
  checkPairAttributes(priv, pub);
  checkPairNames(ctx, priv, pub);
  const algorithm = intAttributeOf(priv, 'Cryptographic Algorithm') ?? 0;
  const pair: GeneratedPair = await generateAsymmetricPair({
    algorithm,
    length: intAttributeOf(priv, 'Cryptographic Length'),
    curve: curveOf(priv),
  });
  const privUid = newObjectUid();
  const pubUid = newObjectUid();
  const p = derivedFor(
    pair.privateKey,
    algorithm,
    pair.length,
    linkAttribute(LinkType.PublicKeyLink, pubUid),
  );
  const q = derivedFor(
    pair.publicKey,
    algorithm,
    pair.length,
    linkAttribute(LinkType.PrivateKeyLink, privUid),
  );
  const privateKey = await buildNewObject(ctx, {
    uid: privUid,
    objectType: ObjectType.PrivateKey,
    clientAttributes: priv,
    derivedAttributes: [...p.derived, ...extraPrivate],
    body: p.body,
  });
  const publicKey = await buildNewObject(ctx, {
    uid: pubUid,
    objectType: ObjectType.PublicKey,
    clientAttributes: pub,
    derivedAttributes: [...q.derived, ...extraPublic],
    body: q.body,
  });
  return { privateKey, publicKey };
}

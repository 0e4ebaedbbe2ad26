// Create Split Key (KMIP 2.1 §6.1.10, 1.4 §4.38): splits a new key (made from the Cryptographic
// Algorithm and Length attributes, as Create does) or an existing Symmetric Key / Secret Data (the
// Unique Identifier; its algorithm and length take precedence) into Split Key Parts Split Key
// objects by the Split Key Method (crypto/split-key.ts). Part i carries Key Part Identifier i; the
// parts are chained with Previous/Next Link in identifier order, and when an existing key is split
// each part has a Parent Link to it and it a Child Link to each part. The ID Placeholder is part 1.
// Result Reasons (2.1 Table 195, 1.4 Table 362): Invalid Field (Object Type not Split Key, bad or
// missing parts/threshold/method/prime, unsupported method, bad attributes), Item Not Found,
// Invalid Object Type (a key that cannot be split), Server Limit Exceeded (too many parts).
import { checkPrimeSync } from 'node:crypto';
import { newObjectUid } from '../objects/object-uid.js';
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import {
  KeyFormatType,
  LinkType,
  ObjectType,
  ResultReason,
  SplitKeyMethod,
} from '../spec/generated/enums.js';
import { KmipError, invalidField } from '../messages/kmip-error.js';
import type { Attribute } from '../messages/attributes.js';
import type { CreateSplitKeyRequestPayload } from '../messages/payloads/generated/types.js';
import { decodeAttributeValue } from '../messages/payloads/attribute-values.js';
import { defineOperation } from './support/record.js';
import { withTemplates } from './support/templates.js';
import type { OperationContext } from './support/operation-context.js';
import { buildNewObject, reindex } from './support/new-object.js';
import { insertObjects, loadObject, saveObject } from './support/object-access.js';
import { type ManagedObject, attribute, makeAttribute } from '../objects/managed-object.js';
import { keyObject } from '../messages/payloads/key-block.js';
import { SECRET_TYPES, secretKeyOf } from './support/key-use.js';
import { usableObject } from './support/key-wrapping.js';
import { generateKeyFor, isSymmetricAlgorithm, symmetricLengthProblem } from '../crypto/symmetric-keys.js';
import { sha256Digest } from '../crypto/digest.js';
import { linkAttribute } from './support/key-pair-objects.js';
import { maxParts, splitSecret } from '../crypto/split-key.js';
import { enumValueName } from '../spec/registry.js';

/** Most parts one request may create: each is a stored object. */
export const MAX_SPLIT_PARTS = 255;
/** Largest Prime Field Size accepted (primality is checked per request). */
const MAX_PRIME_BITS = 8192;

export interface SplitFields {
  readonly method: number;
  readonly parts: number;
  readonly threshold: number;
  readonly prime?: bigint;
}

function splitFields(request: CreateSplitKeyRequestPayload, secretBits: number): SplitFields {
  const { splitKeyParts: parts, splitKeyThreshold: threshold, splitKeyMethod: method } = request;
  if (!Object.values(SplitKeyMethod).includes(method as SplitKeyMethod))
    throw invalidField(`Split Key Method ${method} is not supported`);
  if (parts < 1) throw invalidField('Split Key Parts must be at least 1');
  if (parts > Math.min(MAX_SPLIT_PARTS, maxParts(method)))
    throw new KmipError(ResultReason.ServerLimitExceeded, `at most ${MAX_SPLIT_PARTS} parts are created`);
  if (threshold < 1 || threshold > parts)
    throw invalidField('Split Key Threshold must be between 1 and Split Key Parts');
  if (method === SplitKeyMethod.XOR && threshold !== parts)
    throw invalidField('with XOR the Split Key Threshold must equal Split Key Parts');
  const prime = request.primeFieldSize;
  if (method !== SplitKeyMethod.PolynomialSharingPrimeField) return { method, parts, threshold };
  if (prime === undefined) throw invalidField('Polynomial Sharing Prime Field needs the Prime Field Size');
  if (prime <= 1n << BigInt(secretBits))
    throw invalidField(`the Prime Field Size must be above 2^${secretBits}, the key's size`);
  if (prime.toString(2).length > MAX_PRIME_BITS || !checkPrimeSync(prime))
    throw invalidField('the Prime Field Size is not a prime');
  return { method, parts, threshold, prime };
}

interface Secret {
  readonly key: Uint8Array;
  readonly algorithm: number | undefined;
  readonly bits: number;
  readonly source?: ManagedObject;
}

async function existingSecret(ctx: OperationContext, uid: string): Promise<Secret> {
  const source = await loadObject(ctx, uid);
  if (!SECRET_TYPES.has(source.objectType)) {
    const t = enumValueName('ObjectType', source.objectType) ?? String(source.objectType);
    throw new KmipError(
      ResultReason.InvalidObjectType,
      `a ${t} cannot be split (Symmetric Keys and Secret Data can)`,
    );
  }
  if (attribute(source, 'Extractable') === false)
    throw new KmipError(ResultReason.NotExtractable, `object ${uid} is not extractable: it cannot be split`);
  const s = secretKeyOf(await usableObject(ctx, source));
  return { key: s.key, algorithm: s.algorithm, bits: s.key.length * 8, source };
}

function newSecret(attrs: readonly Attribute[]): Secret {
  const algorithm = attribute(attrs, 'Cryptographic Algorithm');
  const bits = attribute(attrs, 'Cryptographic Length');
  if (algorithm === undefined || bits === undefined)
    throw invalidField(
      'a new split key needs the Cryptographic Algorithm and Cryptographic Length attributes',
    );
  if (!isSymmetricAlgorithm(algorithm))
    throw invalidField('the algorithm is not supported for symmetric keys');
  const problem = symmetricLengthProblem(algorithm, bits);
  if (problem !== undefined) throw invalidField(`invalid length ${bits}: ${problem}`);
  return { key: generateKeyFor(algorithm, bits), algorithm, bits };
}

/** A Name given for the split is given to each part as "<name> part <i>": names stay unique. */
function partAttributes(attrs: readonly Attribute[], id: number): Attribute[] {
  return attrs
    .filter((a) => a.name !== 'Cryptographic Algorithm' && a.name !== 'Cryptographic Length')
    .map((a) => {
      if (a.name !== 'Name') return a;
      const name = decodeAttributeValue('Name', a.value);
      return {
        ...makeAttribute('Name', { ...name, nameValue: `${name.nameValue} part ${id}` }),
        index: a.index,
      };
    });
}

function partBody(f: SplitFields, id: number, share: Uint8Array, secret: Secret): StructureItem {
  const header: TtlvItem[] = [
    { tag: Tag.SplitKeyParts, type: 'Integer', value: f.parts },
    { tag: Tag.KeyPartIdentifier, type: 'Integer', value: id },
    { tag: Tag.SplitKeyThreshold, type: 'Integer', value: f.threshold },
    { tag: Tag.SplitKeyMethod, type: 'Enumeration', value: f.method },
  ];
  if (f.prime !== undefined) header.push({ tag: Tag.PrimeFieldSize, type: 'BigInteger', value: f.prime });
  const material: TtlvItem = { tag: Tag.KeyMaterial, type: 'ByteString', value: share };
  return keyObject(Tag.SplitKey, KeyFormatType.Raw, material, secret.algorithm, secret.bits, header);
}

export const createSplitKey = defineOperation({
  operation: 'CreateSplitKey',
  policy: { checkedAs: 'Get' },
  handler: async (request, ctx) => {
    if (request.objectType !== ObjectType.SplitKey)
      throw invalidField('Create Split Key creates Split Key objects');
    const uid = request.uniqueIdentifier;
    const attrs = await withTemplates(ctx, request.attributes, request.attributesTemplates);
    const secret = uid !== undefined ? await existingSecret(ctx, uid) : newSecret(attrs);
    const fields = splitFields(request, secret.bits);
    const shares = splitSecret(secret.key, fields);

    const uids = shares.map(() => newObjectUid());
    const parts: ManagedObject[] = [];
    for (const [i, share] of shares.entries()) {
      const derived: Attribute[] = [
        makeAttribute('Cryptographic Length', secret.bits),
        makeAttribute('Digest', sha256Digest(share, KeyFormatType.Raw)),
        makeAttribute('Key Format Type', KeyFormatType.Raw),
      ];
      if (secret.algorithm !== undefined)
        derived.push(makeAttribute('Cryptographic Algorithm', secret.algorithm));
      const prev = uids[i - 1];
      const next = uids[i + 1];
      if (prev !== undefined) derived.push(linkAttribute(LinkType.PreviousLink, prev));
      if (next !== undefined) derived.push(linkAttribute(LinkType.NextLink, next));
      if (secret.source !== undefined) derived.push(linkAttribute(LinkType.ParentLink, secret.source.uid));
      parts.push(
        await buildNewObject(ctx, {
          uid: uids[i] ?? newObjectUid(),
          objectType: ObjectType.SplitKey,
          // The key's own algorithm and length win over the request's (§6.1.10).
          clientAttributes: partAttributes(attrs, i + 1),
          derivedAttributes: derived,
          body: partBody(fields, i + 1, share, secret),
        }),
      );
    }
    await insertObjects(ctx, parts);
    if (secret.source !== undefined) {
      const fresh = (await ctx.store.get(secret.source.uid)) ?? secret.source;
      const links = parts.map((p) => linkAttribute(LinkType.ChildLink, p.uid));
      await saveObject(ctx, fresh, { ...fresh, attributes: reindex([...fresh.attributes, ...links]) });
    }
    const first = parts[0];
    if (first !== undefined) ctx.batch.idPlaceholder = first.uid;
    return { uniqueIdentifier: parts.map((p) => p.uid) };
  },
});

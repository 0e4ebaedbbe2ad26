// Join Split Key (KMIP 2.1 §6.1.27, 1.4 §4.39): recombines Split Key objects (at least Split Key
// Threshold of them, all of one split: same parts, threshold, method, prime, algorithm, length,
// distinct Key Part Identifiers) into a new Symmetric Key or Secret Data (Object Type; Secret Data
// Type from the request, Seed by default). The new object has a Parent Link to each part used.
// Result Reasons (2.1 Table 246, 1.4 Table 363): Invalid Field (Object Type, mismatched or
// duplicate parts, unsupported method), Cryptographic Failure (fewer parts than the threshold, or
// shares that do not recombine), Invalid Object Type (an object that is not a Split Key), Item /
// Object Not Found, Object Archived.
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import {
  KeyFormatType,
  LinkType,
  ObjectType,
  ResultReason,
  SecretDataType,
} from '../spec/generated/enums.js';
import { KmipError, invalidField } from '../messages/kmip-error.js';
import type { Attribute } from '../messages/attributes.js';
import { decodeStructure } from '../messages/payloads/structures.js';
import { defineOperation } from './support/record.js';
import { withTemplates } from './support/templates.js';
import type { OperationContext } from './support/operation-context.js';
import { buildNewObject } from './support/new-object.js';
import { insertObject, loadObject } from './support/object-access.js';
import { type ManagedObject, makeAttribute } from '../objects/managed-object.js';
import { keyBlockOf, keyObject, symmetricKeyObject } from '../messages/payloads/key-block.js';
import { usableObject } from './support/key-wrapping.js';
import { plainKeyBytes } from '../crypto/key-format.js';
import { sha256Digest } from '../crypto/digest.js';
import { linkAttribute } from './support/key-pair-objects.js';
import { joinSecret, type Share } from '../crypto/split-key.js';

interface Part {
  readonly uid: string;
  readonly parts: number;
  readonly id: number;
  readonly threshold: number;
  readonly method: number;
  readonly prime: bigint | undefined;
  readonly algorithm: number | undefined;
  readonly bits: number | undefined;
  readonly share: Uint8Array;
}

async function readPart(ctx: OperationContext, uid: string): Promise<Part> {
  const obj: ManagedObject = await loadObject(ctx, uid);
  if (obj.objectType !== ObjectType.SplitKey || obj.body?.type !== 'Structure')
    throw new KmipError(ResultReason.InvalidObjectType, `object ${uid} is not a Split Key`);
  const body = (await usableObject(ctx, obj)).body;
  const view = keyBlockOf(body);
  const share = view === undefined ? undefined : plainKeyBytes(view);
  if (body?.type !== 'Structure' || view === undefined || share === undefined)
    throw new KmipError(ResultReason.KeyValueNotPresent, `split key ${uid} holds no plain share`);
  const split = decodeStructure('SplitKey', body);
  return {
    uid,
    parts: split.splitKeyParts,
    id: split.keyPartIdentifier,
    threshold: split.splitKeyThreshold,
    method: split.splitKeyMethod,
    prime: split.primeFieldSize,
    algorithm: view.algorithm,
    bits: view.length,
    share,
  };
}

/** Checks the parts belong to one split and are enough; returns the ones to combine. */
function checkParts(parts: readonly Part[]): readonly Part[] {
  const [first, ...rest] = parts;
  if (first === undefined) throw invalidField('Join Split Key needs the Unique Identifiers of the parts');
  for (const p of rest) {
    const same =
      p.parts === first.parts &&
      p.threshold === first.threshold &&
      p.method === first.method &&
      p.prime === first.prime &&
      p.algorithm === first.algorithm &&
      p.bits === first.bits &&
      p.share.length === first.share.length;
    if (!same) throw invalidField(`split keys ${first.uid} and ${p.uid} are not parts of the same split`);
  }
  const ids = new Set(parts.map((p) => p.id));
  if (ids.size !== parts.length) throw invalidField('the same Key Part Identifier is given twice');
  if (parts.some((p) => p.id < 1 || p.id > first.parts))
    throw invalidField('a Key Part Identifier is outside 1 … Split Key Parts');
  if (parts.length < first.threshold) {
    throw new KmipError(
      ResultReason.CryptographicFailure,
      `${parts.length} parts given; the Split Key Threshold is ${first.threshold}`,
    );
  }
  return [...parts].sort((a, b) => a.id - b.id).slice(0, first.threshold);
}

function recombine(parts: readonly Part[]): Buffer {
  const first = parts[0];
  if (first === undefined) throw invalidField('no parts');
  const length = first.bits !== undefined ? Math.ceil(first.bits / 8) : first.share.length;
  const shares: Share[] = parts.map((p) => ({ x: p.id, y: p.share }));
  try {
    return joinSecret(shares, first.method, length, first.prime);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    if (/not supported/.test(err.message)) throw invalidField(err.message);
    throw new KmipError(ResultReason.CryptographicFailure, `the parts do not recombine: ${err.message}`);
  }
}

export const joinSplitKey = defineOperation({
  operation: 'JoinSplitKey',
  policy: { checkedAs: 'Get' },
  handler: async (request, ctx) => {
    const objectType = request.objectType;
    if (objectType !== ObjectType.SymmetricKey && objectType !== ObjectType.SecretData)
      throw invalidField('Join Split Key forms a Symmetric Key or Secret Data');
    const parts: Part[] = [];
    for (const uid of request.uniqueIdentifier) parts.push(await readPart(ctx, uid));
    const used = checkParts(parts);
    const key = recombine(used);
    const algorithm = used[0]?.algorithm;
    const bits = key.length * 8;

    const format = objectType === ObjectType.SymmetricKey ? KeyFormatType.Raw : KeyFormatType.Opaque;
    const derived: Attribute[] = [
      makeAttribute('Digest', sha256Digest(key, format)),
      makeAttribute('Key Format Type', format),
      ...used.map((p) => linkAttribute(LinkType.ParentLink, p.uid)),
    ];
    let body: StructureItem;
    if (objectType === ObjectType.SymmetricKey) {
      if (algorithm === undefined)
        throw invalidField('the parts name no Cryptographic Algorithm for a Symmetric Key');
      body = symmetricKeyObject(algorithm, bits, key);
      derived.push(
        makeAttribute('Cryptographic Algorithm', algorithm),
        makeAttribute('Cryptographic Length', bits),
      );
    } else {
      const type = request.secretDataType ?? SecretDataType.Seed;
      const material: TtlvItem = { tag: Tag.KeyMaterial, type: 'ByteString', value: key };
      const typeItem: TtlvItem = { tag: Tag.SecretDataType, type: 'Enumeration', value: type };
      body = keyObject(Tag.SecretData, KeyFormatType.Opaque, material, undefined, undefined, [typeItem]);
    }
    const attrs = await withTemplates(ctx, request.attributes ?? [], request.attributesTemplates);
    const clientAttributes =
      objectType === ObjectType.SecretData ? attrs.filter((a) => a.name !== 'Cryptographic Length') : attrs;
    const obj = await buildNewObject(ctx, { objectType, clientAttributes, derivedAttributes: derived, body });
    await insertObject(ctx, obj);
    ctx.batch.idPlaceholder = obj.uid;
    return { uniqueIdentifier: obj.uid };
  },
});

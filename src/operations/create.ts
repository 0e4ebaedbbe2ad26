// Create (KMIP 2.1 §6.1.7, 1.4 §4.1): a new symmetric key from the client's attributes. Result
// Reasons (PyKMIP server docs, "Create"): Invalid Field for a missing algorithm, length or usage
// mask, an unsupported algorithm or a length the algorithm does not have; Permission Denied when
// the policy refuses; Non Unique Name Attribute for a name in use.
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { ObjectType } from '../spec/generated/enums.js';
import { KmipError, invalidField } from '../messages/kmip-error.js';
import { ResultReason } from '../spec/generated/enums.js';
import type { Attribute } from '../messages/attributes.js';
import { requestAttributes } from '../engine/templates.js';
import type { OperationContext } from '../engine/operation-context.js';
import { buildNewObject, intAttributeOf, sha256Digest } from '../engine/new-object.js';
import { SERVER_RNG } from '../crypto/rng.js';
import { insertObject } from '../engine/object-access.js';
import { symmetricKeyObject } from '../engine/key-block.js';
import { generateKeyFor, isSymmetricAlgorithm, symmetricLengthProblem } from '../crypto/symmetric-keys.js';
import { enumItem } from '../engine/managed-object.js';
import { KeyFormatType } from '../spec/generated/enums.js';
import { enumValueName } from '../spec/registry.js';

function requestedObjectType(payload: StructureItem): number {
  const t = payload.value.find((c) => c.tag === Tag.ObjectType);
  if (t?.type !== 'Enumeration') throw invalidField('Create needs an Object Type');
  return t.value;
}

export async function create(payload: StructureItem, ctx: OperationContext): Promise<readonly TtlvItem[]> {
  const objectType = requestedObjectType(payload);
  if (objectType !== ObjectType.SymmetricKey) {
    throw new KmipError(
      ResultReason.InvalidField,
      `Create makes symmetric keys; use CreateKeyPair or Register for ${enumValueName('ObjectType', objectType) ?? objectType}`,
    );
  }
  const attrs = await requestAttributes(ctx, payload, Tag.TemplateAttribute, Tag.Attributes);
  const algorithm = intAttributeOf(attrs, 'Cryptographic Algorithm');
  const length = intAttributeOf(attrs, 'Cryptographic Length');
  if (algorithm === undefined) throw invalidField('Create needs the Cryptographic Algorithm attribute');
  if (length === undefined) throw invalidField('Create needs the Cryptographic Length attribute');
  if (intAttributeOf(attrs, 'Cryptographic Usage Mask') === undefined) {
    throw invalidField('Create needs the Cryptographic Usage Mask attribute');
  }
  const algName = enumValueName('CryptographicAlgorithm', algorithm) ?? String(algorithm);
  if (!isSymmetricAlgorithm(algorithm)) {
    throw invalidField(`the algorithm ${algName} is not supported for symmetric keys`);
  }
  const problem = symmetricLengthProblem(algorithm, length);
  if (problem !== undefined) throw invalidField(`invalid length ${length} for ${algName}: ${problem}`);
  // Quantum Safe (KMIP 2.1 §4.51): only symmetric keys of 256 bits or more keep their strength
  // against Grover's search; this server refuses to mark weaker keys quantum safe.
  const quantumSafe = attrs.find((a) => a.name === 'Quantum Safe')?.value;
  if (quantumSafe?.type === 'Boolean' && quantumSafe.value && length < 256) {
    throw new KmipError(
      ResultReason.GeneralFailure,
      `a ${length}-bit ${algName} key is not quantum safe (256 bits or more are)`,
    );
  }
  const key = generateKeyFor(algorithm, length);
  const derived: Attribute[] = [
    { name: 'Cryptographic Algorithm', index: 0, value: enumItem('Cryptographic Algorithm', algorithm) },
    {
      name: 'Cryptographic Length',
      index: 0,
      value: { tag: Tag.CryptographicLength, type: 'Integer', value: length },
    },
    { name: 'Digest', index: 0, value: sha256Digest(key, KeyFormatType.Raw) },
    { name: 'Key Format Type', index: 0, value: enumItem('Key Format Type', KeyFormatType.Raw) },
    { name: 'Random Number Generator', index: 0, value: SERVER_RNG },
  ];
  const obj = await buildNewObject(ctx, {
    objectType,
    clientAttributes: attrs,
    derivedAttributes: derived,
    body: symmetricKeyObject(algorithm, length, key),
  });
  await insertObject(ctx, obj);
  ctx.batch.idPlaceholder = obj.uid;
  return [
    { tag: Tag.ObjectType, type: 'Enumeration', value: objectType },
    { tag: Tag.UniqueIdentifier, type: 'TextString', value: obj.uid },
  ];
}

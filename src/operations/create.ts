// Create (KMIP 2.1 §6.1.7, 1.4 §4.1): a new symmetric key from the client's attributes. Result
// Reasons (PyKMIP server docs, "Create"): Invalid Field for a missing algorithm, length or usage
// mask, an unsupported algorithm or a length the algorithm does not have; Permission Denied when
// the policy refuses; Non Unique Name Attribute for a name in use.
import { ObjectType, ResultReason } from '../spec/generated/enums.js';
import { KmipError, invalidField } from '../messages/kmip-error.js';
import { enumValueName } from '../spec/registry.js';
import { defineOperation } from './support/record.js';
import { buildNewObject } from './support/new-object.js';
import { insertObject } from './support/object-access.js';
import { withTemplates } from './support/templates.js';
import { symmetricKeyObject } from '../messages/payloads/key-block.js';
import { generatedKeyAttributes } from './support/generated-key-attributes.js';
import { generateKeyFor, isSymmetricAlgorithm, symmetricLengthProblem } from '../crypto/symmetric-keys.js';
import { attribute } from '../objects/managed-object.js';

export const create = defineOperation({
  operation: 'Create',
  policy: { none: true },
  handler: async (request, ctx) => {
    const objectType = request.objectType;
    const attrs = await withTemplates(ctx, request.attributes, request.attributesTemplates);
    if (objectType !== ObjectType.SymmetricKey) {
      throw invalidField(
        `Create makes symmetric keys; use CreateKeyPair or Register for ${enumValueName('ObjectType', objectType) ?? objectType}`,
      );
    }
    const algorithm = attribute(attrs, 'Cryptographic Algorithm');
    const length = attribute(attrs, 'Cryptographic Length');
    if (algorithm === undefined) throw invalidField('Create needs the Cryptographic Algorithm attribute');
    if (length === undefined) throw invalidField('Create needs the Cryptographic Length attribute');
    if (attribute(attrs, 'Cryptographic Usage Mask') === undefined)
      throw invalidField('Create needs the Cryptographic Usage Mask attribute');
    const algName = enumValueName('CryptographicAlgorithm', algorithm) ?? String(algorithm);
    if (!isSymmetricAlgorithm(algorithm))
      throw invalidField(`the algorithm ${algName} is not supported for symmetric keys`);
    const problem = symmetricLengthProblem(algorithm, length);
    if (problem !== undefined) throw invalidField(`invalid length ${length} for ${algName}: ${problem}`);
    // Quantum Safe (KMIP 2.1 §4.51): only symmetric keys of 256 bits or more keep their strength
    // against Grover's search; this server refuses to mark weaker keys quantum safe.
    if (attribute(attrs, 'Quantum Safe') === true && length < 256) {
      throw new KmipError(
        ResultReason.GeneralFailure,
        `a ${length}-bit ${algName} key is not quantum safe (256 bits or more are)`,
      );
    }
    const key = generateKeyFor(algorithm, length);
    const derived = generatedKeyAttributes(algorithm, length, key);
    const obj = await buildNewObject(ctx, {
      objectType,
      clientAttributes: attrs,
      derivedAttributes: derived,
      body: symmetricKeyObject(algorithm, length, key),
    });
    await insertObject(ctx, obj);
    ctx.batch.idPlaceholder = obj.uid;
    return { objectType, uniqueIdentifier: obj.uid };
  },
});

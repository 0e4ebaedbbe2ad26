// Signature Verify (KMIP 2.1 §6.1.56, 1.4 §4.32): checks Signature Data over Data (or Digested
// Data, RSA only) with a Public Key or a Certificate's key; answers Validity Indicator Valid or
// Invalid (a malformed signature is Invalid, not an error). Result Reasons (Table 338): Invalid
// Object Type, Wrong Key Lifecycle State (Active, from Process Start Date), Incompatible
// Cryptographic Usage Mask (1.x: Permission Denied), Key Value Not Present, Invalid Field.
// Multi-part (Init Indicator / Correlation Value / Final Indicator): see crypto/multi-part.ts.
import { X509Certificate, type KeyObject } from 'node:crypto';
import type { StructureItem } from '../ttlv/item.js';
import { invalidField } from '../messages/kmip-error.js';
import { CryptographicUsageMask, ObjectType, ValidityIndicator } from '../spec/generated/enums.js';
import type {
  SignatureVerifyRequestPayload,
  SignatureVerifyResponsePayload,
} from '../messages/payloads/generated/types.js';
import { decodeStructure } from '../messages/payloads/structures.js';
import type { OperationContext } from './support/operation-context.js';
import { defineOperation } from './support/record.js';
import { resolveUid } from './support/object-access.js';
import type { ManagedObject } from '../objects/managed-object.js';
import { effectiveParams } from './support/effective-params.js';
import { type KeyPurpose, loadUsableKey } from './support/key-use.js';
import { keyObjectOfBody } from '../crypto/asymmetric-keys.js';
import { signatureScheme, verifyWith } from '../crypto/signatures.js';
import { usableObject } from './support/key-wrapping.js';
import { multiPart } from './support/multi-part.js';

const VERIFY: KeyPurpose = {
  mask: CryptographicUsageMask.Verify,
  protect: false,
  what: 'signature verification',
  objectTypes: new Set([ObjectType.PublicKey, ObjectType.Certificate]),
};

function verificationKey(obj: ManagedObject): KeyObject {
  const body = obj.body as StructureItem;
  if (obj.objectType !== ObjectType.Certificate) return keyObjectOfBody(body);
  return new X509Certificate(decodeStructure('Certificate', body).certificateValue).publicKey;
}

async function signatureVerifyOnce(
  request: SignatureVerifyRequestPayload,
  ctx: OperationContext,
): Promise<SignatureVerifyResponsePayload> {
  const uid = resolveUid(request.uniqueIdentifier, ctx);
  const obj = await loadUsableKey(ctx, uid, VERIFY);
  const { data, digestedData, signatureData } = request;
  if (signatureData === undefined) throw invalidField('Signature Verify needs the Signature Data');
  if ((data === undefined) === (digestedData === undefined))
    throw invalidField('Signature Verify needs either Data or Digested Data');
  const params = effectiveParams(request.cryptographicParameters, obj);
  const key = verificationKey(await usableObject(ctx, obj));
  const valid = verifyWith(key, signatureScheme(key, params), signatureData, data, digestedData);
  return {
    uniqueIdentifier: uid,
    validityIndicator: valid ? ValidityIndicator.Valid : ValidityIndicator.Invalid,
  };
}

export const signatureVerify = defineOperation({
  operation: 'SignatureVerify',
  policy: { checkedAs: 'Get' },
  handler: multiPart(signatureVerifyOnce, true, (uid, correlationValue) => ({
    uniqueIdentifier: uid ?? '',
    correlationValue,
  })),
});

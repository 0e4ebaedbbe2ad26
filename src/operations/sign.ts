// Sign (KMIP 2.1 §6.1.55, 1.4 §4.31): signs Data (or the client's Digested Data, RSA only) with a
// Private Key: RSA PKCS#1 v1.5 / PSS, ECDSA, Ed25519, Ed448. Result Reasons (Table 336): Invalid
// Object Type, Wrong Key Lifecycle State (Active, before Protect Stop Date; 1.x: Permission Denied as
// the OASIS 1.4 cases), Incompatible Cryptographic Usage Mask (1.x: Permission Denied), Key Value Not
// Present, Invalid Field (missing or unsupported parameters), Cryptographic Failure, Permission
// Denied when the Usage Limits are spent.
// Multi-part (Init Indicator / Correlation Value / Final Indicator): see crypto/multi-part.ts.
import type { StructureItem } from '../ttlv/item.js';
import { invalidField } from '../messages/kmip-error.js';
import { CryptographicUsageMask, ObjectType } from '../spec/generated/enums.js';
import type { SignRequestPayload, SignResponsePayload } from '../messages/payloads/generated/types.js';
import type { OperationContext } from './support/operation-context.js';
import { defineOperation } from './support/record.js';
import { resolveUid } from './support/object-access.js';
import { effectiveParams } from './support/effective-params.js';
import { type KeyPurpose, loadUsableKey, spendUsage } from './support/key-use.js';
import { keyObjectOfBody } from '../crypto/asymmetric-keys.js';
import { signWith, signatureScheme } from '../crypto/signatures.js';
import { usableObject } from './support/key-wrapping.js';
import { multiPart } from './support/multi-part.js';

const SIGN: KeyPurpose = {
  mask: CryptographicUsageMask.Sign,
  protect: true,
  what: 'signing',
  objectTypes: new Set([ObjectType.PrivateKey]),
};

async function signOnce(request: SignRequestPayload, ctx: OperationContext): Promise<SignResponsePayload> {
  const uid = resolveUid(request.uniqueIdentifier, ctx);
  const obj = await loadUsableKey(ctx, uid, SIGN);
  const { data, digestedData } = request;
  if ((data === undefined) === (digestedData === undefined))
    throw invalidField('Sign needs either Data or Digested Data');
  const params = effectiveParams(request.cryptographicParameters, obj);
  const key = keyObjectOfBody((await usableObject(ctx, obj)).body as StructureItem);
  const scheme = signatureScheme(key, params);
  await spendUsage(ctx, obj, (data ?? digestedData)?.length ?? 0);
  return { uniqueIdentifier: uid, signatureData: signWith(key, scheme, data, digestedData) };
}

export const sign = defineOperation({
  operation: 'Sign',
  policy: { checkedAs: 'Get' },
  handler: multiPart(signOnce, true, (uid, correlationValue) => ({
    uniqueIdentifier: uid ?? '',
    correlationValue,
  })),
});

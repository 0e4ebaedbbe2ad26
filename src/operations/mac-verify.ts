// MAC Verify (KMIP 2.1 §6.1.33, 1.4 §4.34): recomputes the MAC of Data and compares it with MAC
// Data in constant time; answers Validity Indicator Valid or Invalid. Result Reasons (Table 264):
// Invalid Object Type, Wrong Key Lifecycle State, Incompatible Cryptographic Usage Mask (1.x:
// Permission Denied), Key Value Not Present, Invalid Field.
// Multi-part (Init Indicator / Correlation Value / Final Indicator): see crypto/multi-part.ts.
import { invalidField } from '../messages/kmip-error.js';
import { CryptographicUsageMask, ValidityIndicator } from '../spec/generated/enums.js';
import type {
  MACVerifyRequestPayload,
  MACVerifyResponsePayload,
} from '../messages/payloads/generated/types.js';
import type { OperationContext } from './support/operation-context.js';
import { defineOperation } from './support/record.js';
import { resolveUid } from './support/object-access.js';
import { effectiveParams } from './support/effective-params.js';
import { type KeyPurpose, SECRET_TYPES, loadUsableKey, secretKeyOf } from './support/key-use.js';
import { usableObject } from './support/key-wrapping.js';
import { macMatches, openMac } from '../crypto/mac.js';
import { multiPart } from './support/multi-part.js';

const MAC_VERIFY: KeyPurpose = {
  mask: CryptographicUsageMask.MACVerify,
  protect: false,
  what: 'MAC verification',
  objectTypes: SECRET_TYPES,
};

async function macVerifyOnce(
  request: MACVerifyRequestPayload,
  ctx: OperationContext,
): Promise<MACVerifyResponsePayload> {
  const uid = resolveUid(request.uniqueIdentifier, ctx);
  const obj = await loadUsableKey(ctx, uid, MAC_VERIFY);
  const { data, macData } = request;
  if (data === undefined || macData === undefined)
    throw invalidField('MAC Verify needs the Data and the MAC Data');
  const params = effectiveParams(request.cryptographicParameters, obj);
  const k = secretKeyOf(await usableObject(ctx, obj));
  const valid = macMatches(openMac(k.key, k.algorithm, params).update(data).digest(), macData);
  return {
    uniqueIdentifier: uid,
    validityIndicator: valid ? ValidityIndicator.Valid : ValidityIndicator.Invalid,
  };
}

export const macVerify = defineOperation({
  operation: 'MACVerify',
  policy: { checkedAs: 'Get' },
  handler: multiPart(macVerifyOnce, true, (uid, correlationValue) => ({
    uniqueIdentifier: uid ?? '',
    correlationValue,
  })),
});

// MAC (KMIP 2.1 §6.1.32, 1.4 §4.33): HMAC (SHA-1 … SHA-512, SHA-3, MD5) or CMAC over Data with a
// Symmetric Key or Secret Data. The algorithm comes from the Cryptographic Parameters (request, then
// the key's attribute) or the key's own algorithm. Result Reasons (Table 261): Invalid Object Type,
// Wrong Key Lifecycle State, Incompatible Cryptographic Usage Mask (1.x: Permission Denied, as
// PyKMIP), Key Value Not Present, Invalid Field, Permission Denied when the Usage Limits are spent.
// Multi-part (Init Indicator / Correlation Value / Final Indicator): see crypto/multi-part.ts.
import { invalidField } from '../messages/kmip-error.js';
import { CryptographicUsageMask } from '../spec/generated/enums.js';
import type { MACRequestPayload, MACResponsePayload } from '../messages/payloads/generated/types.js';
import type { OperationContext } from './support/operation-context.js';
import { defineOperation } from './support/record.js';
import { resolveUid } from './support/object-access.js';
import { effectiveParams } from './support/effective-params.js';
import { type KeyPurpose, SECRET_TYPES, loadUsableKey, secretKeyOf, spendUsage } from './support/key-use.js';
import { usableObject } from './support/key-wrapping.js';
import { openMac } from '../crypto/mac.js';
import { multiPart } from './support/multi-part.js';

const MAC: KeyPurpose = {
  mask: CryptographicUsageMask.MACGenerate,
  protect: true,
  what: 'MAC generation',
  objectTypes: SECRET_TYPES,
};

async function macOnce(request: MACRequestPayload, ctx: OperationContext): Promise<MACResponsePayload> {
  const uid = resolveUid(request.uniqueIdentifier, ctx);
  const obj = await loadUsableKey(ctx, uid, MAC);
  const data = request.data;
  if (data === undefined) throw invalidField('MAC needs the Data');
  const params = effectiveParams(request.cryptographicParameters, obj);
  const k = secretKeyOf(await usableObject(ctx, obj));
  const m = openMac(k.key, k.algorithm, params);
  await spendUsage(ctx, obj, data.length);
  return { uniqueIdentifier: uid, macData: m.update(data).digest() };
}

export const mac = defineOperation({
  operation: 'MAC',
  policy: { checkedAs: 'Get' },
  handler: multiPart(macOnce, true, (uid, correlationValue) => ({
    uniqueIdentifier: uid ?? '',
    correlationValue,
  })),
});

// MAC (KMIP 2.1 §6.1.32, 1.4 §4.33): HMAC (SHA-1 … SHA-512, SHA-3, MD5) or CMAC over Data with a
// Symmetric Key or Secret Data. The algorithm comes from the Cryptographic Parameters (request, then
// the key's attribute) or the key's own algorithm. Result Reasons (Table 261): Invalid Object Type,
// Wrong Key Lifecycle State, Incompatible Cryptographic Usage Mask (1.x: Permission Denied, as
// PyKMIP), Key Value Not Present, Invalid Field, Permission Denied when the Usage Limits are spent.
// Multi-part (Init Indicator / Correlation Value / Final Indicator): see crypto/multi-part.ts.
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { invalidField } from '../messages/kmip-error.js';
import { CryptographicUsageMask } from '../spec/generated/enums.js';
import type { OperationContext, OperationHandler } from './support/operation-context.js';
import { targetUid } from './support/object-access.js';
import { effectiveParams } from './support/effective-params.js';
import { type KeyPurpose, SECRET_TYPES, loadUsableKey, secretKeyOf, spendUsage } from './support/key-use.js';
import { bytesField, bytesItem, textItemOf } from '../crypto/request-fields.js';
import { usableObject } from './support/key-wrapping.js';
import { openMac } from '../crypto/mac.js';
import { multiPart } from './support/multi-part.js';

const MAC: KeyPurpose = {
  mask: CryptographicUsageMask.MACGenerate,
  protect: true,
  what: 'MAC generation',
  objectTypes: SECRET_TYPES,
};

async function macOnce(payload: StructureItem, ctx: OperationContext): Promise<readonly TtlvItem[]> {
  const uid = targetUid(payload, ctx);
  const obj = await loadUsableKey(ctx, uid, MAC);
  const data = bytesField(payload, Tag.Data);
  if (data === undefined) throw invalidField('MAC needs the Data');
  const params = effectiveParams(
    payload.value.find((c) => c.tag === Tag.CryptographicParameters),
    obj,
  );
  const k = secretKeyOf(await usableObject(ctx, obj));
  const m = openMac(k.key, k.algorithm, params);
  await spendUsage(ctx, obj, data.length);
  return [textItemOf(Tag.UniqueIdentifier, uid), bytesItem(Tag.MACData, m.update(data).digest())];
}

export const mac: OperationHandler = multiPart(macOnce, true);

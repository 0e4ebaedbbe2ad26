// Using a managed key for a cryptographic operation (KMIP 2.1 §3.22, §4.1, §4.40, §4.41, §4.59):
// the object must be of a type the operation takes, Active, inside its Process Start / Protect Stop
// window, have the operation's usage mask bit, hold key material, and (for protecting operations)
// still have Usage Limits to spend. Reasons are the 2.x ones (Invalid Object Type, Wrong Key
// Lifecycle State, Incompatible Cryptographic Usage Mask); the engine answers 1.x clients with the
// 1.4 equivalent (Permission Denied, as PyKMIP and the OASIS 1.4 cases do).
import type { AttributeName } from '../../spec/generated/attributes.js';
import { KmipError } from '../../messages/kmip-error.js';
import { ObjectType, ResultReason, State, UsageLimitsUnit } from '../../spec/generated/enums.js';
import type { OperationContext } from './operation-context.js';
import {
  type ManagedObject,
  enumAttribute,
  firstAttribute,
  withSingle,
} from '../../objects/managed-object.js';
import { loadObject, saveObject } from './object-access.js';
import { stateName, stateOf } from '../../objects/lifecycle.js';
import { keyBlockOf } from '../../messages/payloads/key-block.js';
import { usageRemaining, withUsageRemaining } from '../../objects/usage-limits.js';
import { enumValueName } from '../../spec/registry.js';
import { plainKeyBytes } from '../../crypto/key-format.js';
import { usageUnit } from '../../objects/usage-limits.js';

export interface KeyPurpose {
  /** The Cryptographic Usage Mask bit the key must have. */
  readonly mask: number;
  /**
   * Applying protection (Encrypt, Sign, MAC, Wrap: true) ends at Protect Stop Date; processing
   * (false) begins at Process Start Date; undefined checks neither (Derive Key).
   */
  readonly protect?: boolean;
  /** What the key is for, for messages ("encryption"). */
  readonly what: string;
  readonly objectTypes: ReadonlySet<number>;
  /** Pre-Active keys are accepted too (Derive Key at KMIP 1.x, as pykmip-server does). */
  readonly allowPreActive?: boolean;
}

export const SYMMETRIC_ONLY: ReadonlySet<number> = new Set([ObjectType.SymmetricKey]);
export const SECRET_TYPES: ReadonlySet<number> = new Set([ObjectType.SymmetricKey, ObjectType.SecretData]);

function seconds(d: Date): bigint {
  return BigInt(Math.floor(d.getTime() / 1000));
}

function dateOf(obj: ManagedObject, name: AttributeName): bigint | undefined {
  const v = firstAttribute(obj, name);
  return v?.type === 'DateTime' ? v.value : undefined;
}

/** Loads `uid` and checks it can serve `purpose` now; throws the Result Reason otherwise. */
export async function loadUsableKey(
  ctx: OperationContext,
  uid: string,
  purpose: KeyPurpose,
): Promise<ManagedObject> {
  const obj = await loadObject(ctx, uid);
  if (!purpose.objectTypes.has(obj.objectType)) {
    const t = enumValueName('ObjectType', obj.objectType) ?? String(obj.objectType);
    throw new KmipError(ResultReason.InvalidObjectType, `a ${t} cannot be used for ${purpose.what}`);
  }
  const state = stateOf(obj);
  const stateOk = state === State.Active || (purpose.allowPreActive === true && state === State.PreActive);
  if (!stateOk) {
    throw new KmipError(
      ResultReason.WrongKeyLifecycleState,
      `the key is ${stateName(state)}; ${purpose.what} needs an Active key`,
    );
  }
  const now = seconds(ctx.now);
  if (purpose.protect === true) {
    const stop = dateOf(obj, 'Protect Stop Date');
    if (stop !== undefined && stop <= now) {
      throw new KmipError(
        ResultReason.WrongKeyLifecycleState,
        `the key's Protect Stop Date has passed; it may no longer be used for ${purpose.what}`,
      );
    }
  } else if (purpose.protect === false) {
    const start = dateOf(obj, 'Process Start Date');
    if (start !== undefined && start > now) {
      throw new KmipError(
        ResultReason.WrongKeyLifecycleState,
        `the key's Process Start Date is still to come; it may not yet be used for ${purpose.what}`,
      );
    }
  }
  const mask = enumAttribute(obj, 'Cryptographic Usage Mask') ?? 0;
  if ((mask & purpose.mask) === 0) {
    const bit = enumValueName('CryptographicUsageMask', purpose.mask) ?? String(purpose.mask);
    throw new KmipError(
      ResultReason.IncompatibleCryptographicUsageMask,
      `the key's Cryptographic Usage Mask lacks ${bit}`,
    );
  }
  if (obj.body === undefined)
    throw new KmipError(ResultReason.KeyValueNotPresent, 'the key has no key value');
  return obj;
}

/**
 * Takes `bytes` (or one object, for Unit Object) from the key's Usage Limits before a protecting
 * operation (2.1 §6.1.17: "If the allocation is unable to be obtained the operation SHALL return …
 * Permission Denied"). Objects without Usage Limits are not limited.
 */
export async function spendUsage(ctx: OperationContext, obj: ManagedObject, bytes: number): Promise<void> {
  const remaining = usageRemaining(obj);
  const limits = firstAttribute(obj, 'Usage Limits');
  if (remaining === undefined || limits?.type !== 'Structure') return;
  const amount = usageUnit(obj) === UsageLimitsUnit.Object ? 1n : BigInt(bytes);
  if (amount > remaining) {
    throw new KmipError(
      ResultReason.PermissionDenied,
      `the key's Usage Limits allow ${remaining} more, not ${amount}`,
    );
  }
  const attrs = withSingle(obj.attributes, 'Usage Limits', withUsageRemaining(limits, remaining - amount));
  await saveObject(ctx, obj, { ...obj, attributes: attrs });
}

export interface SecretKey {
  readonly key: Uint8Array;
  readonly algorithm: number | undefined;
  readonly length: number | undefined;
}

/** The plain key bytes of a Symmetric Key or Secret Data object. */
export function secretKeyOf(obj: ManagedObject): SecretKey {
  const view = keyBlockOf(obj.body);
  const key = view === undefined ? undefined : plainKeyBytes(view);
  if (view === undefined || key === undefined) {
    const why = view?.wrapped === true ? 'is stored wrapped' : 'has no plain key material';
    throw new KmipError(ResultReason.KeyValueNotPresent, `the key ${why}`);
  }
  return {
    key,
    algorithm: view.algorithm ?? enumAttribute(obj, 'Cryptographic Algorithm'),
    length: view.length,
  };
}

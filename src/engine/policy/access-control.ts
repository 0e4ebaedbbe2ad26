// Adapts the policy registry and decision to the engine's AccessControl interface.
import type { Logger } from '../../log/logger.js';
import type { ManagedObject } from '../../objects/managed-object.js';
import { textAttribute } from '../../objects/managed-object.js';
import type { AccessControl } from '../../operations/support/operation-context.js';
import { isAllowed } from './decide.js';
import type { PolicyLookup } from './model.js';
import { DEFAULT_POLICY_NAME } from './model.js';
import { PolicyOperation as Op } from './names.js';

/**
 * Operations PyKMIP checks under the Get permission rather than their own (engine.py: Encrypt,
 * Decrypt, Sign, Signature Verify and MAC call _get_object_with_access_controls(uid, GET): "The
 * KMIP spec does not indicate that the Encrypt operation should have it's own operation policy
 * entry"; Derive Key checks GET on its base objects). The built-in tables have no entry for these
 * operations, so checking them as themselves would deny them to everyone. MAC Verify, which PyKMIP
 * does not implement, follows MAC. Create Split Key (on the key it splits) and Join Split Key (on
 * its parts), which PyKMIP lacks, read key material as Get does and are checked the same way.
 */
const CHECKED_AS_GET: ReadonlySet<number> = new Set([
  Op.ENCRYPT,
  Op.DECRYPT,
  Op.SIGN,
  Op.SIGNATURE_VERIFY,
  Op.MAC,
  Op.MAC_VERIFY,
  Op.DERIVE_KEY,
  Op.CREATE_SPLIT_KEY,
  Op.JOIN_SPLIT_KEY,
]);

/** The operation whose permission governs `operation` on an existing object. */
export function policyOperationFor(operation: number): number {
  return CHECKED_AS_GET.has(operation) ? Op.GET : operation;
}

export function policyAccessControl(policies: PolicyLookup, logger?: Logger): AccessControl {
  return {
    defaultPolicyName: DEFAULT_POLICY_NAME,
    allowed(
      obj: ManagedObject,
      operation: number,
      identity: string,
      groups: readonly string[] | undefined,
    ): boolean {
      return isAllowed({
        policies,
        policyName: textAttribute(obj, 'Operation Policy Name'),
        objectType: obj.objectType,
        operation: policyOperationFor(operation),
        identity,
        owner: obj.owner,
        groups,
        logger,
      });
    },
    policyExists(name: string): boolean {
      return policies.get(name) !== undefined;
    },
    // PyKMIP docs "Create"/"CreateKeyPair"/"Register": "All users are allowed to create symmetric
    // keys" / "asymmetric keys" / "register objects"; PyKMIP's engine checks no policy for them.
    mayCreate(): boolean {
      return true;
    },
  };
}

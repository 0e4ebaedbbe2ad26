// Adapts the policy registry and decision to the engine's AccessControl interface.
import type { Logger } from '../../log/logger.js';
import type { ManagedObject } from '../../objects/managed-object.js';
import { textAttribute } from '../../objects/managed-object.js';
import type { AccessControl } from '../../operations/support/operation-context.js';
import { isAllowed } from './decide.js';
import type { PolicyLookup } from './model.js';
import { DEFAULT_POLICY_NAME } from './model.js';

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
        operation,
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

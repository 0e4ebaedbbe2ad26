// Adapts the policy registry and decision to the engine's AccessControl interface.
import type { Logger } from '../../log/logger.js';
import type { ManagedObject } from '../../objects/managed-object.js';
import { textAttribute } from '../../objects/managed-object.js';
import type { AccessControl } from '../../operations/support/operation-context.js';
import { ObjectType } from '../../spec/generated/enums.js';
import type { PolicyGrant, Visibility } from '../../store/locate-query.js';
import { isAllowed } from './decide.js';
import type { PolicyCatalog } from './model.js';
import { DEFAULT_POLICY_NAME } from './model.js';

const OBJECT_TYPES: readonly number[] = Object.values(ObjectType);

/**
 * Which objects `identity` may perform `operation` on (the operation its permission is checked
 * as: the record's policy), as grants: per policy in force, the object
 * types everyone may use (Allow All, for this identity's groups) and those only their owner may.
 * The decision is isAllowed's own, asked once as the owner and once as anyone else.
 */
export function visibleGrants(
  policies: PolicyCatalog,
  operation: number,
  identity: string,
  groups: readonly string[] | undefined,
): Visibility {
  const own: PolicyGrant[] = [];
  const anyOwner: PolicyGrant[] = [];
  for (const policyName of policies.names()) {
    const ownTypes: number[] = [];
    const anyTypes: number[] = [];
    for (const objectType of OBJECT_TYPES) {
      const q = {
        policies,
        policyName,
        objectType,
        operation,
        identity,
        groups,
      };
      if (isAllowed({ ...q, owner: undefined })) anyTypes.push(objectType);
      else if (isAllowed({ ...q, owner: identity })) ownTypes.push(objectType);
    }
    if (ownTypes.length > 0) own.push({ policy: policyName, objectTypes: ownTypes });
    if (anyTypes.length > 0) anyOwner.push({ policy: policyName, objectTypes: anyTypes });
  }
  return { identity, own, anyOwner };
}

export function policyAccessControl(policies: PolicyCatalog, logger?: Logger): AccessControl {
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
    visibility(operation: number, identity: string, groups: readonly string[] | undefined): Visibility {
      return visibleGrants(policies, operation, identity, groups);
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

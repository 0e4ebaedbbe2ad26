// Adapts the policy registry and decision to the engine's AccessControl interface.
import type { Logger } from '../logger.js';
import type { ManagedObject } from '../managed-object.js';
import { textAttribute } from '../managed-object.js';
import type { AccessControl } from '../operation-context.js';
import { ObjectType } from '../../spec/generated/enums.js';
import type { PolicyGrant, Visibility } from '../../store/locate-query.js';
import { isAllowed } from './decide.js';
import type { PolicyCatalog } from './model.js';
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

const OBJECT_TYPES: readonly number[] = Object.values(ObjectType);

/**
 * Which objects `identity` may perform `operation` on, as grants: per policy in force, the object
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
        operation: policyOperationFor(operation),
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
        operation: policyOperationFor(operation),
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

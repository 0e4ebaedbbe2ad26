// The access decision: may `identity` perform `operation` on an object of `objectType` owned by
// `owner` under the policy the object names? Rules, with their sources ("docs" = the PyKMIP server
// documentation, docs/source/server.rst; "engine" = PyKMIP kmip/services/server/engine.py):
//  R1 An object naming no policy is under `default` (docs "Access Control": "If no operation
//     policy is included in the creation request, the server automatically assigns it the default
//     operation policy"; PyKMIP's object model gives the column the default 'default').
//  R2 A policy name the registry does not know denies everything (engine
//     get_relevant_policy_section: "The '…' policy does not exist." -> not allowed).
//  R3 Without group information (no third-party authentication; `groups` undefined) the `preset`
//     collection decides (docs "Policy Files": "If client authentication succeeds but no group
//     information is available, the controls belonging to the preset collection are enforced").
//  R4 …and a policy with only `groups` then denies everything (docs "Policy Files": "If group
//     information is not provided but only groups controls are defined, Disallow All will be the
//     only enforced control for the policy").
//  R5 With group information and a `groups` collection, each of the client's groups is looked up;
//     the most permissive answer wins, i.e. allowed if any group allows (docs "Policy Files":
//     "Users belonging to both groups will receive the most permissive permissions"; engine
//     _is_allowed_by_operation_policy returns True on the first group that allows). Groups the
//     policy does not name contribute nothing, so a client in none of them is denied (engine: "The
//     '…' policy does not support group '…'" -> not allowed), an empty group list included.
//  R6 With group information and only a `preset` collection, the preset decides (docs "Policy
//     Files": "If group information is provided but only preset controls are defined, the preset
//     controls will be enforced"). NOTE: PyKMIP's engine code denies here instead ("The '…' policy
//     does not support groups." -> None); we follow the documented rule, which keeps `default`
//     and `public` objects usable when SLUGS is enabled.
//  R7 An object type or operation the table does not cover is Disallow All (docs "Access
//     Control": "If a policy does not cover a specific object type or operation, the server
//     defaults to the safest option and acts as if the permission was set to Disallow All").
//  R8 Allow All allows any authenticated client; Allow Owner allows only a client whose identity
//     equals the object's owner (an object without an owner has none to match); Disallow All
//     denies everyone (docs "Access Control", the three permissions and step 5 of the example).
import type { Logger } from '../../log/logger.js';
import type { OperationTable, PolicyLookup } from './model.js';
import { DEFAULT_POLICY_NAME } from './model.js';
import { Permission } from './names.js';

export interface AccessQuery {
  readonly policies: PolicyLookup;
  /** The object's Operation Policy Name attribute; undefined when it has none (R1). */
  readonly policyName: string | undefined;
  readonly objectType: number;
  readonly operation: number;
  /** The client identity (PyKMIP: the certificate's common name, or the SLUGS user). */
  readonly identity: string;
  readonly owner: string | undefined;
  /** The client's groups from third-party authentication; undefined = no group information. */
  readonly groups?: readonly string[] | undefined;
  /** Receives PyKMIP's diagnostics for denials (unknown policy, uncovered type/operation). */
  readonly logger?: Logger | undefined;
}

function tableAllows(q: AccessQuery, policyName: string, tbl: OperationTable): boolean {
  const perType = tbl.get(q.objectType);
  if (perType === undefined) {
    q.logger?.debug('policy does not apply to the object type', {
      policy: policyName,
      objectType: q.objectType,
    });
    return false; // R7
  }
  const perm = perType.get(q.operation);
  if (perm === undefined) {
    q.logger?.debug('policy does not apply to the operation', {
      policy: policyName,
      objectType: q.objectType,
      operation: q.operation,
    });
    return false; // R7
  }
  switch (perm) {
    case Permission.ALLOW_ALL:
      return true; // R8
    case Permission.ALLOW_OWNER:
      return q.owner !== undefined && q.identity === q.owner; // R8
    case Permission.DISALLOW_ALL:
      return false; // R8
  }
}

/** True when the query's client may perform the operation on the object (rules R1–R8 above). */
export function isAllowed(q: AccessQuery): boolean {
  const policyName = q.policyName ?? DEFAULT_POLICY_NAME; // R1
  const policy = q.policies.get(policyName);
  if (policy === undefined) {
    q.logger?.warn('operation policy does not exist', { policy: policyName }); // R2
    return false;
  }
  if (q.groups !== undefined && policy.groups !== undefined) {
    for (const group of q.groups) {
      const tbl = policy.groups.get(group);
      if (tbl !== undefined && tableAllows(q, policyName, tbl)) return true; // R5
    }
    return false; // R5
  }
  if (policy.preset === undefined) return false; // R4 (and a policy with no sections at all)
  return tableAllows(q, policyName, policy.preset); // R3, R6
}

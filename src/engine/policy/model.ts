// The operation policy model (PyKMIP docs "Access Control" and "Policy Files"): a policy maps
// Object Type -> Operation -> Permission, once as the `preset` collection (used when the client
// has no group information) and/or once per group in the `groups` collection.
import type { Permission } from './names.js';

/** Object Type value -> Operation value -> Permission. */
export type OperationTable = ReadonlyMap<number, ReadonlyMap<number, Permission>>;

export interface OperationPolicy {
  /** Absent when the policy defines no (or an empty) `preset` section. */
  readonly preset?: OperationTable;
  /** Group name -> table. Absent when the policy defines no (or an empty) `groups` section. */
  readonly groups?: ReadonlyMap<string, OperationTable>;
}

/** What the access decision needs from a registry: a policy by name. */
export interface PolicyLookup {
  get(name: string): OperationPolicy | undefined;
}

/** A registry that can also list its policies (to tell which objects a Locate may see). */
export interface PolicyCatalog extends PolicyLookup {
  /** The name of every policy in force, built-ins included. */
  names(): readonly string[];
}

/** The policy objects get when their creator names none (PyKMIP docs "Access Control"). */
export const DEFAULT_POLICY_NAME = 'default';

/** Built-in names no policy file can redefine (PyKMIP docs "Reserved Operation Policies"). */
export const RESERVED_POLICY_NAMES: readonly string[] = Object.freeze(['default', 'public']);

/** Builds a policy, leaving out empty sections (PyKMIP drops an empty `preset`/`groups` too). */
export function makePolicy(
  preset: OperationTable | undefined,
  groups: ReadonlyMap<string, OperationTable> | undefined,
): OperationPolicy {
  const hasPreset = preset !== undefined && preset.size > 0;
  const hasGroups = groups !== undefined && groups.size > 0;
  if (hasPreset && hasGroups) return { preset, groups };
  if (hasPreset) return { preset };
  if (hasGroups) return { groups };
  return {};
}

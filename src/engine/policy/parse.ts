// Parses one operation policy file (PyKMIP docs "Policy Files"; the file rules are those of
// PyKMIP's kmip/core/policy.py `read_policy_from_file`):
//  - the file is a JSON object mapping policy names to policies; one file may hold several;
//  - a policy whose sections are all `preset`/`groups` is the current format: `preset` maps
//    object type -> operation -> permission, `groups` maps group name -> the same;
//  - a policy whose keys are all object type names is the older format, read as its `preset`;
//  - a policy with no keys at all is skipped;
//  - anything else (a mix, an unknown object type/operation/permission name, a non-object where an
//    object belongs, invalid JSON) makes the whole file invalid: PyKMIP loads none of it.
import type { OperationPolicy, OperationTable } from './model.js';
import { makePolicy } from './model.js';
import type { Permission } from './names.js';
import { objectTypeByName, operationByName, permissionByName } from './names.js';

export class PolicyFileError extends Error {
  override readonly name = 'PolicyFileError';
}

type JsonObject = Record<string, unknown>;

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** PyKMIP tests sections for truthiness: null, {} and [] mean "no section". */
function isEmptySection(v: unknown): boolean {
  return (
    v === null ||
    v === undefined ||
    (Array.isArray(v) && v.length === 0) ||
    (isObject(v) && Object.keys(v).length === 0)
  );
}

function parseTable(raw: unknown, where: string): OperationTable {
  if (!isObject(raw)) throw new PolicyFileError(`${where} must be an object of object types`);
  const out = new Map<number, Map<number, Permission>>();
  for (const [typeName, ops] of Object.entries(raw)) {
    const type = objectTypeByName(typeName);
    if (type === undefined) throw new PolicyFileError(`'${typeName}' is not a valid ObjectType value.`);
    if (!isObject(ops))
      throw new PolicyFileError(`${where}: '${typeName}' must map operations to permissions`);
    const perOp = new Map<number, Permission>();
    for (const [opName, permName] of Object.entries(ops)) {
      const op = operationByName(opName);
      if (op === undefined) throw new PolicyFileError(`'${opName}' is not a valid Operation value.`);
      const perm = typeof permName === 'string' ? permissionByName(permName) : undefined;
      if (perm === undefined) throw new PolicyFileError(`'${String(permName)}' is not a valid Policy value.`);
      perOp.set(op, perm);
    }
    out.set(type, perOp);
  }
  return out;
}

function parseGroups(raw: unknown, policyName: string): Map<string, OperationTable> {
  if (!isObject(raw))
    throw new PolicyFileError(`Policy '${policyName}': 'groups' must be an object of groups`);
  const out = new Map<string, OperationTable>();
  for (const [group, tbl] of Object.entries(raw)) {
    out.set(group, parseTable(tbl, `Policy '${policyName}' group '${group}'`));
  }
  return out;
}

function parsePolicy(name: string, body: JsonObject): OperationPolicy {
  const keys = Object.keys(body);
  if (keys.every((k) => k === 'preset' || k === 'groups')) {
    const preset = isEmptySection(body.preset)
      ? undefined
      : parseTable(body.preset, `Policy '${name}' preset`);
    const groups = isEmptySection(body.groups) ? undefined : parseGroups(body.groups, name);
    return makePolicy(preset, groups);
  }
  if (keys.every((k) => objectTypeByName(k) !== undefined)) {
    return makePolicy(parseTable(body, `Policy '${name}'`), undefined);
  }
  const invalid = keys.find((k) => k !== 'preset' && k !== 'groups' && objectTypeByName(k) === undefined);
  // A mix of sections and object types has no invalid key of its own; name the first key then.
  throw new PolicyFileError(
    `Policy '${name}' contains an invalid section named: ${invalid ?? keys[0] ?? ''}`,
  );
}

/**
 * Parses a policy file's text into its policies, in file order. Reserved names are returned too:
 * throwing them out (with a warning) is the registry's job. Throws PolicyFileError.
 */
export function parsePolicyFile(text: string): Map<string, OperationPolicy> {
  let blob: unknown;
  try {
    blob = JSON.parse(text);
  } catch (e) {
    throw new PolicyFileError(`the policy file generated a JSON error: ${(e as Error).message}`);
  }
  if (!isObject(blob)) throw new PolicyFileError('the policy file must hold a JSON object of named policies');
  const out = new Map<string, OperationPolicy>();
  for (const [name, body] of Object.entries(blob)) {
    if (!isObject(body)) throw new PolicyFileError(`Policy '${name}' must be a JSON object`);
    if (Object.keys(body).length === 0) continue;
    out.set(name, parsePolicy(name, body));
  }
  return out;
}

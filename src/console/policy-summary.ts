// The operation policies in force (PyKMIP docs "Access Control", "Policy Files"), for the web
// console's read-only view: each policy's preset and group tables, spelled as policy files spell
// them (SYMMETRIC_KEY → GET → ALLOW_OWNER), so an operator can compare them with the files.
import {
  BUILTIN_POLICIES,
  PolicyObjectType,
  PolicyOperation,
  type OperationPolicy,
  type OperationTable,
} from '../engine/policy/index.js';
import type { PolicyInfo } from './console-api.js';

type Table = Record<string, Record<string, string>>;

function reverse(table: Readonly<Record<string, number>>): Map<number, string> {
  return new Map(Object.entries(table).map(([name, value]) => [value, name]));
}

const OBJECT_TYPE_NAMES = reverse(PolicyObjectType);
const OPERATION_NAMES = reverse(PolicyOperation);

function tableOf(t: OperationTable): Table {
  const out: Table = {};
  for (const [objectType, operations] of t) {
    const row: Record<string, string> = {};
    for (const [operation, permission] of operations)
      row[OPERATION_NAMES.get(operation) ?? String(operation)] = permission;
    out[OBJECT_TYPE_NAMES.get(objectType) ?? String(objectType)] = row;
  }
  return out;
}

export function policyInfo(name: string, p: OperationPolicy): PolicyInfo {
  const groups: Record<string, Table> = {};
  for (const [group, t] of p.groups ?? []) groups[group] = tableOf(t);
  return {
    name,
    builtin: BUILTIN_POLICIES.has(name),
    ...(p.preset === undefined ? {} : { preset: tableOf(p.preset) }),
    ...(p.groups === undefined ? {} : { groups }),
  };
}

/** Every policy a registry knows, built-ins first. */
export function policiesInForce(registry: {
  names(): string[];
  get(name: string): OperationPolicy | undefined;
}): PolicyInfo[] {
  const out: PolicyInfo[] = [];
  for (const name of registry.names()) {
    const p = registry.get(name);
    if (p !== undefined) out.push(policyInfo(name, p));
  }
  return out;
}

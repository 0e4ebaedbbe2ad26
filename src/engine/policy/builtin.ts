// The two reserved, built-in operation policies, `default` and `public` (PyKMIP docs "Reserved
// Operation Policies", tables "default policy" and "public policy"; PyKMIP kmip/core/policy.py
// `policies`). Both are preset-only. PyKMIP's tables also give Set Attribute the same permission as
// Add/Modify/Delete Attribute (the docs' tables predate it); we follow the code. The docs' row
// "Secret Data | Modify" is Modify Attribute in the code. Certificate Request (KMIP 2.0) and every
// operation not listed here are uncovered, hence Disallow All. The rows come from the operations'
// records (operations/support/record.ts PolicyRule): each names its class, and the class decides
// who may perform it on each kind of object.
import type { OperationPolicy, OperationTable } from './model.js';
import { makePolicy } from './model.js';
import type { Permission as PermissionT } from './names.js';
import { Permission, PolicyObjectType as T } from './names.js';
import { OPERATIONS } from '../../operations/dispatch.js';
import type { PolicyClass } from '../../operations/support/record.js';

const { ALLOW_ALL, ALLOW_OWNER, DISALLOW_ALL } = Permission;

/** Who may perform an operation of each class (operations' records), per kind of object. */
interface ClassPermissions {
  /** Certificates and Public Keys: material anyone may read. */
  readonly material?: PermissionT;
  /** Symmetric, Private, Split and PGP keys, Secret Data, Opaque Data. */
  readonly secret?: PermissionT;
  /** Templates under `default`. */
  readonly template?: PermissionT;
  /** Templates under `public`. */
  readonly publicTemplate?: PermissionT;
}

const CLASSES: Readonly<Record<PolicyClass, ClassPermissions>> = {
  // Locate, Get, Get Attributes, Get Attribute List.
  read: { material: ALLOW_ALL, secret: ALLOW_OWNER, template: ALLOW_OWNER, publicTemplate: ALLOW_ALL },
  // Check, Obtain Lease.
  use: { material: ALLOW_ALL, secret: ALLOW_OWNER },
  // The attribute edits and Destroy.
  edit: { material: ALLOW_OWNER, secret: ALLOW_OWNER, template: ALLOW_OWNER, publicTemplate: DISALLOW_ALL },
  // Activate, Revoke, Archive, Recover.
  lifecycle: { material: ALLOW_OWNER, secret: ALLOW_OWNER },
  // Re-key, Re-key Key Pair, Derive Key, Get Usage Allocation.
  secret: { secret: ALLOW_OWNER },
};

type Rows = readonly (readonly [number, PermissionT])[];

/** The rows one column of the tables gets: every record with a class giving that column a permission. */
function rows(column: keyof ClassPermissions): Rows {
  const out: [number, PermissionT][] = [];
  for (const record of OPERATIONS.values()) {
    const cls = 'table' in record.policy ? record.policy.table : undefined;
    const permission = cls === undefined ? undefined : CLASSES[cls][column];
    if (permission !== undefined) out.push([record.code, permission]);
  }
  return out;
}

const PUBLIC_MATERIAL = rows('material');
const SECRET_MATERIAL = rows('secret');
const OWNER_TEMPLATE = rows('template');
const PUBLIC_TEMPLATE = rows('publicTemplate');

function table(entries: readonly (readonly [number, Rows])[]): OperationTable {
  return new Map(entries.map(([type, rows]) => [type, new Map(rows)]));
}

export const DEFAULT_POLICY: OperationPolicy = makePolicy(
  table([
    [T.CERTIFICATE, PUBLIC_MATERIAL],
    [T.SYMMETRIC_KEY, SECRET_MATERIAL],
    [T.PUBLIC_KEY, PUBLIC_MATERIAL],
    [T.PRIVATE_KEY, SECRET_MATERIAL],
    [T.SPLIT_KEY, SECRET_MATERIAL],
    [T.TEMPLATE, OWNER_TEMPLATE],
    [T.SECRET_DATA, SECRET_MATERIAL],
    [T.OPAQUE_DATA, SECRET_MATERIAL],
    [T.PGP_KEY, SECRET_MATERIAL],
  ]),
  undefined,
);

export const PUBLIC_POLICY: OperationPolicy = makePolicy(table([[T.TEMPLATE, PUBLIC_TEMPLATE]]), undefined);

/** The built-ins by name; a registry answers these before any file-defined policy. */
export const BUILTIN_POLICIES: ReadonlyMap<string, OperationPolicy> = new Map([
  ['default', DEFAULT_POLICY],
  ['public', PUBLIC_POLICY],
]);

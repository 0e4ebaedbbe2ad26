// The two reserved, built-in operation policies, `default` and `public` (PyKMIP docs "Reserved
// Operation Policies", tables "default policy" and "public policy"; PyKMIP kmip/core/policy.py
// `policies`). Both are preset-only. PyKMIP's tables also give Set Attribute the same permission as
// Add/Modify/Delete Attribute (the docs' tables predate it); we follow the code. The docs' row
// "Secret Data | Modify" is Modify Attribute in the code. Certificate Request (KMIP 2.0) and every
// operation not listed here are uncovered, hence Disallow All.
import type { OperationPolicy, OperationTable } from './model.js';
import { makePolicy } from './model.js';
import type { Permission as PermissionT } from './names.js';
import { Permission, PolicyObjectType as T, PolicyOperation as Op } from './names.js';

const { ALLOW_ALL, ALLOW_OWNER, DISALLOW_ALL } = Permission;

type Rows = readonly (readonly [number, PermissionT])[];

const ATTRIBUTE_EDITS = [Op.ADD_ATTRIBUTE, Op.MODIFY_ATTRIBUTE, Op.DELETE_ATTRIBUTE, Op.SET_ATTRIBUTE];

/** Certificate and Public Key: readable by everyone, changed only by the owner. */
const PUBLIC_MATERIAL: Rows = [
  [Op.LOCATE, ALLOW_ALL],
  [Op.CHECK, ALLOW_ALL],
  [Op.GET, ALLOW_ALL],
  [Op.GET_ATTRIBUTES, ALLOW_ALL],
  [Op.GET_ATTRIBUTE_LIST, ALLOW_ALL],
  ...ATTRIBUTE_EDITS.map((op) => [op, ALLOW_OWNER] as const),
  [Op.OBTAIN_LEASE, ALLOW_ALL],
  [Op.ACTIVATE, ALLOW_OWNER],
  [Op.REVOKE, ALLOW_OWNER],
  [Op.DESTROY, ALLOW_OWNER],
  [Op.ARCHIVE, ALLOW_OWNER],
  [Op.RECOVER, ALLOW_OWNER],
];

/** Symmetric, Private, Split and PGP keys, Secret Data, Opaque Data: owner only. */
const SECRET_MATERIAL: Rows = [
  Op.REKEY,
  Op.REKEY_KEY_PAIR,
  Op.DERIVE_KEY,
  Op.LOCATE,
  Op.CHECK,
  Op.GET,
  Op.GET_ATTRIBUTES,
  Op.GET_ATTRIBUTE_LIST,
  ...ATTRIBUTE_EDITS,
  Op.OBTAIN_LEASE,
  Op.GET_USAGE_ALLOCATION,
  Op.ACTIVATE,
  Op.REVOKE,
  Op.DESTROY,
  Op.ARCHIVE,
  Op.RECOVER,
].map((op) => [op, ALLOW_OWNER] as const);

const TEMPLATE_READS = [Op.LOCATE, Op.GET, Op.GET_ATTRIBUTES, Op.GET_ATTRIBUTE_LIST];

const OWNER_TEMPLATE: Rows = [...TEMPLATE_READS, ...ATTRIBUTE_EDITS, Op.DESTROY].map(
  (op) => [op, ALLOW_OWNER] as const,
);

/** `public`: templates everyone may read and nobody may change or destroy. */
const PUBLIC_TEMPLATE: Rows = [
  ...TEMPLATE_READS.map((op) => [op, ALLOW_ALL] as const),
  ...[...ATTRIBUTE_EDITS, Op.DESTROY].map((op) => [op, DISALLOW_ALL] as const),
];

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

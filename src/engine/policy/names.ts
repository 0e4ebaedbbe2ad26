// The vocabulary of PyKMIP operation policy files: object types, operations and permissions,
// spelled as PyKMIP's JSON files spell them (the member names of its `enums.ObjectType`,
// `enums.Operation` and `enums.Policy`), mapped to the KMIP enumeration values of the registry
// (KMIP 2.1 §11 "Object Type" and Table 470 "Operation"; PyKMIP's values are the same).
import { ObjectType } from '../../spec/generated/enums.js';
import { enumInfo } from '../../spec/registry.js';

/** Object Type names accepted in policy files (PyKMIP spells Opaque Object "OPAQUE_DATA"). */
export const PolicyObjectType = Object.freeze({
  CERTIFICATE: ObjectType.Certificate,
  SYMMETRIC_KEY: ObjectType.SymmetricKey,
  PUBLIC_KEY: ObjectType.PublicKey,
  PRIVATE_KEY: ObjectType.PrivateKey,
  SPLIT_KEY: ObjectType.SplitKey,
  TEMPLATE: ObjectType.Template,
  SECRET_DATA: ObjectType.SecretData,
  OPAQUE_DATA: ObjectType.OpaqueObject,
  PGP_KEY: ObjectType.PGPKey,
  CERTIFICATE_REQUEST: ObjectType.CertificateRequest,
} as const);
export type PolicyObjectType = (typeof PolicyObjectType)[keyof typeof PolicyObjectType];

/**
 * Operation names accepted in policy files: PyKMIP's spelling of every operation of the registry
 * (its `enums.Operation` member names: 'Re-key Key Pair' is REKEY_KEY_PAIR, 'PKCS#11' is PKCS_11).
 * PyKMIP's own list ends at REPROVISION; the KMIP 2.1 operations after it are a superset it would
 * reject.
 */
export function policyOperationName(specName: string): string {
  return specName.toUpperCase().replace(/-/g, '').replace(/#/g, '_').replace(/\s+/g, '_');
}

export const PolicyOperation: Readonly<Record<string, number>> = Object.freeze(
  Object.fromEntries(
    (enumInfo('Operation')?.values ?? []).map((v) => [policyOperationName(v.name), v.value]),
  ),
);

/**
 * The three permissions (PyKMIP docs "Access Control": Allow All, Allow Owner, Disallow All).
 * Files spell them ALLOW_ALL / ALLOW_OWNER / DISALLOW_ALL; PyKMIP rejects any other spelling
 * (e.g. "DISALLOW"), and so do we.
 */
export const Permission = Object.freeze({
  ALLOW_ALL: 'ALLOW_ALL',
  ALLOW_OWNER: 'ALLOW_OWNER',
  DISALLOW_ALL: 'DISALLOW_ALL',
} as const);
export type Permission = (typeof Permission)[keyof typeof Permission];

function lookup<T>(table: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(table, name) ? table[name] : undefined;
}

/** The value for a policy-file object type name (case-sensitive, as in PyKMIP), or undefined. */
export function objectTypeByName(name: string): number | undefined {
  return lookup<number>(PolicyObjectType, name);
}

/** The value for a policy-file operation name (case-sensitive, as in PyKMIP), or undefined. */
export function operationByName(name: string): number | undefined {
  return lookup<number>(PolicyOperation, name);
}

export function permissionByName(name: string): Permission | undefined {
  return lookup<Permission>(Permission, name);
}

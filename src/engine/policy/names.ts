// The vocabulary of PyKMIP operation policy files: object types, operations and permissions,
// spelled as PyKMIP's JSON files spell them (the member names of its `enums.ObjectType`,
// `enums.Operation` and `enums.Policy`), mapped to the KMIP enumeration values of the registry
// (KMIP 2.1 §11 "Object Type" and Table 470 "Operation"; PyKMIP's values are the same).
import { ObjectType, Operation } from '../../spec/generated/enums.js';

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
 * Operation names accepted in policy files. Everything up to REPROVISION is PyKMIP's list; the
 * KMIP 2.1 additions after it (SET_DEFAULTS … PING) are a superset PyKMIP would reject.
 */
export const PolicyOperation = Object.freeze({
  CREATE: Operation.Create,
  CREATE_KEY_PAIR: Operation.CreateKeyPair,
  REGISTER: Operation.Register,
  REKEY: Operation.ReKey,
  DERIVE_KEY: Operation.DeriveKey,
  CERTIFY: Operation.Certify,
  RECERTIFY: Operation.ReCertify,
  LOCATE: Operation.Locate,
  CHECK: Operation.Check,
  GET: Operation.Get,
  GET_ATTRIBUTES: Operation.GetAttributes,
  GET_ATTRIBUTE_LIST: Operation.GetAttributeList,
  ADD_ATTRIBUTE: Operation.AddAttribute,
  MODIFY_ATTRIBUTE: Operation.ModifyAttribute,
  DELETE_ATTRIBUTE: Operation.DeleteAttribute,
  OBTAIN_LEASE: Operation.ObtainLease,
  GET_USAGE_ALLOCATION: Operation.GetUsageAllocation,
  ACTIVATE: Operation.Activate,
  REVOKE: Operation.Revoke,
  DESTROY: Operation.Destroy,
  ARCHIVE: Operation.Archive,
  RECOVER: Operation.Recover,
  VALIDATE: Operation.Validate,
  QUERY: Operation.Query,
  CANCEL: Operation.Cancel,
  POLL: Operation.Poll,
  NOTIFY: Operation.Notify,
  PUT: Operation.Put,
  REKEY_KEY_PAIR: Operation.ReKeyKeyPair,
  DISCOVER_VERSIONS: Operation.DiscoverVersions,
  ENCRYPT: Operation.Encrypt,
  DECRYPT: Operation.Decrypt,
  SIGN: Operation.Sign,
  SIGNATURE_VERIFY: Operation.SignatureVerify,
  MAC: Operation.MAC,
  MAC_VERIFY: Operation.MACVerify,
  RNG_RETRIEVE: Operation.RNGRetrieve,
  RNG_SEED: Operation.RNGSeed,
  HASH: Operation.Hash,
  CREATE_SPLIT_KEY: Operation.CreateSplitKey,
  JOIN_SPLIT_KEY: Operation.JoinSplitKey,
  IMPORT: Operation.Import,
  EXPORT: Operation.Export,
  LOG: Operation.Log,
  LOGIN: Operation.Login,
  LOGOUT: Operation.Logout,
  DELEGATED_LOGIN: Operation.DelegatedLogin,
  ADJUST_ATTRIBUTE: Operation.AdjustAttribute,
  SET_ATTRIBUTE: Operation.SetAttribute,
  SET_ENDPOINT_ROLE: Operation.SetEndpointRole,
  PKCS_11: Operation.PKCS_11,
  INTEROP: Operation.Interop,
  REPROVISION: Operation.ReProvision,
  SET_DEFAULTS: Operation.SetDefaults,
  SET_CONSTRAINTS: Operation.SetConstraints,
  GET_CONSTRAINTS: Operation.GetConstraints,
  QUERY_ASYNCHRONOUS_REQUESTS: Operation.QueryAsynchronousRequests,
  PROCESS: Operation.Process,
  PING: Operation.Ping,
} as const);
export type PolicyOperation = (typeof PolicyOperation)[keyof typeof PolicyOperation];

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

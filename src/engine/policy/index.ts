// Operation-policy access control (PyKMIP server docs "Access Control", "Policy Files",
// "Reserved Operation Policies").
export { policyAccessControl } from './access-control.js';
export { BUILTIN_POLICIES, DEFAULT_POLICY, PUBLIC_POLICY } from './builtin.js';
export type { AccessQuery } from './decide.js';
export { isAllowed } from './decide.js';
export type { OperationPolicy, OperationTable, PolicyCatalog, PolicyLookup } from './model.js';
export { DEFAULT_POLICY_NAME, RESERVED_POLICY_NAMES, makePolicy } from './model.js';
export {
  Permission,
  PolicyObjectType,
  PolicyOperation,
  objectTypeByName,
  operationByName,
  permissionByName,
} from './names.js';
export { PolicyFileError, parsePolicyFile } from './parse.js';
export type { PolicyRegistryOptions } from './registry.js';
export { PolicyRegistry } from './registry.js';

// The operations this server performs, one record each (support/record.ts), and the dispatch map
// derived from them. Adding an operation: its handler file exports its record; list it here.
import type { AnyOperationRecord } from './support/record.js';
import { activate } from './activate.js';
import { create } from './create.js';
import { createKeyPair } from './create-key-pair.js';
import { decrypt } from './decrypt.js';
import { deriveKey } from './derive-key.js';
import { rekey } from './rekey.js';
import { rekeyKeyPair } from './rekey-key-pair.js';
import { encrypt } from './encrypt.js';
import { hash } from './hash.js';
import { mac } from './mac.js';
import { macVerify } from './mac-verify.js';
import { rngRetrieve } from './rng-retrieve.js';
import { rngSeed } from './rng-seed.js';
import { sign } from './sign.js';
import { signatureVerify } from './signature-verify.js';
import { destroy } from './destroy.js';
import { discoverVersions } from './discover-versions.js';
import { get } from './get.js';
import { getAttributeList } from './get-attribute-list.js';
import { getAttributes } from './get-attributes.js';
import { locate } from './locate.js';
import { query } from './query.js';
import { register } from './register.js';
import { revoke } from './revoke.js';
import { addAttribute } from './add-attribute.js';
import { setAttribute } from './set-attribute.js';
import { modifyAttribute } from './modify-attribute.js';
import { deleteAttribute } from './delete-attribute.js';
import { adjustAttribute } from './adjust-attribute.js';
import { archive } from './archive.js';
import { recover } from './recover.js';
import { check } from './check.js';
import { obtainLease } from './obtain-lease.js';
import { getUsageAllocation } from './get-usage-allocation.js';
import { interop } from './interop.js';
import { log } from './log.js';
import { createSplitKey } from './create-split-key.js';
import { joinSplitKey } from './join-split-key.js';
import { pkcs11 } from './pkcs11.js';
import { poll } from './poll.js';
import { cancel } from './cancel.js';
import { queryAsynchronousRequests } from './query-asynchronous-requests.js';
import { getConstraints } from './get-constraints.js';
import { setConstraints } from './set-constraints.js';
import { setEndpointRole } from './set-endpoint-role.js';
import { exportObject } from './export.js';
import { importObject } from './import.js';
import { validate } from './validate.js';
import { certify } from './certify.js';
import { reCertify } from './recertify.js';

const ENTRIES: readonly AnyOperationRecord[] = [
  create,
  createKeyPair,
  encrypt,
  decrypt,
  sign,
  signatureVerify,
  mac,
  macVerify,
  hash,
  rngRetrieve,
  rngSeed,
  deriveKey,
  rekey,
  rekeyKeyPair,
  register,
  get,
  getAttributes,
  getAttributeList,
  locate,
  activate,
  revoke,
  destroy,
  query,
  discoverVersions,
  addAttribute,
  setAttribute,
  modifyAttribute,
  deleteAttribute,
  adjustAttribute,
  archive,
  recover,
  check,
  obtainLease,
  getUsageAllocation,
  interop,
  log,
  createSplitKey,
  pkcs11,
  joinSplitKey,
  poll,
  cancel,
  queryAsynchronousRequests,
  getConstraints,
  setConstraints,
  setEndpointRole,
  exportObject,
  importObject,
  validate,
  certify,
  reCertify,
];

/** Operation value -> its record. */
export const OPERATIONS: ReadonlyMap<number, AnyOperationRecord> = new Map(ENTRIES.map((e) => [e.code, e]));

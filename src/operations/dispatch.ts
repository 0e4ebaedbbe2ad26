// The operations this server performs, one record each (support/record.ts), and the dispatch map
// derived from them. Adding an operation: its handler file exports its record; list it here.
import type { AnyOperationRecord } from './support/record.js';
import { type LegacyOperation, legacyOperation } from './support/legacy.js';
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

/** A record, or a handler still reading raw payloads (support/legacy.ts). */
export type DispatchEntry = AnyOperationRecord | LegacyOperation;

const ENTRIES: readonly DispatchEntry[] = [
  create,
  legacyOperation('CreateKeyPair', { none: true }, createKeyPair),
  encrypt,
  decrypt,
  sign,
  signatureVerify,
  mac,
  macVerify,
  hash,
  rngRetrieve,
  rngSeed,
  legacyOperation('DeriveKey', { table: 'secret', checkedAs: 'Get' }, deriveKey),
  legacyOperation('ReKey', { table: 'secret' }, rekey),
  legacyOperation('ReKeyKeyPair', { table: 'secret' }, rekeyKeyPair),
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
  legacyOperation('AddAttribute', { table: 'edit' }, addAttribute),
  legacyOperation('SetAttribute', { table: 'edit' }, setAttribute),
  legacyOperation('ModifyAttribute', { table: 'edit' }, modifyAttribute),
  legacyOperation('DeleteAttribute', { table: 'edit' }, deleteAttribute),
  legacyOperation('AdjustAttribute', { checkedAs: 'ModifyAttribute' }, adjustAttribute),
  archive,
  recover,
  legacyOperation('Check', { table: 'use' }, check),
  obtainLease,
  legacyOperation('GetUsageAllocation', { table: 'secret' }, getUsageAllocation),
  interop,
  log,
  legacyOperation('CreateSplitKey', { checkedAs: 'Get' }, createSplitKey),
  legacyOperation('JoinSplitKey', { checkedAs: 'Get' }, joinSplitKey),
];

/** Operation value -> its record. */
export const OPERATIONS: ReadonlyMap<number, DispatchEntry> = new Map(ENTRIES.map((e) => [e.code, e]));

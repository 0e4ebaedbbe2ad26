// The dispatch table: Operation -> handler. Adding an operation is one file here and one entry.
import { Operation } from '../spec/generated/enums.js';
import type { OperationHandler } from '../engine/operation-context.js';
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

export const OPERATION_HANDLERS: ReadonlyMap<number, OperationHandler> = new Map<number, OperationHandler>([
  [Operation.Create, create],
  [Operation.CreateKeyPair, createKeyPair],
  [Operation.Encrypt, encrypt],
  [Operation.Decrypt, decrypt],
  [Operation.Sign, sign],
  [Operation.SignatureVerify, signatureVerify],
  [Operation.MAC, mac],
  [Operation.MACVerify, macVerify],
  [Operation.Hash, hash],
  [Operation.RNGRetrieve, rngRetrieve],
  [Operation.RNGSeed, rngSeed],
  [Operation.DeriveKey, deriveKey],
  [Operation.ReKey, rekey],
  [Operation.ReKeyKeyPair, rekeyKeyPair],
  [Operation.Register, register],
  [Operation.Get, get],
  [Operation.GetAttributes, getAttributes],
  [Operation.GetAttributeList, getAttributeList],
  [Operation.Locate, locate],
  [Operation.Activate, activate],
  [Operation.Revoke, revoke],
  [Operation.Destroy, destroy],
  [Operation.Query, query],
  [Operation.DiscoverVersions, discoverVersions],
  [Operation.AddAttribute, addAttribute],
  [Operation.SetAttribute, setAttribute],
  [Operation.ModifyAttribute, modifyAttribute],
  [Operation.DeleteAttribute, deleteAttribute],
  [Operation.AdjustAttribute, adjustAttribute],
  [Operation.Archive, archive],
  [Operation.Recover, recover],
  [Operation.Check, check],
  [Operation.ObtainLease, obtainLease],
  [Operation.GetUsageAllocation, getUsageAllocation],
  [Operation.Interop, interop],
  [Operation.Log, log],
  [Operation.CreateSplitKey, createSplitKey],
  [Operation.PKCS_11, pkcs11],
  [Operation.JoinSplitKey, joinSplitKey],
]);

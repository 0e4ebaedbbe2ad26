// What an operation handler is given: who asks, in which protocol version, the store and access
// control, and the batch's shared state (the ID Placeholder, KMIP 2.1 §6.1 "ID Placeholder").
import type { StructureItem, TtlvItem } from '../../ttlv/item.js';
import type { VersionRules } from '../../messages/version-rules.js';
import type { Store } from '../../store/store.js';
import type { Logger } from '../../log/logger.js';
import type { ManagedObject } from '../../objects/managed-object.js';
import type { Visibility } from '../../store/locate-query.js';
import type { ServerInfo } from './server-info.js';

export interface AccessControl {
  /** True when `identity` (with `groups`) may perform `operation` on `obj`. */
  allowed(
    obj: ManagedObject,
    operation: number,
    identity: string,
    groups: readonly string[] | undefined,
  ): boolean;
  /** Which objects `identity` may perform `operation` on, for a store query (Locate). */
  visibility(operation: number, identity: string, groups: readonly string[] | undefined): Visibility;
  /** The policy name given to new objects that name none. */
  readonly defaultPolicyName: string;
  /** True when the policy is known (Create/Register with an unknown policy are refused). */
  policyExists(name: string): boolean;
  /** True when `identity` may create objects of this type under the policy. */
  mayCreate(
    policyName: string,
    objectType: number,
    operation: number,
    identity: string,
    groups: readonly string[] | undefined,
  ): boolean;
}

/** The writes of one batch, remembered so that Batch Error Continuation Option Undo can revert them. */
export interface UndoLog {
  /** The object before the batch first changed it; undefined = the batch created it. */
  readonly before: Map<string, ManagedObject | undefined>;
}

export interface OperationContext {
  readonly identity: string;
  readonly groups: readonly string[] | undefined;
  /** What the request's version asks beyond the form of its messages (messages/version-rules.ts). */
  readonly rules: VersionRules;
  readonly store: Store;
  readonly access: AccessControl;
  readonly server: ServerInfo;
  readonly log: Logger;
  /** The request's time, used for every date the batch sets. */
  readonly now: Date;
  readonly operation: number;
  /** The operation whose policy row governs this one on an existing object (Encrypt: Get). */
  readonly policyOperation: number;
  readonly batch: BatchState;
}

export interface BatchState {
  /** The Unique Identifier the last operation of the batch produced (ID Placeholder). */
  idPlaceholder: string | undefined;
  /** The private key of the last CreateKeyPair/ReKeyKeyPair, for the private-key placeholder. */
  privateKeyPlaceholder: string | undefined;
  readonly undo: UndoLog;
}

/** Handlers return the Response Payload's children; a KmipError becomes a failure item. */
export type OperationHandler = (
  payload: StructureItem,
  ctx: OperationContext,
) => Promise<readonly TtlvItem[]>;

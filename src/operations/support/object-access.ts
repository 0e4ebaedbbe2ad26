// Loading and saving objects on behalf of an operation: the ID Placeholder, existence, the
// operation policy check, time-driven state transitions, Last Change Date, and the undo log.
import { KmipError, invalidField, permissionDenied } from '../../messages/kmip-error.js';
import { ResultReason, State } from '../../spec/generated/enums.js';
import { ConcurrentUpdateError } from '../../store/store.js';
import { asObjectLimitError } from '../../store/object-limit.js';
import type { OperationContext } from './operation-context.js';
import { type ManagedObject, dateItem, firstAttribute, withSingle } from '../../objects/managed-object.js';
import { applyTimeTransitions, stateOf } from '../../objects/lifecycle.js';

/** The Unique Identifier a request names, or the batch's ID Placeholder when it names none. */
export function resolveUid(uid: string | undefined, ctx: OperationContext): string {
  if (uid !== undefined) return uid;
  if (ctx.batch.idPlaceholder !== undefined) return ctx.batch.idPlaceholder;
  throw invalidField(
    'the request names no Unique Identifier and no earlier batch item set the ID Placeholder',
  );
}

export interface LoadOptions {
  /** Destroyed objects are returned rather than refused (GetAttributes, Revoke …). */
  readonly allowDestroyed?: boolean;
  /** Archived objects are returned rather than refused with Object Archived (Recover). */
  readonly allowArchived?: boolean;
}

/**
 * The object `uid` if the caller may perform the context's operation on it. PyKMIP answers an
 * object the caller may not use with Permission Denied and the same "could not locate" text as a
 * missing one, so nothing tells whether another tenant's object exists.
 */
export async function loadObject(
  ctx: OperationContext,
  uid: string,
  opts: LoadOptions = {},
): Promise<ManagedObject> {
  const stored = await ctx.store.get(uid);
  // Object Not Found is the 2.x name; 1.x replies carry Item Not Found (result-reason-version.ts).
  if (stored === undefined)
    throw new KmipError(ResultReason.ObjectNotFound, `Could not locate object: ${uid}`);
  if (!ctx.access.allowed(stored, ctx.policyOperation, ctx.identity, ctx.groups)) {
    throw permissionDenied(`Could not locate object: ${uid}`);
  }
  const obj = await persistTimeTransitions(ctx, stored);
  const state = stateOf(obj);
  if (opts.allowDestroyed !== true && (state === State.Destroyed || state === State.DestroyedCompromised)) {
    // KMIP 2.x has Object Destroyed; 1.x replies say Item Not Found (result-reason-version.ts).
    throw new KmipError(ResultReason.ObjectDestroyed, `object ${uid} has been destroyed`);
  }
  // KMIP 2.1 §6.1: "any archived object SHALL first be made available by a Recover operation".
  if (opts.allowArchived !== true && firstAttribute(obj, 'Archive Date') !== undefined) {
    throw new KmipError(ResultReason.ObjectArchived, `object ${uid} is archived; Recover it first`);
  }
  return obj;
}

/** Writes a changed object, stamping Last Change Date and remembering it for Undo. */
/**
 * Applies and stores the transitions time has made (Activation/Deactivation Date reached). When a
 * concurrent request stored first, its version is read back: the transition is the same.
 */
async function persistTimeTransitions(ctx: OperationContext, stored: ManagedObject): Promise<ManagedObject> {
  const next = applyTimeTransitions(stored, ctx.now);
  if (next === stored) return stored;
  try {
    await ctx.store.update({ ...next, revision: stored.revision + 1 });
    return { ...next, revision: stored.revision + 1 };
  } catch (err) {
    if (!(err instanceof ConcurrentUpdateError)) throw err;
    const again = await ctx.store.get(stored.uid);
    if (again === undefined)
      throw new KmipError(ResultReason.ObjectNotFound, `Could not locate object: ${stored.uid}`);
    return applyTimeTransitions(again, ctx.now);
  }
}

export async function saveObject(
  ctx: OperationContext,
  before: ManagedObject,
  after: ManagedObject,
): Promise<ManagedObject> {
  const next: ManagedObject = {
    ...after,
    attributes: withSingle(after.attributes, 'Last Change Date', dateItem('Last Change Date', ctx.now)),
    revision: before.revision + 1,
  };
  if (!ctx.batch.undo.before.has(before.uid)) ctx.batch.undo.before.set(before.uid, before);
  await ctx.store.update(next);
  return next;
}

/** Stores `after` in place of `before` as given (Import with Replace Existing), remembered for Undo. */
export async function replaceObject(
  ctx: OperationContext,
  before: ManagedObject,
  after: ManagedObject,
): Promise<void> {
  if (!ctx.batch.undo.before.has(before.uid)) ctx.batch.undo.before.set(before.uid, before);
  await ctx.store.update({ ...after, revision: before.revision + 1 });
}

/** Removes an object and all its metadata (a destroyed Template, KMIP 1.4 §4.21), remembered for Undo. */
export async function removeObject(ctx: OperationContext, obj: ManagedObject): Promise<void> {
  if (!ctx.batch.undo.before.has(obj.uid)) ctx.batch.undo.before.set(obj.uid, obj);
  await ctx.store.remove(obj.uid);
}

/**
 * Stores a new object for the batch (and its undo log). An owner at max_objects_per_identity gets
 * Server Limit Exceeded (KMIP 2.1 §11: the server cannot take more work for the client).
 */
export async function insertObject(ctx: OperationContext, obj: ManagedObject): Promise<void> {
  try {
    await ctx.store.insert(obj);
  } catch (err) {
    const limit = asObjectLimitError(err);
    if (limit === undefined) throw err;
    throw new KmipError(
      ResultReason.ServerLimitExceeded,
      `${ctx.identity} already owns ${limit.limit} objects, the most max_objects_per_identity allows; destroy some first`,
    );
  }
  if (!ctx.batch.undo.before.has(obj.uid)) ctx.batch.undo.before.set(obj.uid, undefined);
}

/** Stores several new objects (a key pair, split key parts): all of them, or none. */
export async function insertObjects(ctx: OperationContext, objs: readonly ManagedObject[]): Promise<void> {
  const done: ManagedObject[] = [];
  try {
    for (const obj of objs) {
      await insertObject(ctx, obj);
      done.push(obj);
    }
  } catch (err) {
    for (const obj of done.reverse()) {
      await ctx.store.remove(obj.uid);
      ctx.batch.undo.before.delete(obj.uid);
    }
    throw err;
  }
}

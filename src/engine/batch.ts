// Runs the batch items of one request in order (KMIP 2.1 §6.1 "Batch Items"; Batch Error
// Continuation Option §7.11): Stop leaves later items unprocessed, Continue processes them all,
// Undo reverts what earlier items wrote and marks them Operation Undone.
import type { TtlvItem } from '../ttlv/item.js';
import type { RequestBatchItem, RequestHeader } from '../messages/request.js';
import type { ResponseBatchItem } from '../messages/response.js';
import { KmipError } from '../messages/kmip-error.js';
import { BatchErrorContinuationOption, ResultReason, ResultStatus } from '../spec/generated/enums.js';
import { TtlvError } from '../ttlv/errors.js';
import { ConcurrentUpdateError, type Store } from '../store/store.js';
import type { BatchState, OperationContext } from '../operations/support/operation-context.js';
import type { AnyOperationRecord } from '../operations/support/record.js';
import { runOperation } from './run-operation.js';
import type { KmipVersion } from '../spec/registry.js';
import { operationName } from '../messages/operation-names.js';
import { StoreUnavailableError } from '../store/store-availability.js';

export type ContextFactory = (entry: AnyOperationRecord, batch: BatchState) => OperationContext;

function failure(item: RequestBatchItem, reason: number, message: string): ResponseBatchItem {
  return {
    operation: item.operation,
    ...(item.uniqueBatchItemId !== undefined ? { uniqueBatchItemId: item.uniqueBatchItemId } : {}),
    resultStatus: ResultStatus.OperationFailed,
    resultReason: reason,
    resultMessage: message,
  };
}

/** Maps anything a handler throws to a Result Reason; unexpected errors are General Failure. */
export function toFailure(
  item: RequestBatchItem,
  err: unknown,
  onUnexpected: (e: unknown) => void,
): ResponseBatchItem {
  if (err instanceof KmipError) return failure(item, err.resultReason, err.message);
  if (err instanceof TtlvError) return failure(item, ResultReason.InvalidMessage, err.message);
  // The database is out: logged once by the store's health, not as a bug per request.
  if (err instanceof StoreUnavailableError) return failure(item, ResultReason.GeneralFailure, err.message);
  if (err instanceof ConcurrentUpdateError) {
    return failure(
      item,
      ResultReason.GeneralFailure,
      'the object was changed by a concurrent request; retry',
    );
  }
  onUnexpected(err);
  return failure(item, ResultReason.GeneralFailure, 'internal error processing the request');
}

async function undo(store: Store, batch: BatchState): Promise<void> {
  for (const [uid, before] of [...batch.undo.before.entries()].reverse()) {
    if (before === undefined) {
      await store.remove(uid);
    } else {
      const current = await store.get(uid);
      if (current === undefined) await store.insert(before);
      else await store.update({ ...before, revision: current.revision + 1 });
    }
  }
}

export async function runBatch(
  header: RequestHeader,
  version: KmipVersion,
  items: readonly RequestBatchItem[],
  operations: ReadonlyMap<number, AnyOperationRecord>,
  makeContext: ContextFactory,
  store: Store,
  onUnexpected: (e: unknown) => void,
): Promise<ResponseBatchItem[]> {
  const batch: BatchState = {
    idPlaceholder: undefined,
    privateKeyPlaceholder: undefined,
    undo: { before: new Map() },
  };
  const out: ResponseBatchItem[] = [];
  const mode = header.batchErrorContinuationOption;
  for (const item of items) {
    const entry = operations.get(item.operation);
    let response: ResponseBatchItem;
    if (entry === undefined) {
      response = failure(
        item,
        ResultReason.OperationNotSupported,
        `${operationName(item.operation)} is not supported`,
      );
    } else {
      try {
        const payload: readonly TtlvItem[] = await runOperation(
          entry,
          item.payload,
          version,
          makeContext(entry, batch),
        );
        response = {
          operation: item.operation,
          ...(item.uniqueBatchItemId !== undefined ? { uniqueBatchItemId: item.uniqueBatchItemId } : {}),
          resultStatus: ResultStatus.Success,
          payload,
        };
      } catch (err) {
        response = toFailure(item, err, onUnexpected);
      }
    }
    out.push(response);
    if (response.resultStatus === ResultStatus.Success) continue;
    if (mode === BatchErrorContinuationOption.Continue) continue;
    if (mode === BatchErrorContinuationOption.Undo) {
      try {
        await undo(store, batch);
      } catch (err) {
        // Undo could not write (the database went away): what was done stays done and is
        // answered as such, not as undone.
        onUnexpected(err);
        break;
      }
      for (let i = 0; i < out.length - 1; i++) {
        const done = out[i];
        if (done?.resultStatus === ResultStatus.Success) {
          out[i] = {
            ...(done.operation !== undefined ? { operation: done.operation } : {}),
            ...(done.uniqueBatchItemId !== undefined ? { uniqueBatchItemId: done.uniqueBatchItemId } : {}),
            resultStatus: ResultStatus.OperationUndone,
            // The payload stays: the client learns which identifiers were handed out and undone.
            ...(done.payload !== undefined ? { payload: done.payload } : {}),
          };
        }
      }
    }
    break;
  }
  return out;
}

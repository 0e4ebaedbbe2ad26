// What one audit line says about one operation: when, who, which operation, which objects, and
// the result (status, reason, message). Built from the engine's AuditEvent. Only identifiers and
// names are taken from the messages, never a value, so key material cannot reach the log.
import type { AuditEvent } from '../engine/engine.js';
import { operationName } from '../messages/operation-names.js';
import { enumValueName } from '../spec/registry.js';
import { Tag } from '../spec/generated/tags.js';
import type { TtlvItem } from '../ttlv/item.js';

export interface AuditRecord {
  /** 0, 1, 2… over the whole file: a gap shows a removed line. */
  readonly seq: number;
  /** ISO 8601, milliseconds. */
  readonly time: string;
  readonly identity: string;
  /** The operation's name; null when the request could not be read far enough to say. */
  readonly operation: string | null;
  /** The Unique Identifiers the request named and the response returned (at most MAX_UIDS). */
  readonly uids: readonly string[];
  /** Success, OperationFailed, OperationPending or OperationUndone. */
  readonly status: string;
  readonly reason?: string;
  readonly message?: string;
  /** SHA-256 (hex) of the previous line as written, without its newline; GENESIS for the first. */
  readonly prev: string;
}

export const GENESIS = '0'.repeat(64);
export const MAX_UIDS = 50;
const MAX_MESSAGE = 300;

const UID_TAGS: ReadonlySet<number> = new Set([
  Tag.UniqueIdentifier,
  Tag.PrivateKeyUniqueIdentifier,
  Tag.PublicKeyUniqueIdentifier,
]);

/** Text Unique Identifiers among the direct children of a payload. */
function uidsIn(children: readonly TtlvItem[] | undefined, into: Set<string>): void {
  for (const c of children ?? []) if (UID_TAGS.has(c.tag) && c.type === 'TextString') into.add(c.value);
}

/** One record (without seq and prev) per batch item of the event. */
export function recordsOf(event: AuditEvent): Omit<AuditRecord, 'seq' | 'prev'>[] {
  const time = event.time.toISOString();
  return event.results.map((r, i) => {
    const request = event.requests[i];
    const operation = r.operation ?? request?.operation;
    const uids = new Set<string>();
    const payload = request?.payload;
    uidsIn(payload?.type === 'Structure' ? payload.value : undefined, uids);
    uidsIn(r.payload, uids);
    const reason =
      r.resultReason === undefined
        ? undefined
        : (enumValueName('ResultReason', r.resultReason) ?? String(r.resultReason));
    const message = r.resultMessage === undefined ? undefined : r.resultMessage.slice(0, MAX_MESSAGE);
    return {
      time,
      identity: event.identity,
      operation: operation === undefined ? null : operationName(operation),
      uids: [...uids].slice(0, MAX_UIDS),
      status: enumValueName('ResultStatus', r.resultStatus) ?? String(r.resultStatus),
      ...(reason === undefined ? {} : { reason }),
      ...(message === undefined ? {} : { message }),
    };
  });
}

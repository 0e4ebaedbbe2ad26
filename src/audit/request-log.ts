// The request log: one INFO line per KMIP request answered (identity, operation, objects,
// result, duration). Built from the audit log's records, so it likewise holds only identifiers,
// names and result codes — never a key, a password or any other value of a message.
import type { AnsweredRequest } from '../engine/engine.js';
import type { Logger } from '../log/logger.js';
import { recordsOf } from './audit-record.js';

/** The fields of the line; a batch of several items joins their operations and results with ','. */
export function requestLogFields(e: AnsweredRequest): Record<string, unknown> {
  const records = recordsOf(e);
  const joined = (values: readonly (string | undefined)[]): string | undefined => {
    const present = values.filter((v): v is string => v !== undefined);
    return present.length === 0 ? undefined : present.join(',');
  };
  const uids = [...new Set(records.flatMap((r) => r.uids))];
  const reason = joined(records.map((r) => r.reason));
  const message = joined(records.map((r) => r.message));
  return {
    identity: e.identity,
    operation: joined(records.map((r) => r.operation ?? undefined)) ?? null,
    ...(uids.length > 0 ? { uids } : {}),
    status: joined(records.map((r) => r.status)),
    ...(reason === undefined ? {} : { reason }),
    ...(message === undefined ? {} : { message }),
    ...(records.length > 1 ? { batchCount: records.length } : {}),
    durationMs: Math.round(e.durationMs * 100) / 100,
    ...(e.session.transport === undefined ? {} : { transport: e.session.transport }),
    ...(e.session.remote === undefined ? {} : { remote: e.session.remote }),
  };
}

/** Writes the line for each request answered. */
export function requestLogger(log: Logger): (e: AnsweredRequest) => void {
  return (e) => log.info('request', requestLogFields(e));
}

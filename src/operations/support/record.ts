// An operation, as one record: which Operation it is, its request and response payload codecs
// (generated from the spec's tables), how operation policies check it, and its handler. Everything
// that lists operations — the dispatch map, the built-in policy tables, Query's Operations, the
// version check, the client — is derived from the records (operations/dispatch.ts), so adding an
// operation is one handler file holding its record and one line in that list.
import { Operation } from '../../spec/generated/enums.js';
import type { RequestPayloads } from '../../messages/payloads/generated/types.js';
import {
  type OperationName,
  type ResponseOf,
  requestCodec,
  responseCodec,
} from '../../messages/payloads/codecs.js';
import type { PayloadCodec } from '../../messages/payloads/payload-codec.js';
import type { OperationContext } from './operation-context.js';

/**
 * How the operation policies (PyKMIP's format, engine/policy) judge the operation on an object:
 * - `table`: it has its own row, and the built-in `default`/`public` policies give it the
 *   permissions of its class (engine/policy/builtin.ts: 'read', 'use', 'edit', 'lifecycle',
 *   'secret');
 * - `checkedAs`: it is checked under another operation's row (PyKMIP checks Encrypt as Get; Derive
 *   Key has a row of its own in PyKMIP's tables, and is still checked as Get);
 * - `none`: it touches no existing object (Create, Query, RNG Retrieve …).
 */
export type PolicyRule =
  | { readonly table: PolicyClass; readonly checkedAs?: OperationName }
  | { readonly checkedAs: OperationName }
  | { readonly none: true };

export type PolicyClass = 'read' | 'use' | 'edit' | 'lifecycle' | 'secret';

export type Handler<K extends OperationName> = (
  request: RequestPayloads[K],
  ctx: OperationContext,
) => Promise<ResponseOf<K>>;

export interface OperationRecord<K extends OperationName = OperationName> {
  readonly operation: K;
  /** The Operation enumeration value. */
  readonly code: number;
  readonly request: PayloadCodec<RequestPayloads[K]>;
  readonly response: PayloadCodec<ResponseOf<K>>;
  readonly policy: PolicyRule;
  /** A method, so that a record of one operation is also an AnyOperationRecord. */
  handler(request: RequestPayloads[K], ctx: OperationContext): Promise<ResponseOf<K>>;
}

/** A record of any operation, as the dispatch map holds them. */
export type AnyOperationRecord = OperationRecord<OperationName>;

/** The record of operation `operation`, with its generated codecs. */
export function defineOperation<K extends OperationName>(spec: {
  readonly operation: K;
  readonly policy: PolicyRule;
  readonly handler: Handler<K>;
}): OperationRecord<K> {
  return {
    operation: spec.operation,
    code: Operation[spec.operation],
    request: requestCodec(spec.operation),
    response: responseCodec(spec.operation),
    policy: spec.policy,
    handler: spec.handler,
  };
}

/** The operation whose policy row governs `record` on an existing object. */
export function policyOperation(record: { readonly code: number; readonly policy: PolicyRule }): number {
  const p = record.policy;
  return 'checkedAs' in p && p.checkedAs !== undefined ? Operation[p.checkedAs] : record.code;
}

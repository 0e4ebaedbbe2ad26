// Request and Response Messages (KMIP 2.1 §8: a Request Header and Batch Items; each Response
// Batch Item has its Result Status, and Result Reason and Message when it failed). The console
// speaks KMIP 2.1 and asks the server to go on after a failed item (Batch Error Continuation
// Option Continue, §7.3), so one refused item does not hide the others' answers.
import { child, childText, children, enumeration, integer, structure, type Item } from './json-items.js';

export interface BatchRequest {
  readonly operation: string;
  readonly payload: readonly Item[];
}

export interface BatchAnswer {
  readonly operation: string;
  readonly ok: boolean;
  readonly status: string;
  readonly reason: string;
  readonly message: string;
  readonly payload: readonly Item[];
}

/** A refusal, as the server put it: its Result Reason and Result Message. */
export class KmipRefusal extends Error {
  override readonly name = 'KmipRefusal';
  readonly operation: string;
  readonly reason: string;

  constructor(answer: Pick<BatchAnswer, 'operation' | 'reason' | 'message' | 'status'>) {
    super(answer.message === '' ? answer.status : answer.message);
    this.operation = answer.operation;
    this.reason = answer.reason;
  }
}

export function requestMessage(items: readonly BatchRequest[]): Item {
  return structure('RequestMessage', [
    structure('RequestHeader', [
      structure('ProtocolVersion', [integer('ProtocolVersionMajor', 2), integer('ProtocolVersionMinor', 1)]),
      enumeration('BatchErrorContinuationOption', 'Continue'),
      integer('BatchCount', items.length),
    ]),
    ...items.map((b) =>
      structure('BatchItem', [enumeration('Operation', b.operation), structure('RequestPayload', b.payload)]),
    ),
  ]);
}

export function batchAnswers(response: Item): BatchAnswer[] {
  return children(response)
    .filter((c) => c.tag === 'BatchItem')
    .map((b) => {
      const status = childText(b, 'ResultStatus');
      return {
        operation: childText(b, 'Operation'),
        ok: status === 'Success',
        status,
        reason: childText(b, 'ResultReason'),
        message: childText(b, 'ResultMessage'),
        payload: children(child(b, 'ResponsePayload')),
      };
    });
}

/** The answers' payloads; the first refusal is thrown. */
export function payloadsOrThrow(answers: readonly BatchAnswer[]): (readonly Item[])[] {
  const refused = answers.find((a) => !a.ok);
  if (refused !== undefined) throw new KmipRefusal(refused);
  return answers.map((a) => a.payload);
}

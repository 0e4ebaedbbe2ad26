// The typed payload codec of every operation, by its XML name: requestCodec('Create') reads and
// writes a CreateRequestPayload in any protocol version. Server handlers and the client use the
// same codecs, so a payload is written once, from the spec's tables.
import { Operation } from '../../spec/generated/enums.js';
import type { RequestPayloads, ResponsePayloads } from './generated/types.js';
import { type PayloadCodec, tableCodec } from './payload-codec.js';

/** An operation the specs give a Request Payload table for ('Create', 'ReKeyKeyPair' …). */
export type OperationName = keyof RequestPayloads & keyof typeof Operation;

/** The Response Payload type of an operation; never for Poll, whose answer is the polled operation's. */
export type ResponseOf<K extends OperationName> = K extends keyof ResponsePayloads
  ? ResponsePayloads[K]
  : never;

const requests = new Map<string, PayloadCodec<unknown>>();
const responses = new Map<string, PayloadCodec<unknown>>();

export function requestCodec<K extends OperationName>(name: K): PayloadCodec<RequestPayloads[K]> {
  let c = requests.get(name);
  if (c === undefined) {
    c = tableCodec(Operation[name], 'request');
    requests.set(name, c);
  }
  return c as PayloadCodec<RequestPayloads[K]>;
}

export function responseCodec<K extends OperationName>(name: K): PayloadCodec<ResponseOf<K>> {
  let c = responses.get(name);
  if (c === undefined) {
    c = tableCodec(Operation[name], 'response');
    responses.set(name, c);
  }
  return c as PayloadCodec<ResponseOf<K>>;
}

// The client's side of the message layer (KMIP 2.1 §8): Request Messages built from header
// options and batch items, Response Messages read back into plain batch results. The Protocol
// Version structure and the wire-level names come from src/messages and the registry.
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { BatchErrorContinuationOption, CredentialType } from '../spec/generated/enums.js';
import { protocolVersionItem } from '../messages/response.js';
import { parseProtocolVersion } from '../messages/request.js';
import type { ProtocolVersion } from '../messages/protocol-version.js';
import { KmipClientError, KmipClientErrorCode } from './errors.js';

export interface UsernamePassword {
  readonly username: string;
  readonly password?: string;
}

export type BatchErrorContinuation = 'stop' | 'continue' | 'undo';

export interface RequestHeaderOptions {
  readonly version: ProtocolVersion;
  readonly maximumResponseSize?: number | undefined;
  readonly clientCorrelationValue?: string | undefined;
  readonly credential?: UsernamePassword | undefined;
  /** Only sent when the batch holds more than one item. */
  readonly batchErrorContinuation?: BatchErrorContinuation | undefined;
  readonly batchOrder?: boolean | undefined;
}

export interface RequestBatchItemInput {
  readonly operation: number;
  readonly payload: readonly TtlvItem[];
  readonly uniqueBatchItemId?: Uint8Array | undefined;
}

const CONTINUATION = Object.freeze({
  stop: BatchErrorContinuationOption.Stop,
  continue: BatchErrorContinuationOption.Continue,
  undo: BatchErrorContinuationOption.Undo,
} as const);

function authentication(c: UsernamePassword): TtlvItem {
  const value: TtlvItem[] = [{ tag: Tag.Username, type: 'TextString', value: c.username }];
  if (c.password !== undefined) value.push({ tag: Tag.Password, type: 'TextString', value: c.password });
  return {
    tag: Tag.Authentication,
    type: 'Structure',
    value: [
      {
        tag: Tag.Credential,
        type: 'Structure',
        value: [
          { tag: Tag.CredentialType, type: 'Enumeration', value: CredentialType.UsernameAndPassword },
          { tag: Tag.CredentialValue, type: 'Structure', value },
        ],
      },
    ],
  };
}

/** A Request Message; header fields in the order of KMIP 2.1 Table 217 (Request Header). */
export function buildRequestMessage(
  header: RequestHeaderOptions,
  items: readonly RequestBatchItemInput[],
): StructureItem {
  const h: TtlvItem[] = [protocolVersionItem(header.version)];
  if (header.maximumResponseSize !== undefined) {
    h.push({ tag: Tag.MaximumResponseSize, type: 'Integer', value: header.maximumResponseSize });
  }
  if (header.clientCorrelationValue !== undefined) {
    h.push({ tag: Tag.ClientCorrelationValue, type: 'TextString', value: header.clientCorrelationValue });
  }
  if (header.credential !== undefined) h.push(authentication(header.credential));
  if (items.length > 1 && header.batchErrorContinuation !== undefined) {
    h.push({
      tag: Tag.BatchErrorContinuationOption,
      type: 'Enumeration',
      value: CONTINUATION[header.batchErrorContinuation],
    });
  }
  if (items.length > 1 && header.batchOrder !== undefined) {
    h.push({ tag: Tag.BatchOrderOption, type: 'Boolean', value: header.batchOrder });
  }
  h.push({ tag: Tag.BatchCount, type: 'Integer', value: items.length });
  const batch: TtlvItem[] = items.map((i) => {
    const c: TtlvItem[] = [{ tag: Tag.Operation, type: 'Enumeration', value: i.operation }];
    if (i.uniqueBatchItemId !== undefined) {
      c.push({ tag: Tag.UniqueBatchItemID, type: 'ByteString', value: i.uniqueBatchItemId });
    }
    c.push({ tag: Tag.RequestPayload, type: 'Structure', value: i.payload });
    return { tag: Tag.BatchItem, type: 'Structure', value: c };
  });
  return {
    tag: Tag.RequestMessage,
    type: 'Structure',
    value: [{ tag: Tag.RequestHeader, type: 'Structure', value: h }, ...batch],
  };
}

export interface ParsedResponseItem {
  readonly operation: number | undefined;
  readonly uniqueBatchItemId: Uint8Array | undefined;
  readonly resultStatus: number;
  readonly resultReason: number | undefined;
  readonly resultMessage: string | undefined;
  /** The Response Payload (an empty one when the server sent none). */
  readonly payload: StructureItem;
}

export interface ParsedResponse {
  readonly protocolVersion: ProtocolVersion;
  readonly timeStamp: bigint | undefined;
  readonly items: readonly ParsedResponseItem[];
}

function protocolError(message: string): KmipClientError {
  return new KmipClientError(KmipClientErrorCode.Protocol, `malformed response: ${message}`);
}

function find(s: StructureItem, tag: number): TtlvItem | undefined {
  return s.value.find((c) => c.tag === tag);
}

function parseItem(s: TtlvItem): ParsedResponseItem {
  if (s.type !== 'Structure') throw protocolError('Batch Item is not a Structure');
  const op = find(s, Tag.Operation);
  const id = find(s, Tag.UniqueBatchItemID);
  const status = find(s, Tag.ResultStatus);
  const reason = find(s, Tag.ResultReason);
  const message = find(s, Tag.ResultMessage);
  const payload = find(s, Tag.ResponsePayload);
  if (status?.type !== 'Enumeration') throw protocolError('a Batch Item has no Result Status');
  if (payload !== undefined && payload.type !== 'Structure')
    throw protocolError('Response Payload is not a Structure');
  return {
    operation: op?.type === 'Enumeration' ? op.value : undefined,
    uniqueBatchItemId: id?.type === 'ByteString' ? id.value : undefined,
    resultStatus: status.value,
    resultReason: reason?.type === 'Enumeration' ? reason.value : undefined,
    resultMessage: message?.type === 'TextString' ? message.value : undefined,
    payload: payload ?? { tag: Tag.ResponsePayload, type: 'Structure', value: [] },
  };
}

/** Reads a decoded Response Message; a KmipClientError (protocol) when it is not one. */
export function parseResponseMessage(message: TtlvItem): ParsedResponse {
  if (message.tag !== Tag.ResponseMessage || message.type !== 'Structure') {
    throw protocolError('expected a Response Message');
  }
  const header = find(message, Tag.ResponseHeader);
  if (header?.type !== 'Structure') throw protocolError('no Response Header');
  let protocolVersion: ProtocolVersion;
  try {
    protocolVersion = parseProtocolVersion(find(header, Tag.ProtocolVersion));
  } catch (err) {
    throw protocolError((err as Error).message);
  }
  const ts = find(header, Tag.TimeStamp);
  const items = message.value.filter((c) => c.tag === Tag.BatchItem).map(parseItem);
  if (items.length === 0) throw protocolError('no Batch Item');
  return { protocolVersion, timeStamp: ts?.type === 'DateTime' ? ts.value : undefined, items };
}

// Response Message (KMIP 2.1 §8.4–8.6). The header always carries Protocol Version, Time Stamp
// and Batch Count in that order (libkmip rejects a header without Time Stamp, clients.md rule 2);
// each batch item echoes Operation and the Unique Batch Item ID (rules 3).
import type { TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import type { ProtocolVersion } from './protocol-version.js';

export interface ResponseBatchItem {
  readonly operation?: number;
  readonly uniqueBatchItemId?: Uint8Array;
  readonly resultStatus: number;
  readonly resultReason?: number;
  readonly resultMessage?: string;
  readonly asynchronousCorrelationValue?: Uint8Array;
  /** Response Payload children; undefined = no payload element. */
  readonly payload?: readonly TtlvItem[];
}

export interface ResponseHeader {
  readonly protocolVersion: ProtocolVersion;
  readonly timeStamp: bigint;
  readonly clientCorrelationValue?: string;
  readonly serverCorrelationValue?: string;
}

export function protocolVersionItem(v: ProtocolVersion): TtlvItem {
  return {
    tag: Tag.ProtocolVersion,
    type: 'Structure',
    value: [
      { tag: Tag.ProtocolVersionMajor, type: 'Integer', value: v.major },
      { tag: Tag.ProtocolVersionMinor, type: 'Integer', value: v.minor },
    ],
  };
}

export function responseBatchItem(item: ResponseBatchItem): TtlvItem {
  const children: TtlvItem[] = [];
  if (item.operation !== undefined)
    children.push({ tag: Tag.Operation, type: 'Enumeration', value: item.operation });
  if (item.uniqueBatchItemId !== undefined) {
    children.push({ tag: Tag.UniqueBatchItemID, type: 'ByteString', value: item.uniqueBatchItemId });
  }
  children.push({ tag: Tag.ResultStatus, type: 'Enumeration', value: item.resultStatus });
  if (item.resultReason !== undefined) {
    children.push({ tag: Tag.ResultReason, type: 'Enumeration', value: item.resultReason });
  }
  if (item.resultMessage !== undefined) {
    children.push({ tag: Tag.ResultMessage, type: 'TextString', value: item.resultMessage });
  }
  if (item.asynchronousCorrelationValue !== undefined) {
    children.push({
      tag: Tag.AsynchronousCorrelationValue,
      type: 'ByteString',
      value: item.asynchronousCorrelationValue,
    });
  }
  if (item.payload !== undefined)
    children.push({ tag: Tag.ResponsePayload, type: 'Structure', value: item.payload });
  return { tag: Tag.BatchItem, type: 'Structure', value: children };
}

export function responseMessage(header: ResponseHeader, items: readonly TtlvItem[]): TtlvItem {
  const h: TtlvItem[] = [
    protocolVersionItem(header.protocolVersion),
    { tag: Tag.TimeStamp, type: 'DateTime', value: header.timeStamp },
  ];
  if (header.clientCorrelationValue !== undefined) {
    h.push({ tag: Tag.ClientCorrelationValue, type: 'TextString', value: header.clientCorrelationValue });
  }
  if (header.serverCorrelationValue !== undefined) {
    h.push({ tag: Tag.ServerCorrelationValue, type: 'TextString', value: header.serverCorrelationValue });
  }
  h.push({ tag: Tag.BatchCount, type: 'Integer', value: items.length });
  return {
    tag: Tag.ResponseMessage,
    type: 'Structure',
    value: [{ tag: Tag.ResponseHeader, type: 'Structure', value: h }, ...items],
  };
}

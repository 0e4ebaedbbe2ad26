// Request Message (KMIP 2.1 §8.1–8.3): the header and batch items, parsed from the TTLV tree
// into plain objects. Payloads stay TTLV structures; each operation reads its own.
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { BatchErrorContinuationOption } from '../spec/generated/enums.js';
import { invalidMessage } from './kmip-error.js';
import type { ProtocolVersion } from './protocol-version.js';
import { parseCredentials, type Credential } from './credential.js';

export type BatchErrorContinuation =
  (typeof BatchErrorContinuationOption)[keyof typeof BatchErrorContinuationOption];

export interface RequestHeader {
  readonly protocolVersion: ProtocolVersion;
  readonly maximumResponseSize?: number;
  readonly clientCorrelationValue?: string;
  readonly serverCorrelationValue?: string;
  readonly asynchronousIndicator?: boolean;
  readonly credentials: readonly Credential[];
  readonly batchErrorContinuationOption: BatchErrorContinuation;
  readonly batchOrderOption: boolean;
  readonly timeStamp?: bigint;
  readonly batchCount: number;
}

export interface RequestBatchItem {
  readonly operation: number;
  readonly uniqueBatchItemId?: Uint8Array;
  readonly payload: StructureItem;
  readonly messageExtension?: TtlvItem;
}

export interface RequestMessage {
  readonly header: RequestHeader;
  readonly items: readonly RequestBatchItem[];
}

function expectStructure(item: TtlvItem | undefined, what: string): StructureItem {
  if (item === undefined) throw invalidMessage(`${what} is missing`);
  if (item.type !== 'Structure') throw invalidMessage(`${what} must be a Structure`);
  return item;
}

function find(s: StructureItem, tag: number): TtlvItem | undefined {
  for (const c of s.value) if (c.tag === tag) return c;
  return undefined;
}

function typed<T extends TtlvItem['type']>(
  s: StructureItem,
  tag: number,
  type: T,
  what: string,
): Extract<TtlvItem, { type: T }> | undefined {
  const item = find(s, tag);
  if (item === undefined) return undefined;
  if (item.type !== type) throw invalidMessage(`${what} must be of type ${type}, not ${item.type}`);
  return item as Extract<TtlvItem, { type: T }>;
}

/** The Protocol Version structure, shared by headers and DiscoverVersions. */
export function parseProtocolVersion(item: TtlvItem | undefined): ProtocolVersion {
  const s = expectStructure(item, 'Protocol Version');
  const major = typed(s, Tag.ProtocolVersionMajor, 'Integer', 'Protocol Version Major');
  const minor = typed(s, Tag.ProtocolVersionMinor, 'Integer', 'Protocol Version Minor');
  if (major === undefined || minor === undefined)
    throw invalidMessage('Protocol Version needs Major and Minor');
  return { major: major.value, minor: minor.value };
}

/** Only the version, for answering in the request's version even when the rest is malformed. */
export function peekProtocolVersion(message: TtlvItem): ProtocolVersion | undefined {
  try {
    if (message.type !== 'Structure' || message.tag !== Tag.RequestMessage) return undefined;
    const header = find(message, Tag.RequestHeader);
    if (header?.type !== 'Structure') return undefined;
    return parseProtocolVersion(find(header, Tag.ProtocolVersion));
  } catch {
    return undefined;
  }
}

function parseHeader(s: StructureItem): RequestHeader {
  const batchCount = typed(s, Tag.BatchCount, 'Integer', 'Batch Count');
  if (batchCount === undefined) throw invalidMessage('Request Header has no Batch Count');
  const continuation = typed(
    s,
    Tag.BatchErrorContinuationOption,
    'Enumeration',
    'Batch Error Continuation Option',
  );
  if (
    continuation !== undefined &&
    !Object.values(BatchErrorContinuationOption).includes(continuation.value as BatchErrorContinuation)
  ) {
    throw invalidMessage(`Batch Error Continuation Option ${continuation.value} is not defined`);
  }
  const auth = find(s, Tag.Authentication);
  const header: {
    -readonly [K in keyof RequestHeader]: RequestHeader[K];
  } = {
    protocolVersion: parseProtocolVersion(find(s, Tag.ProtocolVersion)),
    credentials: auth === undefined ? [] : parseCredentials(expectStructure(auth, 'Authentication')),
    batchErrorContinuationOption: (continuation?.value ??
      BatchErrorContinuationOption.Stop) as BatchErrorContinuation,
    batchOrderOption: typed(s, Tag.BatchOrderOption, 'Boolean', 'Batch Order Option')?.value ?? true,
    batchCount: batchCount.value,
  };
  const maxSize = typed(s, Tag.MaximumResponseSize, 'Integer', 'Maximum Response Size');
  if (maxSize !== undefined) header.maximumResponseSize = maxSize.value;
  const clientCorrelation = typed(s, Tag.ClientCorrelationValue, 'TextString', 'Client Correlation Value');
  if (clientCorrelation !== undefined) header.clientCorrelationValue = clientCorrelation.value;
  const serverCorrelation = typed(s, Tag.ServerCorrelationValue, 'TextString', 'Server Correlation Value');
  if (serverCorrelation !== undefined) header.serverCorrelationValue = serverCorrelation.value;
  const asyncIndicator = typed(s, Tag.AsynchronousIndicator, 'Boolean', 'Asynchronous Indicator');
  if (asyncIndicator !== undefined) header.asynchronousIndicator = asyncIndicator.value;
  const timeStamp = typed(s, Tag.TimeStamp, 'DateTime', 'Time Stamp');
  if (timeStamp !== undefined) header.timeStamp = timeStamp.value;
  return header;
}

function parseBatchItem(s: StructureItem): RequestBatchItem {
  const operation = typed(s, Tag.Operation, 'Enumeration', 'Operation');
  if (operation === undefined) throw invalidMessage('Batch Item has no Operation');
  const id = typed(s, Tag.UniqueBatchItemID, 'ByteString', 'Unique Batch Item ID');
  const payload = find(s, Tag.RequestPayload);
  const extension = find(s, Tag.MessageExtension);
  return {
    operation: operation.value,
    ...(id !== undefined ? { uniqueBatchItemId: id.value } : {}),
    payload:
      payload === undefined
        ? { tag: Tag.RequestPayload, type: 'Structure', value: [] }
        : expectStructure(payload, 'Request Payload'),
    ...(extension !== undefined ? { messageExtension: extension } : {}),
  };
}

/** Parses a decoded Request Message; a structural fault is a KmipError(Invalid Message). */
export function parseRequestMessage(message: TtlvItem): RequestMessage {
  if (message.tag !== Tag.RequestMessage) throw invalidMessage('expected a Request Message');
  const s = expectStructure(message, 'Request Message');
  const header = parseHeader(expectStructure(find(s, Tag.RequestHeader), 'Request Header'));
  const items: RequestBatchItem[] = [];
  for (const c of s.value) {
    if (c.tag === Tag.BatchItem) items.push(parseBatchItem(expectStructure(c, 'Batch Item')));
  }
  if (items.length === 0) throw invalidMessage('Request Message has no Batch Item');
  if (items.length !== header.batchCount) {
    throw invalidMessage(
      `Batch Count is ${header.batchCount} but the message holds ${items.length} Batch Items`,
    );
  }
  return { header, items };
}

/** Batch item parsing that survives a broken header, for echoing Operation and IDs in errors. */
export function salvageBatchItems(
  message: TtlvItem,
): { operation?: number; uniqueBatchItemId?: Uint8Array }[] {
  if (message.type !== 'Structure') return [];
  const out: { operation?: number; uniqueBatchItemId?: Uint8Array }[] = [];
  for (const c of message.value) {
    if (c.tag !== Tag.BatchItem || c.type !== 'Structure') continue;
    const op = find(c, Tag.Operation);
    const id = find(c, Tag.UniqueBatchItemID);
    out.push({
      ...(op?.type === 'Enumeration' ? { operation: op.value } : {}),
      ...(id?.type === 'ByteString' ? { uniqueBatchItemId: id.value } : {}),
    });
  }
  return out;
}

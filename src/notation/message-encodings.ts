// The three KMIP message encodings and their HTTP media types (KMIP Profiles 2.1, HTTPS, JSON and
// XML profiles; KMIP Additional Message Encodings 1.0): binary TTLV as application/octet-stream,
// KMIP JSON as application/json, KMIP XML as text/xml. JSON and XML text is UTF-8. Parameters of a
// media type (charset=utf-8) are ignored; application/xml is read as text/xml.
import type { TtlvItem } from '../ttlv/item.js';
import { decodeTtlv } from '../ttlv/decode.js';
import { encodeTtlv } from '../ttlv/encode.js';
import { jsonToTtlv, ttlvToJson } from './json.js';
import { xmlToTtlv, ttlvToXml } from './xml.js';
import { TtlvError, TtlvErrorCode } from '../ttlv/errors.js';

export const MessageEncoding = Object.freeze({ Ttlv: 'ttlv', Json: 'json', Xml: 'xml' } as const);
export type MessageEncoding = (typeof MessageEncoding)[keyof typeof MessageEncoding];

export const MEDIA_TYPE: Readonly<Record<MessageEncoding, string>> = Object.freeze({
  ttlv: 'application/octet-stream',
  json: 'application/json',
  xml: 'text/xml',
});

const BY_MEDIA_TYPE: ReadonlyMap<string, MessageEncoding> = new Map([
  ['application/octet-stream', MessageEncoding.Ttlv],
  ['application/json', MessageEncoding.Json],
  ['text/xml', MessageEncoding.Xml],
  ['application/xml', MessageEncoding.Xml],
]);

/** The encoding a Content-Type names, or undefined when it names none of the three. */
export function encodingOfMediaType(contentType: string | undefined): MessageEncoding | undefined {
  if (contentType === undefined) return undefined;
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return BY_MEDIA_TYPE.get(type);
}

/** The first encoding an Accept header lists (ignoring q-values and wildcards), if any. */
export function encodingOfAccept(accept: string | undefined): MessageEncoding | undefined {
  for (const part of (accept ?? '').split(',')) {
    const e = encodingOfMediaType(part);
    if (e !== undefined) return e;
  }
  return undefined;
}

export interface MessageLimits {
  /** Largest TTLV message accepted (default 16 MiB). */
  readonly maxLength?: number;
  /** Deepest nesting accepted (default 64). */
  readonly maxDepth?: number;
}

function utf8(bytes: Uint8Array, what: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new TtlvError(TtlvErrorCode.BadEncoding, `${what}: the text is not valid UTF-8`);
  }
}

/** Reads one message in the given encoding; throws TtlvError when it is not one. */
export function decodeMessage(
  encoding: MessageEncoding,
  bytes: Uint8Array,
  limits: MessageLimits = {},
): TtlvItem {
  const depth = limits.maxDepth === undefined ? {} : { maxDepth: limits.maxDepth };
  switch (encoding) {
    case MessageEncoding.Ttlv:
      return decodeTtlv(bytes, {
        ...depth,
        ...(limits.maxLength === undefined ? {} : { maxLength: limits.maxLength }),
      });
    case MessageEncoding.Json:
      return jsonToTtlv(utf8(bytes, 'JSON'), depth);
    case MessageEncoding.Xml:
      return xmlToTtlv(utf8(bytes, 'XML'), depth);
  }
}

/** Writes one message in the given encoding. */
export function encodeMessage(encoding: MessageEncoding, item: TtlvItem): Uint8Array {
  switch (encoding) {
    case MessageEncoding.Ttlv:
      return encodeTtlv(item);
    case MessageEncoding.Json:
      return Buffer.from(JSON.stringify(ttlvToJson(item)), 'utf8');
    case MessageEncoding.Xml:
      return Buffer.from(`${ttlvToXml(item)}\n`, 'utf8');
  }
}

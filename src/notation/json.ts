// The KMIP JSON encoding (KMIP Profiles 2.1, JSON message encoding): each item is an object
// {"tag": "UniqueIdentifier", "type": "TextString", "value": "..."}; "tag" is the XML name or
// "0x42xxxx" hex, "type" is absent for a Structure, whose "value" is an array of items.
// Values are spelled as in XML (src/ttlv/text-values.ts), with JSON types where they fit:
// Integer, Interval and (when exact) LongInteger are numbers, Boolean is true/false, a mask is
// a string of bit names joined by '|' ("Encrypt|Decrypt"; spaces are read too). Reading also
// accepts a number for Enumeration and the text spellings for every numeric type.
// Placeholders work as in xml.ts ({ placeholders: true }).

import { TtlvError, TtlvErrorCode } from '../ttlv/errors.js';
import { ItemType } from '../ttlv/item.js';
import type { ItemTypeName, TtlvItem } from '../ttlv/item.js';
import { attributeNameOf, tagFromText, tagHex, tagXmlName, valueDomain } from './names.js';
import type { ValueDomain } from './names.js';
import { isPlaceholderText, makePlaceholderItem, placeholderOf } from '../ttlv/placeholders.js';
import { formatValueText, parseValueText } from './text-values.js';
import type { PrimitiveType, PrimitiveValue } from './text-values.js';
import { Tag } from '../spec/generated/tags.js';

export interface JsonTtlv {
  readonly tag: string;
  readonly type?: ItemTypeName;
  readonly value: string | number | boolean | readonly JsonTtlv[];
}

export interface JsonReadOptions {
  /** Keep "$..." string values as placeholder items (default false). */
  readonly placeholders?: boolean;
  /** Deepest nesting accepted (default 64). */
  readonly maxDepth?: number;
}

/** Reads an item from JSON text or from an already parsed JSON value. */
export function jsonToTtlv(json: unknown, options: JsonReadOptions = {}): TtlvItem {
  let parsed = json;
  if (typeof json === 'string') {
    try {
      parsed = JSON.parse(json) as unknown;
    } catch (e) {
      throw bad(`not JSON: ${(e as Error).message}`);
    }
  }
  return readItem(parsed, '$', options, 1, undefined);
}

function readItem(
  node: unknown,
  path: string,
  options: JsonReadOptions,
  depth: number,
  attributeName: string | undefined,
): TtlvItem {
  if (depth > (options.maxDepth ?? 64)) {
    throw new TtlvError(TtlvErrorCode.TooDeep, `JSON: ${path}: nested deeper than ${options.maxDepth ?? 64}`);
  }
  if (typeof node !== 'object' || node === null || Array.isArray(node))
    throw bad(`${path}: expected an object`);
  const obj = node as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    if (key !== 'tag' && key !== 'type' && key !== 'value') throw bad(`${path}: unexpected member "${key}"`);
  }
  if (typeof obj.tag !== 'string') throw bad(`${path}: "tag" must be a string`);
  const tag = tagFromText(obj.tag);
  if (tag === undefined) throw bad(`${path}: unknown tag '${obj.tag}' (use "0x......" hex for others)`);
  const where = `JSON: ${path} (${obj.tag})`;
  const typeText = obj.type ?? 'Structure';
  if (typeof typeText !== 'string' || !Object.hasOwn(ItemType, typeText)) {
    throw new TtlvError(TtlvErrorCode.UnknownType, `${where}: unknown type ${JSON.stringify(typeText)}`);
  }
  const type = typeText as ItemTypeName;
  const value = obj.value;
  if (type === 'Structure') {
    if (!Array.isArray(value)) throw bad(`${where}: a Structure's value must be an array`);
    const children = value as unknown[];
    const name = attributeNameAmong(children);
    return {
      tag,
      type,
      value: children.map((child, i) =>
        readItem(
          child,
          `${path}.value[${i}]`,
          options,
          depth + 1,
          isAttributeValue(child) ? name : undefined,
        ),
      ),
    };
  }
  if (options.placeholders === true && typeof value === 'string' && isPlaceholderText(value)) {
    return makePlaceholderItem(tag, type, value);
  }
  const parsed = readValue(type, value, valueDomain(tag, attributeName), where);
  return { tag, type, value: parsed } as TtlvItem;
}

function readValue(
  type: PrimitiveType,
  value: unknown,
  domain: ValueDomain | undefined,
  where: string,
): PrimitiveValue {
  if (typeof value === 'string') return parseValueText(type, value, domain, where);
  if (typeof value === 'boolean') {
    if (type === 'Boolean') return value;
    throw bad(`${where}: a ${type} cannot be a JSON boolean`);
  }
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw bad(`${where}: ${value} is not an integer`);
    switch (type) {
      case 'Integer':
      case 'Enumeration':
      case 'Interval':
        return parseValueText(type, String(value), domain, where);
      case 'LongInteger':
        if (!Number.isSafeInteger(value))
          throw bad(`${where}: ${value} is not exact in JSON; write it as 0x hex`);
        return BigInt(value);
      case 'BigInteger':
      case 'Boolean':
      case 'TextString':
      case 'ByteString':
      case 'DateTime':
      case 'DateTimeExtended':
        throw bad(`${where}: a ${type} cannot be a JSON number`);
    }
  }
  throw bad(`${where}: missing or invalid "value"`);
}

function isTagged(node: unknown, tag: number): boolean {
  if (typeof node !== 'object' || node === null) return false;
  const t = (node as Record<string, unknown>).tag;
  return typeof t === 'string' && tagFromText(t) === tag;
}

function isAttributeValue(node: unknown): boolean {
  return isTagged(node, Tag.AttributeValue);
}

function attributeNameAmong(siblings: readonly unknown[]): string | undefined {
  const found = siblings.find((s) => isTagged(s, Tag.AttributeName)) as Record<string, unknown> | undefined;
  return typeof found?.value === 'string' ? found.value : undefined;
}

/** Writes an item (and its subtree) as a JSON value; JSON.stringify it for text. */
export function ttlvToJson(item: TtlvItem): JsonTtlv {
  return writeItem(item, undefined);
}

function writeItem(item: TtlvItem, attributeName: string | undefined): JsonTtlv {
  const tag = tagXmlName(item.tag) ?? tagHex(item.tag);
  if (item.type === 'Structure') {
    const name = attributeNameOf(item.value);
    return {
      tag,
      value: item.value.map((child) => writeItem(child, child.tag === Tag.AttributeValue ? name : undefined)),
    };
  }
  const placeholder = placeholderOf(item);
  if (placeholder !== undefined) return { tag, type: item.type, value: placeholder.text };
  const domain = valueDomain(item.tag, attributeName);
  switch (item.type) {
    case 'Integer':
      if (domain?.kind === 'mask' && item.value !== 0) break;
      return { tag, type: item.type, value: item.value };
    case 'Interval':
      return { tag, type: item.type, value: item.value };
    case 'LongInteger':
      if (item.value >= BigInt(Number.MIN_SAFE_INTEGER) && item.value <= BigInt(Number.MAX_SAFE_INTEGER)) {
        return { tag, type: item.type, value: Number(item.value) };
      }
      return {
        tag,
        type: item.type,
        value: `0x${BigInt.asUintN(64, item.value).toString(16).padStart(16, '0')}`,
      };
    case 'Boolean':
      return { tag, type: item.type, value: item.value };
    case 'BigInteger':
    case 'Enumeration':
    case 'TextString':
    case 'ByteString':
    case 'DateTime':
    case 'DateTimeExtended':
      break;
  }
  return { tag, type: item.type, value: formatValueText(item, domain, { maskSeparator: '|' }) };
}

function bad(message: string): TtlvError {
  return new TtlvError(TtlvErrorCode.BadEncoding, message.startsWith('JSON') ? message : `JSON: ${message}`);
}

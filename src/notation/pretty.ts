// A human-readable dump of a TTLV tree, for `kmip decode` and logs: one item per line, indented
// by depth, with the tag's spec name (or 0x hex), the type, and the value (enumeration values and
// mask bits by their spec names with the number beside them, byte strings in hex, dates in
// ISO 8601, text JSON-quoted). Placeholder items print their placeholder text.

import type { TtlvItem } from '../ttlv/item.js';
import { iso8601 } from '../ttlv/iso-time.js';
import {
  attributeNameOf,
  enumerationDisplayName,
  hex32,
  maskNames,
  tagDisplayName,
  valueDomain,
} from './names.js';
import { placeholderOf } from '../ttlv/placeholders.js';
import { bigIntegerHex, bytesToHex } from './text-values.js';
import { Tag } from '../spec/generated/tags.js';

export interface PrettyOptions {
  /** Indentation per level (default two spaces). */
  readonly indent?: string;
}

/** The tree as text, one line per item, no trailing newline. */
export function prettyPrint(item: TtlvItem, options: PrettyOptions = {}): string {
  const lines: string[] = [];
  printItem(item, 0, options.indent ?? '  ', undefined, lines);
  return lines.join('\n');
}

function printItem(
  item: TtlvItem,
  depth: number,
  indent: string,
  attributeName: string | undefined,
  out: string[],
): void {
  const head = `${indent.repeat(depth)}${tagDisplayName(item.tag)}`;
  if (item.type === 'Structure') {
    out.push(`${head} (Structure${item.value.length === 0 ? ', empty' : ''})`);
    const name = attributeNameOf(item.value);
    for (const child of item.value) {
      printItem(child, depth + 1, indent, child.tag === Tag.AttributeValue ? name : undefined, out);
    }
    return;
  }
  const placeholder = placeholderOf(item);
  if (placeholder !== undefined) {
    out.push(`${head} (${item.type}): ${placeholder.text}`);
    return;
  }
  if (item.type === 'ByteString') {
    out.push(`${head} (ByteString, ${item.value.length} bytes): ${bytesToHex(item.value)}`);
    return;
  }
  out.push(`${head} (${item.type}): ${valueText(item, attributeName)}`);
}

function valueText(
  item: Exclude<TtlvItem, { type: 'Structure' | 'ByteString' }>,
  attributeName: string | undefined,
): string {
  switch (item.type) {
    case 'Integer': {
      const domain = valueDomain(item.tag, attributeName);
      if (domain?.kind !== 'mask') return String(item.value);
      const names = maskNames(domain.name, item.value, true);
      return names.length === 0 ? '0' : `${names.join(' | ')} (${hex32(item.value)})`;
    }
    case 'Enumeration': {
      const name = enumerationDisplayName(valueDomain(item.tag, attributeName), item.value);
      return name === undefined ? hex32(item.value) : `${name} (${hex32(item.value)})`;
    }
    case 'LongInteger':
    case 'Interval':
      return String(item.value);
    case 'BigInteger':
      return `0x${bigIntegerHex(item.value)} (${item.value})`;
    case 'Boolean':
      return String(item.value);
    case 'TextString':
      return JSON.stringify(item.value);
    case 'DateTime':
      return iso8601(item.value, false);
    case 'DateTimeExtended':
      return iso8601(item.value, true);
  }
}

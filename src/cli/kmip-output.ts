// Printing for `kmip`: JSON-safe copies of results (bytes as hex, bigints as strings, dates in
// ISO 8601, TTLV items dropped in favour of their plain values), human text for TTLV values, and
// reading the data arguments commands share (--in FILE, --hex, --text, NAME=VALUE).
import { readFileSync } from 'node:fs';
import type { TtlvItem } from '../ttlv/item.js';
import { formatValueText } from '../notation/text-values.js';
import { tagDisplayName, valueDomain } from '../notation/names.js';
import type { KmipAttribute } from '../client/attribute-io.js';
import type { PlainValue } from '../client/values.js';
import { UsageError, listOption, stringOption, type OptionValues } from './kmip-args.js';

/** How byte strings are written in JSON output. */
export type BytesEncoding = 'hex' | 'base64';

/** A copy of a result that JSON.stringify can write faithfully. */
export function toJson(v: unknown, bytes: BytesEncoding = 'hex'): unknown {
  if (v instanceof Uint8Array) return Buffer.from(v).toString(bytes);
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (Array.isArray(v)) return v.map((x) => toJson(x, bytes));
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      // Attribute and object views carry their TTLV item next to the plain value: keep the plain one.
      if ((k === 'item' || k === 'object' || k === 'keyMaterial') && typeof x === 'object') continue;
      out[k] = toJson(x, bytes);
    }
    return out;
  }
  return v;
}

/** A TTLV value as one line of text: names for enumerations and masks, hex for bytes. */
export function itemText(item: TtlvItem, attributeName?: string): string {
  if (item.type === 'Structure') {
    return `{ ${item.value.map((c) => `${tagDisplayName(c.tag)}: ${itemText(c)}`).join(', ')} }`;
  }
  const domain = valueDomain(item.tag, attributeName);
  return formatValueText(item, domain, { maskSeparator: ' | ' });
}

/** "Name: value" lines, names padded to one column. */
export function attributeLines(attrs: readonly KmipAttribute[]): string {
  if (attrs.length === 0) return '(no attributes)';
  const width = Math.max(...attrs.map((a) => a.name.length)) + 1;
  return attrs.map((a) => `${`${a.name}:`.padEnd(width)} ${itemText(a.item, a.name)}`).join('\n');
}

/** A command-line attribute value: JSON for a structure ('{"NameValue":"x",…}'), else the text. */
export function cliValue(text: string): PlainValue {
  if (text.startsWith('{')) {
    try {
      return JSON.parse(text) as PlainValue;
    } catch (err) {
      throw new UsageError(`'${text}' is not valid JSON: ${(err as Error).message}`);
    }
  }
  return text;
}

/** NAME=VALUE pairs of a repeatable option, as an attribute map (repeated names give several instances). */
export function attributePairs(o: OptionValues, option = 'attr'): Record<string, PlainValue> {
  const out: Record<string, PlainValue[]> = {};
  for (const pair of listOption(o, option)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--${option} wants NAME=VALUE, not '${pair}'`);
    const name = pair.slice(0, eq);
    (out[name] ??= []).push(cliValue(pair.slice(eq + 1)));
  }
  return Object.fromEntries(
    Object.entries(out).map(([k, v]) => [k, v.length === 1 ? (v[0] as PlainValue) : v]),
  );
}

export function hexBytes(text: string, what: string): Buffer {
  const clean = text.replace(/[\s:]/g, '').replace(/^0x/i, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(clean)) throw new UsageError(`${what} is not hex: '${text.slice(0, 40)}'`);
  return Buffer.from(clean, 'hex');
}

/** The data a command works on: --in FILE ('-' for stdin), --hex HEX or --text TEXT. */
export async function inputData(o: OptionValues, stdin: () => Promise<Buffer>): Promise<Buffer> {
  const file = stringOption(o, 'in');
  const hex = stringOption(o, 'hex');
  const text = stringOption(o, 'text');
  const given = [file, hex, text].filter((x) => x !== undefined).length;
  if (given !== 1)
    throw new UsageError('give the data with exactly one of --in FILE, --hex HEX, --text TEXT');
  if (file !== undefined) return file === '-' ? stdin() : readFileSync(file);
  if (hex !== undefined) return hexBytes(hex, '--hex');
  return Buffer.from(text ?? '', 'utf8');
}

export const DATA_OPTIONS = [
  { name: 'in', value: 'FILE', help: "read the data from FILE ('-' for standard input)" },
  { name: 'hex', value: 'HEX', help: 'the data as hex digits' },
  { name: 'text', value: 'TEXT', help: 'the data as UTF-8 text' },
] as const;

// Placeholders of the OASIS KMIP test cases: values such as "$NOW", "$NOW-3600" or
// "$UNIQUE_IDENTIFIER_0" that stand for what the server chooses at run time.
//
// Design: the XML and JSON readers, asked to keep placeholders ({ placeholders: true }), return
// ordinary TtlvItems and remember, in a module-wide WeakMap keyed by the item object, which items
// were placeholders. The item itself carries a neutral value of its own type (TextString: the
// placeholder text itself; numbers 0; BigInt-valued types 0n; ByteString empty; Boolean false),
// so trees stay plain TtlvItems that the binary codec, deepStrictEqual and everything else can
// handle. `placeholderOf(item)` reads the mark; ttlvToXml / ttlvToJson write a marked item back as
// its placeholder text, so XML -> TTLV -> XML keeps them. The mark follows object identity: a copy
// made with spread or structuredClone is no longer marked. `resolvePlaceholders(tree, resolver)`
// rebuilds a tree with the resolver's values in place of the marked items.

import { TtlvError, TtlvErrorCode } from './errors.js';
import type { StructureItem, TtlvItem } from './item.js';

export interface Placeholder {
  /** The text as written, e.g. "$NOW-3600". */
  readonly text: string;
  /** The name without '$' and offset, e.g. "NOW", "UNIQUE_IDENTIFIER_0". */
  readonly name: string;
  /** The signed offset after the name ("$NOW-3600" -> -3600), 0 when none. */
  readonly offset: number;
}

const marks = new WeakMap<TtlvItem, Placeholder>();

/** Whether a value read with placeholders enabled is a placeholder. */
export function isPlaceholderText(text: string): boolean {
  return text.startsWith('$');
}

/** Splits "$NAME", "$NAME+n" or "$NAME-n" into name and offset; other "$..." text keeps offset 0. */
export function parsePlaceholder(text: string): Placeholder {
  const m = /^\$([A-Za-z0-9_]*?)([+-]\d+)?$/.exec(text);
  if (m === null) return { text, name: text.slice(1), offset: 0 };
  return { text, name: m[1] ?? '', offset: m[2] === undefined ? 0 : Number(m[2]) };
}

/** The placeholder an item stands for, if it was read as one. */
export function placeholderOf(item: TtlvItem): Placeholder | undefined {
  return marks.get(item);
}

/** Builds a placeholder item of the given type (the readers use this). */
export function makePlaceholderItem(
  tag: number,
  type: Exclude<TtlvItem['type'], 'Structure'>,
  text: string,
): TtlvItem {
  const item = neutralItem(tag, type, text);
  marks.set(item, parsePlaceholder(text));
  return item;
}

function neutralItem(tag: number, type: Exclude<TtlvItem['type'], 'Structure'>, text: string): TtlvItem {
  switch (type) {
    case 'TextString':
      return { tag, type, value: text };
    case 'Integer':
    case 'Enumeration':
    case 'Interval':
      return { tag, type, value: 0 };
    case 'LongInteger':
    case 'BigInteger':
    case 'DateTime':
    case 'DateTimeExtended':
      return { tag, type, value: 0n };
    case 'Boolean':
      return { tag, type, value: false };
    case 'ByteString':
      return { tag, type, value: new Uint8Array(0) };
  }
}

/** Whether any item in the tree is a placeholder. */
export function hasPlaceholders(item: TtlvItem): boolean {
  if (marks.has(item)) return true;
  return item.type === 'Structure' && item.value.some(hasPlaceholders);
}

/**
 * Returns the value to put in place of a placeholder item (of the item's own value type), or
 * undefined to leave the item as it is (still marked).
 */
export type PlaceholderResolver = (placeholder: Placeholder, item: TtlvItem) => TtlvItem['value'] | undefined;

/**
 * A copy of the tree where every placeholder item the resolver answers for holds the resolver's
 * value. Unchanged subtrees are shared, not copied. A value of the wrong JavaScript type for the
 * item's type is a TtlvError('bad-encoding').
 */
export function resolvePlaceholders(item: TtlvItem, resolver: PlaceholderResolver): TtlvItem {
  const mark = marks.get(item);
  if (mark !== undefined) {
    const value = resolver(mark, item);
    return value === undefined ? item : withValue(item, value, mark.text);
  }
  if (item.type !== 'Structure') return item;
  let changed = false;
  const children = item.value.map((child) => {
    const next = resolvePlaceholders(child, resolver);
    if (next !== child) changed = true;
    return next;
  });
  return changed ? ({ tag: item.tag, type: 'Structure', value: children } satisfies StructureItem) : item;
}

function withValue(item: TtlvItem, value: TtlvItem['value'], text: string): TtlvItem {
  const { tag } = item;
  const bad = (): TtlvError =>
    new TtlvError(
      TtlvErrorCode.BadEncoding,
      `placeholder ${text}: a ${item.type} cannot hold ${describe(value)}`,
    );
  switch (item.type) {
    case 'Integer':
    case 'Enumeration':
    case 'Interval':
      if (typeof value !== 'number') throw bad();
      return { tag, type: item.type, value };
    case 'LongInteger':
    case 'BigInteger':
    case 'DateTime':
    case 'DateTimeExtended':
      if (typeof value !== 'bigint') throw bad();
      return { tag, type: item.type, value };
    case 'Boolean':
      if (typeof value !== 'boolean') throw bad();
      return { tag, type: item.type, value };
    case 'TextString':
      if (typeof value !== 'string') throw bad();
      return { tag, type: item.type, value };
    case 'ByteString':
      if (!(value instanceof Uint8Array)) throw bad();
      return { tag, type: item.type, value };
    case 'Structure':
      if (!Array.isArray(value)) throw bad();
      return { tag, type: item.type, value: value as readonly TtlvItem[] };
  }
}

function describe(value: unknown): string {
  if (value instanceof Uint8Array) return 'bytes';
  if (Array.isArray(value)) return 'a list of items';
  return `a ${typeof value}`;
}

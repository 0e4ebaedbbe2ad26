// Comparing a server's response with an OASIS test case's expected response. Placeholders bind
// on first sight ($UNIQUE_IDENTIFIER_0 takes the identifier the server returned) and must match
// afterwards; $NOW±n matches a Date-Time within a tolerance of the run's clock. Result Message is
// free text (servers word it their own way) and is not compared. Attributes are a set: 1.x
// Attribute items and the children of a 2.x Attributes structure may come in any order.
import type { TtlvItem } from '../ttlv/item.js';
import { placeholderOf, type Placeholder } from '../ttlv/placeholders.js';
import { Tag } from '../spec/generated/tags.js';
import { Operation } from '../spec/generated/enums.js';
import { tagInfo } from '../spec/registry.js';

export const DATE_TOLERANCE_SECONDS = 900n;

export class Bindings {
  readonly values = new Map<string, TtlvItem['value']>();
  readonly now: bigint;
  /** True while comparing the Get of a key the server generated: its bytes are its own choice. */
  serverGeneratedKey = false;
  /**
   * True for a GetAttributes / GetAttributeList that named no attribute: a server keeps
   * attributes of its own besides the ones a case lists, so extra ones are allowed there.
   */
  allAttributes = false;
  /** True while comparing the batch item of a Query (its capability lists are the server's). */
  queryAnswer = false;
  /** The operation of the batch item being compared. */
  operation: number | undefined = undefined;
  /** True when the request asked for randomized output (OAEP, PKCS#1 v1.5 encryption, PSS, random IV). */
  randomized = false;
  constructor(now: bigint) {
    this.now = now;
  }

  clone(): Bindings {
    const b = new Bindings(this.now);
    b.serverGeneratedKey = this.serverGeneratedKey;
    b.queryAnswer = this.queryAnswer;
    b.allAttributes = this.allAttributes;
    b.operation = this.operation;
    b.randomized = this.randomized;
    for (const [k, v] of this.values) b.values.set(k, v);
    return b;
  }

  adopt(other: Bindings): void {
    this.values.clear();
    for (const [k, v] of other.values) this.values.set(k, v);
  }

  /** The value a request placeholder stands for, or undefined when it is not bound yet. */
  resolve(p: Placeholder, item: TtlvItem): TtlvItem['value'] | undefined {
    if (p.name === 'NOW') {
      const t = this.now + BigInt(p.offset);
      return item.type === 'DateTimeExtended' ? t * 1_000_000n : t;
    }
    // A placeholder the expected responses never bound (a case that wrote the reference server's
    // value out literally, then names it in a later request) stands for the value the server
    // last returned under the same tag.
    return this.values.get(p.name) ?? this.lastByTag.get(item.tag);
  }

  /** The latest value of each tag in the server's responses. */
  readonly lastByTag = new Map<number, TtlvItem['value']>();

  rememberResponse(item: TtlvItem): void {
    if (item.type === 'Structure') for (const c of item.value) this.rememberResponse(c);
    else this.lastByTag.set(item.tag, item.value);
  }
}

/**
 * Not compared: Result Message is free text; Server Correlation Value is a server-chosen token a
 * server MAY send (KMIP 2.1 §8.5), so its presence and value are the server's business.
 */
const IGNORED_TAGS: ReadonlySet<number> = new Set([Tag.ResultMessage, Tag.ServerCorrelationValue]);

/**
 * Values the server chooses where a case wrote down the reference server's choice: the digest of
 * a key the server generated at random (the cases repeat one value for different random keys) and
 * the description of the server's random number generator. They must be present with the right
 * type; their content is not compared.
 */
const SERVER_CHOSEN_TAGS: ReadonlySet<number> = new Set([
  Tag.DigestValue,
  Tag.RandomNumberGenerator,
  Tag.LeaseTime,
]);

/**
 * Output bytes that depend on what the server chose, compared by length only: the cipher text,
 * IV and tag of an Encrypt under a key the server generated or with randomized padding or a
 * random IV, a randomized signature, and RNGRetrieve's random bytes.
 */
function isServerChosenOutput(tag: number, b: Bindings): boolean {
  const op = b.operation;
  if (op === Operation.RNGRetrieve) return tag === Tag.Data;
  if (op === Operation.Encrypt && (b.serverGeneratedKey || b.randomized)) {
    return tag === Tag.Data || tag === Tag.IVCounterNonce || tag === Tag.AuthenticatedEncryptionTag;
  }
  if (op === Operation.Sign && b.randomized) return tag === Tag.SignatureData;
  return false;
}

function isQuery(batchItem: TtlvItem): boolean {
  if (batchItem.type !== 'Structure') return false;
  const op = batchItem.value.find((c) => c.tag === Tag.Operation);
  return op?.type === 'Enumeration' && op.value === Operation.Query;
}

function tagName(tag: number): string {
  return tagInfo(tag)?.xmlName ?? `0x${tag.toString(16)}`;
}

function show(v: TtlvItem['value']): string {
  if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
  if (typeof v === 'object') return '{…}';
  return `${v}`;
}

function equalValues(a: TtlvItem['value'], b: TtlvItem['value']): boolean {
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.from(a).equals(Buffer.from(b));
  return a === b;
}

/** Undefined when `actual` satisfies `expected`, else a description of the first difference. */
export function compareItems(
  expected: TtlvItem,
  actual: TtlvItem | undefined,
  b: Bindings,
  path: string,
): string | undefined {
  const here = `${path}/${tagName(expected.tag)}`;
  if (actual === undefined) return `${here}: missing`;
  if (actual.tag !== expected.tag) return `${here}: found ${tagName(actual.tag)} instead`;
  if (actual.type !== expected.type) return `${here}: type ${actual.type}, expected ${expected.type}`;
  const p = placeholderOf(expected);
  if (p !== undefined) return comparePlaceholder(p, expected, actual, b, here);
  if (SERVER_CHOSEN_TAGS.has(expected.tag)) return undefined;
  if (
    isServerChosenOutput(expected.tag, b) &&
    expected.type === 'ByteString' &&
    actual.type === 'ByteString'
  ) {
    return actual.value.length === expected.value.length
      ? undefined
      : `${here}: ${actual.value.length} bytes, expected ${expected.value.length}`;
  }
  if (expected.tag === Tag.Attribute && isServerChosenAttribute(expected)) {
    return attributeNameOf(actual) === attributeNameOf(expected)
      ? undefined
      : `${here}: not the same attribute`;
  }
  if (
    expected.tag === Tag.KeyMaterial &&
    b.serverGeneratedKey &&
    expected.type === 'ByteString' &&
    actual.type === 'ByteString'
  ) {
    return actual.value.length === expected.value.length
      ? undefined
      : `${here}: ${actual.value.length} bytes, expected ${expected.value.length}`;
  }
  if (expected.type === 'Structure' && actual.type === 'Structure') {
    if (expected.tag === Tag.ResponsePayload && b.queryAnswer) {
      const lists = compareCapabilityLists(expected.value, actual.value, here);
      if (lists.problem !== undefined) return lists.problem;
      return compareChildren(lists.expected, lists.actual, b, here, false);
    }
    if (expected.tag === Tag.BatchItem) {
      b.queryAnswer = isQuery(expected);
      const op = expected.value.find((c) => c.tag === Tag.Operation);
      b.operation = op?.type === 'Enumeration' ? op.value : undefined;
    }
    if (expected.tag === Tag.Attribute) {
      return compareChildren(
        withoutIndexZero(expected.value),
        withoutIndexZero(actual.value),
        b,
        here,
        false,
      );
    }
    return compareChildren(expected.value, actual.value, b, here, expected.tag === Tag.Attributes);
  }
  if (!equalValues(expected.value, actual.value)) {
    return `${here}: ${show(actual.value)}, expected ${show(expected.value)}`;
  }
  return undefined;
}

/**
 * An Attribute's children without an Attribute Index of 0: an absent index means 0 (1.4 §2.1.1),
 * and a server may send or omit it (the OASIS cases omit it; kmip-ts sends it at 1.x).
 */
function withoutIndexZero(children: readonly TtlvItem[]): TtlvItem[] {
  return children.filter((c) => !(c.tag === Tag.AttributeIndex && c.type === 'Integer' && c.value === 0));
}

function comparePlaceholder(
  p: Placeholder,
  expected: TtlvItem,
  actual: TtlvItem,
  b: Bindings,
  here: string,
): string | undefined {
  if (p.name === 'NOW') {
    if (actual.type !== 'DateTime' && actual.type !== 'DateTimeExtended') return `${here}: not a date`;
    const t = actual.type === 'DateTimeExtended' ? actual.value / 1_000_000n : actual.value;
    const want = b.now + BigInt(p.offset);
    const d = t > want ? t - want : want - t;
    return d <= DATE_TOLERANCE_SECONDS
      ? undefined
      : `${here}: ${t} is not within ${DATE_TOLERANCE_SECONDS}s of ${p.text} (${want})`;
  }
  const bound = b.values.get(p.name);
  if (bound === undefined) {
    b.values.set(p.name, actual.value);
    return undefined;
  }
  return equalValues(bound, actual.value)
    ? undefined
    : `${here}: ${show(actual.value)}, but ${p.text} was ${show(bound)}`;
}

const SERVER_CHOSEN_ATTRIBUTES: ReadonlySet<string> = new Set(['Random Number Generator', 'Lease Time']);

function attributeNameOf(item: TtlvItem): string | undefined {
  if (item.type !== 'Structure') return undefined;
  const name = item.value.find((c) => c.tag === Tag.AttributeName);
  return name?.type === 'TextString' ? name.value : undefined;
}

function isServerChosenAttribute(item: TtlvItem): boolean {
  if (item.type !== 'Structure') return false;
  const name = item.value.find((c) => c.tag === Tag.AttributeName);
  return name?.type === 'TextString' && SERVER_CHOSEN_ATTRIBUTES.has(name.value);
}

/** Items compared as a set: attributes, and the attribute names a GetAttributeList returns. */
const SET_TAGS: ReadonlySet<number> = new Set([Tag.Attribute, Tag.AttributeName, Tag.AttributeReference]);

function isAttributeItem(item: TtlvItem): boolean {
  return SET_TAGS.has(item.tag);
}

/**
 * A Query answer lists the answering server's own capabilities (operations, object types …),
 * which differ between conforming servers: such a list must be there, non-empty, with values of
 * the right type, but its members are the server's business.
 */
const CAPABILITY_TAGS: ReadonlySet<number> = new Set([
  Tag.Operation,
  Tag.ObjectType,
  Tag.VendorIdentification,
  Tag.ServerInformation,
]);

export function compareCapabilityLists(
  expected: readonly TtlvItem[],
  actual: readonly TtlvItem[],
  path: string,
): { expected: TtlvItem[]; actual: TtlvItem[]; problem?: string } {
  const rest = (items: readonly TtlvItem[]): TtlvItem[] => items.filter((c) => !CAPABILITY_TAGS.has(c.tag));
  for (const tag of CAPABILITY_TAGS) {
    const want = expected.some((c) => c.tag === tag);
    const have = actual.some((c) => c.tag === tag);
    if (want && !have)
      return { expected: [], actual: [], problem: `${path}: the ${tagName(tag)} list is missing` };
  }
  return { expected: rest(expected), actual: rest(actual) };
}

function compareChildren(
  expected: readonly TtlvItem[],
  actual: readonly TtlvItem[],
  b: Bindings,
  path: string,
  unordered: boolean,
): string | undefined {
  const exp = expected.filter((c) => !IGNORED_TAGS.has(c.tag));
  const act = actual.filter((c) => !IGNORED_TAGS.has(c.tag));
  if (unordered || exp.some(isAttributeItem)) {
    // The set part: attributes in any order; the rest in order.
    const expSet = unordered ? exp : exp.filter(isAttributeItem);
    const actSet = unordered ? act : act.filter(isAttributeItem);
    const used = new Set<number>();
    for (const e of expSet) {
      let found = false;
      let firstProblem: string | undefined;
      for (let i = 0; i < actSet.length; i++) {
        if (used.has(i)) continue;
        const trial = b.clone();
        const problem = compareItems(e, actSet[i], trial, path);
        if (problem === undefined) {
          b.adopt(trial);
          used.add(i);
          found = true;
          break;
        }
        firstProblem ??= problem;
      }
      if (!found)
        return `${path}: no match for expected ${describe(e)}${firstProblem !== undefined ? ` (${firstProblem})` : ''}`;
    }
    if (used.size !== actSet.length && !b.allAttributes) {
      const extra = actSet.filter((_, i) => !used.has(i)).map(describe);
      return `${path}: unexpected ${extra.join(', ')}`;
    }
    if (unordered) return undefined;
    return compareSequence(
      exp.filter((c) => !isAttributeItem(c)),
      act.filter((c) => !isAttributeItem(c)),
      b,
      path,
    );
  }
  return compareSequence(exp, act, b, path);
}

function compareSequence(
  exp: readonly TtlvItem[],
  act: readonly TtlvItem[],
  b: Bindings,
  path: string,
): string | undefined {
  for (let i = 0; i < exp.length; i++) {
    const e = exp[i];
    if (e === undefined) continue;
    const problem = compareItems(e, act[i], b, path);
    if (problem !== undefined) return problem;
  }
  if (act.length > exp.length) return `${path}: unexpected ${act.slice(exp.length).map(describe).join(', ')}`;
  return undefined;
}

function describe(item: TtlvItem): string {
  if (item.tag === Tag.Attribute && item.type === 'Structure') {
    const name = item.value.find((c) => c.tag === Tag.AttributeName);
    if (name?.type === 'TextString') return `Attribute '${name.value}'`;
  }
  return tagName(item.tag);
}

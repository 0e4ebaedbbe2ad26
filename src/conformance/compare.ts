// Comparing a server's response with an OASIS test case's expected response. Placeholders bind
// on first sight ($UNIQUE_IDENTIFIER_0 takes the identifier the server returned) and must match
// afterwards, and two identifier placeholders ($UNIQUE_IDENTIFIER_0, _1) stand for two objects,
// so they cannot bind the same value; $NOW±n matches a Date-Time within a minute of the run's
// clock. Result Message is free text (servers word it their own way) and is not compared.
// Attributes are a set: 1.x Attribute items and the children of a 2.x Attributes structure may
// come in any order (KMIP 1.4 §4.13 and 2.1 §6.1.21 fix no order). A Query answer must list every
// capability the case expects, and may list more (KMIP 2.1 §6.1.37: the server's own list).
import type { TtlvItem } from '../ttlv/item.js';
import { placeholderOf, type Placeholder } from '../ttlv/placeholders.js';
import { Tag } from '../spec/generated/tags.js';
import { Operation, PKCS_11Function } from '../spec/generated/enums.js';
import { enumValueName, tagInfo } from '../spec/registry.js';

/** How far a server's clock reading may be from the run's clock ($NOW): a slow run, not a wrong date. */
export const DATE_TOLERANCE_SECONDS = 60n;

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
  /** The PKCS#11 Function of the batch item being compared (PKCS#11 operation). */
  pkcs11Function: number | undefined = undefined;
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
    b.pkcs11Function = this.pkcs11Function;
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
 * Values the server chooses where a case wrote down the reference server's choice: the
 * description of its random number generator and the lease it grants (KMIP 1.4 §3.21: set by
 * the server). They must be present with the right type; their content is not compared.
 */
const SERVER_CHOSEN_TAGS: ReadonlySet<number> = new Set([Tag.RandomNumberGenerator, Tag.LeaseTime]);

/**
 * Output bytes that depend on what the server chose, compared by length only: the cipher text,
 * IV and tag of an Encrypt under a key the server generated or with randomized padding or a
 * random IV, a randomized signature, RNGRetrieve's random bytes, C_GetInfo's description of the
 * answering PKCS#11 library, and the digest of an object the
 * server generated (KMIP 1.4 §3.17: the digest of a registered object is computed on its
 * registered format, so that one is compared; the cases repeat one value for random keys).
 */
function isServerChosenOutput(tag: number, b: Bindings): boolean {
  const op = b.operation;
  if (op === Operation.RNGRetrieve) return tag === Tag.Data;
  if (op === Operation.Encrypt && (b.serverGeneratedKey || b.randomized)) {
    return tag === Tag.Data || tag === Tag.IVCounterNonce || tag === Tag.AuthenticatedEncryptionTag;
  }
  if (op === Operation.Sign && b.randomized) return tag === Tag.SignatureData;
  // C_GetInfo answers CK_INFO about the answering library (its maker, description and versions):
  // the layout is fixed (76 bytes, KMIP Profiles 2.1 §5.18.1), the words are the library's own.
  if (op === Operation.PKCS_11 && b.pkcs11Function === PKCS_11Function.C_GetInfo)
    return tag === Tag.PKCS_11OutputParameters;
  if (tag === Tag.DigestValue) return b.serverGeneratedKey;
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
      const payload = expected.value.find((c) => c.tag === Tag.ResponsePayload);
      const fn =
        payload?.type === 'Structure' ? payload.value.find((c) => c.tag === Tag.PKCS_11Function) : undefined;
      b.pkcs11Function = fn?.type === 'Enumeration' ? fn.value : undefined;
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
    const twin = identifierTwin(p.name, actual.value, b);
    if (twin !== undefined) return `${here}: ${show(actual.value)} is already ${twin}, another object`;
    b.values.set(p.name, actual.value);
    return undefined;
  }
  return equalValues(bound, actual.value)
    ? undefined
    : `${here}: ${show(actual.value)}, but ${p.text} was ${show(bound)}`;
}

/** Placeholder families that name objects: two members stand for two different objects. */
const IDENTIFIER_FAMILY = /^((?:SHORT_)?UNIQUE_IDENTIFIER)_\d+$/;

/** Another placeholder of the same identifier family already bound to `value`, if any. */
function identifierTwin(name: string, value: TtlvItem['value'], b: Bindings): string | undefined {
  const family = IDENTIFIER_FAMILY.exec(name)?.[1];
  if (family === undefined) return undefined;
  for (const [other, bound] of b.values) {
    if (other !== name && IDENTIFIER_FAMILY.exec(other)?.[1] === family && equalValues(bound, value))
      return `$${other}`;
  }
  return undefined;
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
 * A Query answer lists the answering server's own capabilities. Operations and object types are
 * enumerations: each one the case expects must be listed (the server may offer more, in any
 * order). Vendor Identification and Server Information describe the server in its own words:
 * they must be there, but their content is the server's.
 */
const CAPABILITY_ENUMS: ReadonlySet<number> = new Set([Tag.Operation, Tag.ObjectType]);
const SELF_DESCRIPTIONS: ReadonlySet<number> = new Set([Tag.VendorIdentification, Tag.ServerInformation]);

export function compareCapabilityLists(
  expected: readonly TtlvItem[],
  actual: readonly TtlvItem[],
  path: string,
): { expected: TtlvItem[]; actual: TtlvItem[]; problem?: string } {
  const capability = (c: TtlvItem): boolean => CAPABILITY_ENUMS.has(c.tag) || SELF_DESCRIPTIONS.has(c.tag);
  const rest = (items: readonly TtlvItem[]): TtlvItem[] => items.filter((c) => !capability(c));
  const fail = (problem: string): { expected: TtlvItem[]; actual: TtlvItem[]; problem: string } => ({
    expected: [],
    actual: [],
    problem,
  });
  for (const tag of SELF_DESCRIPTIONS) {
    if (expected.some((c) => c.tag === tag) && !actual.some((c) => c.tag === tag))
      return fail(`${path}: ${tagName(tag)} is missing`);
  }
  const unlisted: string[] = [];
  for (const tag of CAPABILITY_ENUMS) {
    const offered = new Set(actual.filter((c) => c.tag === tag).map((c) => c.value));
    const missing = expected.filter((c) => c.tag === tag && !offered.has(c.value)).map((c) => enumText(c));
    if (missing.length > 0) unlisted.push(`${tagName(tag)} ${missing.join(', ')}`);
  }
  if (unlisted.length > 0) return fail(`${path}: not listed: ${unlisted.join('; ')}`);
  return { expected: rest(expected), actual: rest(actual) };
}

function enumText(item: TtlvItem): string {
  if (item.type !== 'Enumeration') return show(item.value);
  const domain = item.tag === Tag.Operation ? 'Operation' : 'ObjectType';
  return enumValueName(domain, item.value) ?? show(item.value);
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

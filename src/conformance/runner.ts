// Replays OASIS KMIP test cases (KMIP XML: alternating request and expected response) against a
// server and reports, per case, pass or the first difference. The transport is the caller's:
// `send` takes a request tree and returns the response tree (in-process engine or TLS client).
import type { TtlvItem } from '../ttlv/item.js';
import { parseKmipXmlDocument } from '../notation/xml.js';
import { resolvePlaceholders } from '../ttlv/placeholders.js';
import { Tag } from '../spec/generated/tags.js';
import { Bindings, compareItems } from './compare.js';
import { enumValueName } from '../spec/registry.js';

export type Send = (request: TtlvItem) => Promise<TtlvItem>;

export interface CaseResult {
  readonly name: string;
  readonly passed: boolean;
  /** 1-based index of the request/response pair that differed. */
  readonly step?: number;
  readonly difference?: string;
}

/** What cases run one after another against the same server share: the keys it generated. */
export interface CaseSession {
  readonly generated: Set<string>;
  /** Public keys: RSA encryption under them is randomized (OAEP and PKCS#1 v1.5 alike). */
  readonly publicKeys?: Set<string>;
}

export async function runCase(
  name: string,
  xml: string,
  send: Send,
  session: CaseSession = { generated: new Set() },
  now = new Date(),
): Promise<CaseResult> {
  let items: TtlvItem[];
  try {
    items = parseKmipXmlDocument(xml, { placeholders: true });
  } catch (err) {
    return { name, passed: false, step: 0, difference: `cannot parse the case: ${(err as Error).message}` };
  }
  const b = new Bindings(BigInt(Math.floor(now.getTime() / 1000)));
  const { generated } = session;
  const publicKeys = session.publicKeys ?? new Set<string>();
  let step = 0;
  for (let i = 0; i < items.length; i++) {
    const req = items[i];
    if (req?.tag !== Tag.RequestMessage) continue;
    step++;
    const expected = items[i + 1];
    if (expected?.tag !== Tag.ResponseMessage) {
      return { name, passed: false, step, difference: 'the case has a request without an expected response' };
    }
    const request = resolvePlaceholders(req, (p, item) => b.resolve(p, item));
    let actual: TtlvItem;
    try {
      actual = await send(request);
    } catch (err) {
      return { name, passed: false, step, difference: `the request failed: ${(err as Error).message}` };
    }
    b.rememberResponse(actual);
    for (const uid of generatedUids(actual)) generated.add(uid);
    for (const uid of publicKeyUids(request, actual)) publicKeys.add(uid);
    b.serverGeneratedKey = texts(actual, Tag.UniqueIdentifier).some((u) => generated.has(u));
    b.allAttributes = asksForAllAttributes(request);
    b.randomized =
      asksForRandomness(request) || texts(request, Tag.UniqueIdentifier).some((u) => publicKeys.has(u));
    const problem = compareItems(expected, actual, b, '');
    b.serverGeneratedKey = false;
    if (problem !== undefined) return { name, passed: false, step, difference: problem };
  }
  return { name, passed: true };
}

const KEY_GENERATING = new Set(['Create', 'CreateKeyPair', 'ReKey', 'ReKeyKeyPair', 'DeriveKey']);

function texts(item: TtlvItem, tag: number): string[] {
  if (item.type === 'TextString') return item.tag === tag ? [item.value] : [];
  if (item.type !== 'Structure') return [];
  return item.value.flatMap((c) => texts(c, tag));
}

/** Identifiers handed out by the key-generating batch items of a response (Create, ReKey …). */
function generatedUids(response: TtlvItem): string[] {
  if (response.type !== 'Structure') return [];
  const out: string[] = [];
  for (const item of response.value) {
    if (item.type !== 'Structure') continue;
    const op = item.value.find((c) => c.tag === Tag.Operation);
    if (op?.type !== 'Enumeration' || !KEY_GENERATING.has(enumValueName('Operation', op.value) ?? ''))
      continue;
    for (const t of [Tag.UniqueIdentifier, Tag.PrivateKeyUniqueIdentifier, Tag.PublicKeyUniqueIdentifier]) {
      out.push(...texts(item, t));
    }
  }
  return out;
}

/** Public keys a response hands out: CreateKeyPair's public half, a registered Public Key. */
function publicKeyUids(request: TtlvItem, response: TtlvItem): string[] {
  const out = texts(response, Tag.PublicKeyUniqueIdentifier);
  const registersPublicKey = enums(request, Tag.ObjectType).some(
    (v) => enumValueName('ObjectType', v) === 'PublicKey',
  );
  if (registersPublicKey && texts(request, Tag.UniqueIdentifier).length === 0)
    out.push(...texts(response, Tag.UniqueIdentifier));
  return out;
}

/** OAEP / PKCS#1 v1.5 padding, PSS, or a random IV: the output differs on every call. */
function asksForRandomness(request: TtlvItem): boolean {
  const paddings = enums(request, Tag.PaddingMethod).map((v) => enumValueName('PaddingMethod', v));
  if (paddings.some((p) => p === 'OAEP' || p === 'PKCS1V1_5' || p === 'PSS')) return true;
  return bools(request, Tag.RandomIV).includes(true);
}

function enums(item: TtlvItem, tag: number): number[] {
  if (item.type === 'Enumeration') return item.tag === tag ? [item.value] : [];
  return item.type === 'Structure' ? item.value.flatMap((c) => enums(c, tag)) : [];
}

function bools(item: TtlvItem, tag: number): boolean[] {
  if (item.type === 'Boolean') return item.tag === tag ? [item.value] : [];
  return item.type === 'Structure' ? item.value.flatMap((c) => bools(c, tag)) : [];
}

/** A GetAttributes or GetAttributeList naming no attribute. */
function asksForAllAttributes(request: TtlvItem): boolean {
  if (request.type !== 'Structure') return false;
  return request.value.some((item) => {
    if (item.type !== 'Structure') return false;
    const op = item.value.find((c) => c.tag === Tag.Operation);
    const name = op?.type === 'Enumeration' ? enumValueName('Operation', op.value) : undefined;
    if (name !== 'GetAttributes' && name !== 'GetAttributeList') return false;
    const payload = item.value.find((c) => c.tag === Tag.RequestPayload);
    return (
      payload?.type !== 'Structure' ||
      !payload.value.some((c) => c.tag === Tag.AttributeName || c.tag === Tag.AttributeReference)
    );
  });
}

/** The profile prefix of a case file name: 'SKLC-M-1-14.xml' -> 'SKLC', 'CS-BC-M-GCM-1-21' -> 'CS-BC'. */
export function profileOf(name: string): string {
  const m = /^(.*?)-[MO]-/.exec(name);
  return m?.[1] ?? name;
}

export function formatTable(results: readonly CaseResult[]): string {
  const width = Math.max(4, ...results.map((r) => r.name.length));
  const lines = [`${'case'.padEnd(width)}  result  first difference`];
  for (const r of results) {
    lines.push(
      `${r.name.padEnd(width)}  ${r.passed ? 'pass  ' : 'FAIL  '}  ${r.passed ? '' : `step ${r.step}: ${r.difference}`}`,
    );
  }
  const byProfile = new Map<string, { pass: number; total: number }>();
  for (const r of results) {
    const p = profileOf(r.name);
    const c = byProfile.get(p) ?? { pass: 0, total: 0 };
    c.total++;
    if (r.passed) c.pass++;
    byProfile.set(p, c);
  }
  lines.push('', 'profile   passed/total');
  for (const [p, c] of [...byProfile].sort()) lines.push(`${p.padEnd(9)} ${c.pass}/${c.total}`);
  const passed = results.filter((r) => r.passed).length;
  lines.push('', `${passed} passed, ${results.length - passed} failed`);
  return lines.join('\n');
}

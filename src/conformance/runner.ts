// Replays OASIS KMIP test cases (KMIP XML: alternating request and expected response) against a
// server and reports, per case, pass or the first difference. The transport is the caller's:
// `send` takes a request tree and returns the response tree (in-process engine or TLS client).
import type { TtlvItem } from '../ttlv/item.js';
import { readKmipTestCase } from '../notation/xml.js';
import { resolvePlaceholders } from '../ttlv/placeholders.js';
import { Tag } from '../spec/generated/tags.js';
import { Bindings, compareItems } from './compare.js';
import { serverClockAsNow } from './printed-case.js';
import {
  asksForAllAttributes,
  asksForRandomness,
  publicKeyUids,
  serverChosenUids,
  texts,
  type CaseSession,
} from './server-choices.js';

export type { CaseSession } from './server-choices.js';

export type Send = (request: TtlvItem) => Promise<TtlvItem>;

export interface CaseResult {
  readonly name: string;
  readonly passed: boolean;
  /** 1-based index of the request/response pair that differed. */
  readonly step?: number;
  readonly difference?: string;
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
    const doc = readKmipTestCase(xml, { placeholders: true });
    items = doc.printedInHtml ? serverClockAsNow(doc.messages) : doc.messages;
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
    for (const uid of serverChosenUids(request, actual, generated)) generated.add(uid);
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

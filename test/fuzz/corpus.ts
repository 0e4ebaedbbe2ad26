// Fuzz seeds from the OASIS test cases (test/vectors/oasis): every request and response message,
// read with placeholders and encoded to binary TTLV. For the engine, the seeds are made against a
// live engine: each case is replayed (so its requests name the objects it created), and every
// request is also encoded with its placeholders bound to objects that exist in the store.
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseKmipXmlDocument } from '../../src/notation/xml.js';
import { resolvePlaceholders } from '../../src/ttlv/placeholders.js';
import { encodeTtlv } from '../../src/ttlv/encode.js';
import { decodeTtlv } from '../../src/ttlv/decode.js';
import type { TtlvItem } from '../../src/ttlv/item.js';
import { Tag } from '../../src/spec/generated/tags.js';
import { runCase } from '../../src/conformance/runner.js';
import { listCaseFiles } from '../../src/conformance/suite.js';
import type { Harness } from '../helpers/engine-harness.js';

export const OASIS_DIR = join(fileURLToPath(new URL('.', import.meta.url)), '..', 'vectors', 'oasis');

export interface OasisCase {
  readonly name: string;
  readonly xml: string;
  /** Request and response messages in file order, placeholders kept (marked). */
  readonly items: readonly TtlvItem[];
}

export function loadOasisCases(dir = OASIS_DIR): OasisCase[] {
  const out: OasisCase[] = [];
  for (const f of listCaseFiles(dir)) {
    const xml = readFileSync(f, 'utf8');
    try {
      out.push({ name: basename(f, '.xml'), xml, items: parseKmipXmlDocument(xml, { placeholders: true }) });
    } catch {
      // A case our XML reader refuses is not a seed; the conformance suite reports it.
    }
  }
  return out;
}

const NOW = BigInt(Math.floor(Date.now() / 1000));

/** Encodes a message with every placeholder bound: times to now, identifiers from `uids`. */
export function bindAndEncode(item: TtlvItem, uids: readonly string[]): Uint8Array | undefined {
  try {
    const bound = resolvePlaceholders(item, (p, it) => {
      if (p.name === 'NOW')
        return it.type === 'DateTimeExtended'
          ? (NOW + BigInt(p.offset)) * 1_000_000n
          : NOW + BigInt(p.offset);
      const m = /UNIQUE_IDENTIFIER_(\d+)$/.exec(p.name);
      if (m !== null && it.type === 'TextString' && uids.length > 0) return uids[Number(m[1]) % uids.length];
      return undefined;
    });
    return encodeTtlv(bound);
  } catch {
    return undefined;
  }
}

/** Seeds for the decoder: every message of every case, requests and responses. */
export function decoderSeeds(cases: readonly OasisCase[]): Uint8Array[] {
  return cases.flatMap((c) => c.items.flatMap((i) => bindAndEncode(i, ['seed-uid']) ?? []));
}

/**
 * Seeds for the engine behind `h`: the requests each case sent when replayed against it, then
 * every request bound to the identifiers of objects now in its store.
 */
export async function engineSeeds(h: Harness, cases: readonly OasisCase[]): Promise<Uint8Array[]> {
  const sent: Uint8Array[] = [];
  for (const c of cases) {
    await runCase(c.name, c.xml, async (request) => {
      const bytes = encodeTtlv(request);
      sent.push(bytes);
      return decodeTtlv(await h.engine.handleFrame(bytes, { identity: 'alice' }));
    });
  }
  const every = { identity: 'alice', own: 'all', anyOwner: [] } as const;
  const { uids } = await h.store.locate({ visibility: every, criteria: [], storage: 7, now: new Date() });
  const bound = cases.flatMap((c) =>
    c.items.filter((i) => i.tag === Tag.RequestMessage).flatMap((i) => bindAndEncode(i, uids) ?? []),
  );
  return [...sent, ...bound];
}

// The fuzz loop: each input, mutated from an OASIS seed, goes through the TTLV decoder (and the
// framer) and through Engine.handleFrame of an in-process engine. What counts as a finding:
// - decoder: any throw other than TtlvError / KmipError; a decoded item that does not survive
//   encode -> decode unchanged; a framer that throws anything but TtlvError;
// - engine: handleFrame rejecting; a response that does not decode to a Response Message with a
//   batch item; a batch item answered "internal error" (an unexpected exception in an operation);
// - either: an input taking longer than timeLimitMs; the heap above maxHeapMb.
// The engine is rebuilt (fresh in-memory store, fresh seeds) every `epoch` inputs so that objects
// created by the fuzz inputs do not accumulate.
import { getHeapStatistics } from 'node:v8';
import { performance } from 'node:perf_hooks';
import { isDeepStrictEqual } from 'node:util';
import { decodeTtlv } from '../../src/ttlv/decode.js';
import { encodeTtlv } from '../../src/ttlv/encode.js';
import { TtlvError } from '../../src/ttlv/errors.js';
import { TtlvFramer } from '../../src/ttlv/framer.js';
import type { TtlvItem } from '../../src/ttlv/item.js';
import { KmipError } from '../../src/messages/kmip-error.js';
import { ResultReason } from '../../src/spec/generated/enums.js';
import { Tag } from '../../src/spec/generated/tags.js';
import { createHarness, type Harness } from '../helpers/engine-harness.js';
import { decoderSeeds, engineSeeds, loadOasisCases } from './corpus.js';
import { makeSeed, mutate, Rng, type Seed } from './mutate.js';

export const FindingKind = Object.freeze({
  DecoderCrash: 'decoder-crash',
  RoundTrip: 'round-trip',
  FramerCrash: 'framer-crash',
  EngineReject: 'engine-reject',
  BadResponse: 'bad-response',
  InternalError: 'internal-error',
  Slow: 'slow',
  Memory: 'memory',
} as const);
export type FindingKind = (typeof FindingKind)[keyof typeof FindingKind];

export interface Finding {
  readonly kind: FindingKind;
  readonly index: number;
  readonly detail: string;
  readonly input: Uint8Array;
}

export interface FuzzOptions {
  readonly runs: number;
  readonly seed: number;
  /** Per-input time limit for either target. */
  readonly timeLimitMs: number;
  readonly maxHeapMb: number;
  /** Inputs per engine (and seed set) before both are rebuilt. */
  readonly epoch: number;
  /** Called before each input (the watchdog keeps it) and every `progressEvery` inputs. */
  readonly onInput?: (index: number, input: Uint8Array) => void;
  readonly onProgress?: (stats: FuzzStats) => void;
  readonly onFinding?: (f: Finding) => void;
  readonly progressEvery?: number;
}

export interface FuzzStats {
  runs: number;
  decoded: number;
  decodeErrors: number;
  engineResponses: number;
  engineSuccessItems: number;
  internalErrors: number;
  findings: number;
  slowestMs: number;
  peakHeapMb: number;
  elapsedMs: number;
}

/** Unique findings are kept by kind and detail; the rest are only counted. */
const MAX_FINDINGS_KEPT = 200;

const INTERNAL_ERROR = 'internal error processing the request';

export async function fuzz(o: FuzzOptions): Promise<{ stats: FuzzStats; findings: Finding[] }> {
  const rng = new Rng(o.seed);
  const cases = loadOasisCases();
  const decSeeds = decoderSeeds(cases).map(makeSeed);
  const stats: FuzzStats = {
    runs: 0,
    decoded: 0,
    decodeErrors: 0,
    engineResponses: 0,
    engineSuccessItems: 0,
    internalErrors: 0,
    findings: 0,
    slowestMs: 0,
    peakHeapMb: 0,
    elapsedMs: 0,
  };
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const report = (kind: FindingKind, index: number, detail: string, input: Uint8Array): void => {
    stats.findings++;
    const key = `${kind}:${detail.split('\n')[0]}`;
    if (seen.has(key) || findings.length >= MAX_FINDINGS_KEPT) return;
    seen.add(key);
    const f = { kind, index, detail, input };
    findings.push(f);
    o.onFinding?.(f);
  };
  const start = performance.now();
  let harness: Harness | undefined;
  let engSeeds: Seed[] = [];
  try {
    for (let i = 0; i < o.runs; i++) {
      if (i % o.epoch === 0) {
        await harness?.close();
        harness = await createHarness();
        engSeeds = (await engineSeeds(harness, cases)).map(makeSeed);
      }
      // Half the inputs start from the engine's seeds (bound to live objects), half from all messages.
      const pool = (i & 1) === 0 && engSeeds.length > 0 ? engSeeds : decSeeds;
      const input = mutate(rng, rng.pick(pool), pool);
      o.onInput?.(i, input);
      const t0 = performance.now();
      checkDecoder(input, rng, i, stats, report);
      if (harness !== undefined) await checkEngine(harness, input, i, stats, report);
      const took = performance.now() - t0;
      if (took > stats.slowestMs) stats.slowestMs = took;
      if (took > o.timeLimitMs) report(FindingKind.Slow, i, `took ${Math.round(took)} ms`, input);
      stats.runs = i + 1;
      if ((i + 1) % (o.progressEvery ?? 1000) === 0 || i + 1 === o.runs) {
        const heapMb = getHeapStatistics().used_heap_size / 1024 / 1024;
        if (heapMb > stats.peakHeapMb) stats.peakHeapMb = heapMb;
        if (heapMb > o.maxHeapMb) report(FindingKind.Memory, i, `heap ${Math.round(heapMb)} MB`, input);
        stats.elapsedMs = performance.now() - start;
        o.onProgress?.({ ...stats });
      }
    }
  } finally {
    await harness?.close();
  }
  stats.elapsedMs = performance.now() - start;
  return { stats, findings };
}

type Report = (kind: FindingKind, index: number, detail: string, input: Uint8Array) => void;

const describeError = (e: unknown): string => (e instanceof Error ? (e.stack ?? e.message) : String(e));

function checkDecoder(input: Uint8Array, rng: Rng, i: number, stats: FuzzStats, report: Report): void {
  let item: TtlvItem | undefined;
  try {
    item = decodeTtlv(input);
    stats.decoded++;
  } catch (e) {
    if (e instanceof TtlvError || e instanceof KmipError) stats.decodeErrors++;
    else report(FindingKind.DecoderCrash, i, describeError(e), input);
  }
  if (item !== undefined) {
    try {
      const again = decodeTtlv(encodeTtlv(item));
      if (!isDeepStrictEqual(again, item))
        report(FindingKind.RoundTrip, i, 'encode(decode(x)) decodes differently', input);
    } catch (e) {
      report(FindingKind.RoundTrip, i, `re-encoding failed: ${describeError(e)}`, input);
    }
  }
  // The framer, fed the input in random chunks, throws nothing but TtlvError.
  const framer = new TtlvFramer({ maxMessageSize: 1024 * 1024 });
  try {
    for (let at = 0; at < input.length;) {
      const n = 1 + rng.int(64);
      framer.push(input.subarray(at, at + n), () => undefined);
      at += n;
    }
  } catch (e) {
    if (!(e instanceof TtlvError)) report(FindingKind.FramerCrash, i, describeError(e), input);
  }
}

async function checkEngine(
  h: Harness,
  input: Uint8Array,
  i: number,
  stats: FuzzStats,
  report: Report,
): Promise<void> {
  let out: Uint8Array;
  try {
    out = await h.engine.handleFrame(input, { identity: 'alice' });
  } catch (e) {
    report(FindingKind.EngineReject, i, describeError(e), input);
    return;
  }
  let response: TtlvItem;
  try {
    response = decodeTtlv(out);
  } catch (e) {
    report(FindingKind.BadResponse, i, `the response does not decode: ${describeError(e)}`, input);
    return;
  }
  if (response.type !== 'Structure' || response.tag !== Tag.ResponseMessage) {
    report(FindingKind.BadResponse, i, 'the response is not a Response Message', input);
    return;
  }
  const items = response.value.filter((c) => c.tag === Tag.BatchItem);
  if (items.length === 0 || !response.value.some((c) => c.tag === Tag.ResponseHeader)) {
    report(FindingKind.BadResponse, i, 'the response has no header or no batch item', input);
    return;
  }
  stats.engineResponses++;
  for (const item of items) {
    if (item.type !== 'Structure') continue;
    const status = item.value.find((c) => c.tag === Tag.ResultStatus);
    if (status?.type === 'Enumeration' && status.value === 0) stats.engineSuccessItems++;
    const reason = item.value.find((c) => c.tag === Tag.ResultReason);
    const message = item.value.find((c) => c.tag === Tag.ResultMessage);
    if (
      reason?.type === 'Enumeration' &&
      reason.value === ResultReason.GeneralFailure &&
      message?.type === 'TextString' &&
      message.value === INTERNAL_ERROR
    ) {
      stats.internalErrors++;
      const op = item.value.find((c) => c.tag === Tag.Operation);
      report(FindingKind.InternalError, i, `operation ${op?.type === 'Enumeration' ? op.value : '?'}`, input);
    }
  }
}

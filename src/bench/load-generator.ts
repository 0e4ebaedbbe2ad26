// The load generator behind `kmip bench`: N TLS connections, a pipeline depth, an operation mix,
// a duration or a count; reports ops/s and latency quantiles per operation and overall.
import type { ConnectionOptions } from 'node:tls';
import { decodeTtlv } from '../ttlv/decode.js';
import { Tag } from '../spec/generated/tags.js';
import { ResultStatus } from '../spec/generated/enums.js';
import type { ProtocolVersion } from '../messages/protocol-version.js';
import { BenchConnection } from './connection.js';
import { Histogram } from './histogram.js';
import {
  BENCH_OPERATIONS,
  activateRequest,
  createAesRequest,
  encryptGcmRequest,
  getAttributesRequest,
  getRequest,
  locateByNameRequest,
  type BenchOperation,
} from './requests.js';

export interface LoadOptions {
  readonly tls: ConnectionOptions;
  readonly connections: number;
  readonly depth: number;
  /** Relative weights; operations with weight 0 are not sent. */
  readonly mix: Readonly<Partial<Record<BenchOperation, number>>>;
  readonly durationMs?: number;
  readonly count?: number;
  readonly version?: ProtocolVersion;
  /** Keys made before the run for get / encrypt / get-attributes / locate. */
  readonly keys?: number;
  readonly onProgress?: (done: number, elapsedMs: number) => void;
  /** Each object the run makes (its keys, and every Create), so that it can be removed later. */
  readonly onCreated?: (uid: string) => void;
  /** Polled between requests: true ends the run early (Ctrl-C). */
  readonly shouldStop?: () => boolean;
}

export interface OperationStats {
  readonly ops: number;
  readonly errors: number;
  readonly opsPerSec: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export interface LoadResult {
  readonly elapsedMs: number;
  readonly total: OperationStats;
  readonly byOperation: Readonly<Partial<Record<BenchOperation, OperationStats>>>;
  readonly firstError?: string;
}

function succeeded(bytes: Uint8Array): { ok: boolean; uid?: string; message?: string } {
  const msg = decodeTtlv(bytes);
  if (msg.type !== 'Structure') return { ok: false, message: 'not a structure' };
  const item = msg.value.find((c) => c.tag === Tag.BatchItem);
  if (item?.type !== 'Structure') return { ok: false, message: 'no batch item' };
  const status = item.value.find((c) => c.tag === Tag.ResultStatus);
  const payload = item.value.find((c) => c.tag === Tag.ResponsePayload);
  const uid =
    payload?.type === 'Structure' ? payload.value.find((c) => c.tag === Tag.UniqueIdentifier) : undefined;
  const text = item.value.find((c) => c.tag === Tag.ResultMessage);
  return {
    ok: status?.type === 'Enumeration' && status.value === ResultStatus.Success,
    ...(uid?.type === 'TextString' ? { uid: uid.value } : {}),
    ...(text?.type === 'TextString' ? { message: text.value } : {}),
  };
}

function stats(h: Histogram, errors: number, elapsedMs: number): OperationStats {
  return {
    ops: h.count,
    errors,
    opsPerSec: elapsedMs > 0 ? (h.count * 1000) / elapsedMs : 0,
    p50Ms: h.quantile(0.5) / 1000,
    p90Ms: h.quantile(0.9) / 1000,
    p99Ms: h.quantile(0.99) / 1000,
    maxMs: h.max / 1000,
  };
}

/** Makes the keys the read operations use (active AES-256, named bench-key-<run>-<i>). */
async function prepareKeys(
  conn: BenchConnection,
  version: ProtocolVersion,
  n: number,
  onCreated: (uid: string) => void,
): Promise<{ uids: string[]; names: string[] }> {
  const run = Math.random().toString(36).slice(2, 8);
  const names = Array.from({ length: n }, (_, i) => `bench-key-${run}-${i}`);
  const uids: string[] = [];
  for (const name of names) {
    // Create, then Activate: PyKMIP's server refuses an Activation Date on Create.
    const r = succeeded((await conn.send(createAesRequest(version, name))).bytes);
    if (!r.ok || r.uid === undefined)
      throw new Error(`could not create a key for the run: ${r.message ?? 'failed'}`);
    onCreated(r.uid);
    const a = succeeded((await conn.send(activateRequest(version, r.uid))).bytes);
    if (!a.ok) throw new Error(`could not activate a key for the run: ${a.message ?? 'failed'}`);
    uids.push(r.uid);
  }
  return { uids, names };
}

export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const version = o.version ?? { major: 1, minor: 2 };
  const ops = BENCH_OPERATIONS.filter((op) => (o.mix[op] ?? 0) > 0);
  if (ops.length === 0) throw new Error('the operation mix is empty');
  if (o.durationMs === undefined && o.count === undefined) throw new Error('give a duration or a count');
  const weights = ops.map((op) => o.mix[op] ?? 0);
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const conns = await Promise.all(Array.from({ length: o.connections }, () => BenchConnection.open(o.tls)));
  const first = conns[0];
  if (first === undefined) throw new Error('no connections');
  const needsKeys = ops.some((op) => op !== 'create');
  const keys = needsKeys
    ? await prepareKeys(first, version, Math.max(1, o.keys ?? 16), o.onCreated ?? (() => undefined))
    : { uids: [], names: [] };
  const requests = {
    get: keys.uids.map((u) => getRequest(version, u)),
    'get-attributes': keys.uids.map((u) => getAttributesRequest(version, u)),
    encrypt: keys.uids.map((u) => encryptGcmRequest(version, u)),
    locate: keys.names.map((n) => locateByNameRequest(version, n)),
    create: [createAesRequest(version)],
  } satisfies Record<BenchOperation, Uint8Array[]>;
  const histograms = new Map<BenchOperation, Histogram>(ops.map((op) => [op, new Histogram()]));
  const errors = new Map<BenchOperation, number>(ops.map((op) => [op, 0]));
  let firstError: string | undefined;
  let issued = 0;
  let done = 0;
  let seq = 0;
  const started = performance.now();
  const deadline = o.durationMs === undefined ? Infinity : started + o.durationMs;
  const more = (): boolean =>
    (o.count === undefined || issued < o.count) && performance.now() < deadline && o.shouldStop?.() !== true;
  const pick = (): BenchOperation => {
    let r = ((seq++ * 0.6180339887) % 1) * totalWeight;
    for (let i = 0; i < ops.length; i++) {
      r -= weights[i] ?? 0;
      if (r < 0) return ops[i] ?? 'get';
    }
    return ops[ops.length - 1] ?? 'get';
  };
  const progress =
    o.onProgress === undefined
      ? undefined
      : setInterval(() => o.onProgress?.(done, performance.now() - started), 1000);
  const worker = async (conn: BenchConnection): Promise<void> => {
    const lane = async (): Promise<void> => {
      while (more()) {
        issued++;
        const op = pick();
        const list = requests[op];
        const req = list[seq % list.length] ?? list[0];
        if (req === undefined) continue;
        const reply = await conn.send(req);
        const r = succeeded(reply.bytes);
        histograms.get(op)?.record(reply.micros);
        if (r.ok && op === 'create' && r.uid !== undefined) o.onCreated?.(r.uid);
        if (!r.ok) {
          errors.set(op, (errors.get(op) ?? 0) + 1);
          firstError ??= `${op}: ${r.message ?? 'failed'}`;
        }
        done++;
      }
    };
    await Promise.all(Array.from({ length: o.depth }, lane));
  };
  try {
    await Promise.all(conns.map(worker));
  } finally {
    if (progress !== undefined) clearInterval(progress);
    for (const c of conns) c.close();
  }
  const elapsedMs = performance.now() - started;
  const total = new Histogram();
  const byOperation: Partial<Record<BenchOperation, OperationStats>> = {};
  let errorCount = 0;
  for (const op of ops) {
    const h = histograms.get(op) ?? new Histogram();
    total.merge(h);
    errorCount += errors.get(op) ?? 0;
    byOperation[op] = stats(h, errors.get(op) ?? 0, elapsedMs);
  }
  return {
    elapsedMs,
    total: stats(total, errorCount, elapsedMs),
    byOperation,
    ...(firstError !== undefined ? { firstError } : {}),
  };
}

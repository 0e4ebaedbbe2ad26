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
  BUCKET_ATTRIBUTE,
  activateRequest,
  createAesRequest,
  encryptGcmRequest,
  getAttributesRequest,
  getRequest,
  locateByAttributeRequest,
  locateByNameRequest,
  locateTypeRequest,
  type BenchOperation,
} from './requests.js';
import { ObjectType } from '../spec/generated/enums.js';
import type { PrefilledObject } from './prefill.js';

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
  /** Objects already on the server (kmip bench --prefill) to read instead of making keys. */
  readonly prefilled?: readonly PrefilledObject[];
  /** create-named also tags each key with x-bucket (default true; PyKMIP refuses custom attributes). */
  readonly bucketAttribute?: boolean;
  readonly onProgress?: (done: number, elapsedMs: number) => void;
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

/**
 * Makes the keys the read operations use: active AES-256, named bench-key-<run>-<i>, and tagged
 * with a bucket when `buckets` (only for locate-attr: PyKMIP refuses custom attributes).
 */
async function prepareKeys(
  conn: BenchConnection,
  version: ProtocolVersion,
  n: number,
  buckets: boolean,
): Promise<PrefilledObject[]> {
  const run = Math.random().toString(36).slice(2, 8);
  const out: PrefilledObject[] = [];
  for (let i = 0; i < n; i++) {
    const name = `bench-key-${run}-${i}`;
    const bucket = `bench-bucket-${run}-${i}`;
    // Create, then Activate: PyKMIP's server refuses an Activation Date on Create.
    const r = succeeded(
      (await conn.send(createAesRequest(version, name, false, buckets ? bucket : undefined))).bytes,
    );
    if (!r.ok || r.uid === undefined)
      throw new Error(`could not create a key for the run: ${r.message ?? 'failed'}`);
    const a = succeeded((await conn.send(activateRequest(version, r.uid))).bytes);
    if (!a.ok) throw new Error(`could not activate a key for the run: ${a.message ?? 'failed'}`);
    out.push({ uid: r.uid, name, bucket });
  }
  return out;
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
  const needsKeys = ops.some((op) => op !== 'create' && op !== 'create-named' && op !== 'locate-type');
  const keys =
    o.prefilled !== undefined && o.prefilled.length > 0
      ? o.prefilled
      : needsKeys
        ? await prepareKeys(first, version, Math.max(1, o.keys ?? 16), ops.includes('locate-attr'))
        : [];
  const run = Math.random().toString(36).slice(2, 8);
  let made = 0;
  const requests = {
    get: keys.map((k) => getRequest(version, k.uid)),
    'get-attributes': keys.map((k) => getAttributesRequest(version, k.uid)),
    encrypt: keys.map((k) => encryptGcmRequest(version, k.uid)),
    locate: keys.map((k) => locateByNameRequest(version, k.name)),
    'locate-attr': keys.map((k) => locateByAttributeRequest(version, BUCKET_ATTRIBUTE, k.bucket)),
    'locate-type': [locateTypeRequest(version, ObjectType.SymmetricKey, 10)],
    create: [createAesRequest(version)],
    'create-named': [],
  } satisfies Record<BenchOperation, Uint8Array[]>;
  /** The next request for `op`: the prepared ones in turn; a named Create is made per call. */
  const next = (op: BenchOperation): Uint8Array | undefined => {
    if (op === 'create-named') {
      const n = made++;
      const bucket = o.bucketAttribute === false ? undefined : `bench-bucket-${run}-${n}`;
      return createAesRequest(version, `bench-${run}-${n}`, false, bucket);
    }
    const list = requests[op];
    return list[seq % list.length] ?? list[0];
  };
  const histograms = new Map<BenchOperation, Histogram>(ops.map((op) => [op, new Histogram()]));
  const errors = new Map<BenchOperation, number>(ops.map((op) => [op, 0]));
  let firstError: string | undefined;
  let issued = 0;
  let done = 0;
  let seq = 0;
  const started = performance.now();
  const deadline = o.durationMs === undefined ? Infinity : started + o.durationMs;
  const more = (): boolean => (o.count === undefined || issued < o.count) && performance.now() < deadline;
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
        const req = next(op);
        if (req === undefined) continue;
        const reply = await conn.send(req);
        const r = succeeded(reply.bytes);
        histograms.get(op)?.record(reply.micros);
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

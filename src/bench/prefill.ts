// `kmip bench --prefill N`: fills a server the way Zenko and Ceph do — one owner, a named AES-256
// key per bucket carrying an x-bucket attribute, already active — through the server's own
// Create, many Creates to a request message (a batch) over a few pipelined connections. Returns
// a random sample of what it made, for the load that follows (Get, Locate by name or bucket).
import type { ConnectionOptions } from 'node:tls';
import { decodeTtlv } from '../ttlv/decode.js';
import { Tag } from '../spec/generated/tags.js';
import { Operation, ResultStatus } from '../spec/generated/enums.js';
import type { ProtocolVersion } from '../messages/protocol-version.js';
import { BenchConnection } from './connection.js';
import { batchMessage, createAesPayload } from './requests.js';

export interface PrefilledObject {
  readonly uid: string;
  readonly name: string;
  readonly bucket: string;
}

export interface PrefillOptions {
  readonly tls: ConnectionOptions;
  readonly count: number;
  readonly version?: ProtocolVersion;
  /** Connections (default 4) × request messages in flight on each (default 2). */
  readonly connections?: number;
  readonly depth?: number;
  /** Creates per request message (default 100). */
  readonly batch?: number;
  /** Give each key an Activation Date in the past (default true; PyKMIP refuses one on Create). */
  readonly activate?: boolean;
  /** Tag each key with x-bucket (default true). */
  readonly bucket?: boolean;
  /** How many of the objects made to remember (default 1000), chosen at random. */
  readonly sample?: number;
  readonly onProgress?: (done: number, elapsedMs: number) => void;
}

export interface PrefillResult {
  readonly created: number;
  readonly elapsedMs: number;
  readonly sample: readonly PrefilledObject[];
}

/** The Unique Identifiers of a batch response, in order; throws on the first failed item. */
function createdUids(bytes: Uint8Array): string[] {
  const msg = decodeTtlv(bytes);
  if (msg.type !== 'Structure') throw new Error('the response is not a structure');
  const out: string[] = [];
  for (const item of msg.value) {
    if (item.tag !== Tag.BatchItem || item.type !== 'Structure') continue;
    const status = item.value.find((c) => c.tag === Tag.ResultStatus);
    if (status?.type !== 'Enumeration' || status.value !== ResultStatus.Success) {
      const m = item.value.find((c) => c.tag === Tag.ResultMessage);
      throw new Error(`a prefill Create failed: ${m?.type === 'TextString' ? m.value : 'no message'}`);
    }
    const payload = item.value.find((c) => c.tag === Tag.ResponsePayload);
    const uid =
      payload?.type === 'Structure' ? payload.value.find((c) => c.tag === Tag.UniqueIdentifier) : undefined;
    if (uid?.type !== 'TextString') throw new Error('a prefill Create returned no Unique Identifier');
    out.push(uid.value);
  }
  return out;
}

/** Prefill over TLS: `connections` × `depth` request messages in flight. */
export async function prefill(o: PrefillOptions): Promise<PrefillResult> {
  const depth = Math.max(1, o.depth ?? 2);
  const conns = await Promise.all(
    Array.from({ length: Math.max(1, o.connections ?? 4) }, () => BenchConnection.open(o.tls)),
  );
  try {
    const lanes = conns.flatMap((c) =>
      Array.from({ length: depth }, () => async (m: Uint8Array) => (await c.send(m)).bytes),
    );
    return await prefillThrough(lanes, o);
  } finally {
    for (const c of conns) c.close();
  }
}

/** A way to send one request message and get its response (a connection, or an engine). */
export type Send = (message: Uint8Array) => Promise<Uint8Array>;

/** The prefill itself, over any number of lanes, each sending one batch message at a time. */
export async function prefillThrough(
  lanes: readonly Send[],
  o: Omit<PrefillOptions, 'tls' | 'connections' | 'depth'>,
): Promise<PrefillResult> {
  const version = o.version ?? { major: 1, minor: 2 };
  const batch = Math.max(1, o.batch ?? 100);
  const keep = Math.max(0, o.sample ?? 1000);
  const run = Math.random().toString(36).slice(2, 8);
  const sample: PrefilledObject[] = [];
  let issued = 0;
  let created = 0;
  const started = performance.now();
  const progress =
    o.onProgress === undefined
      ? undefined
      : setInterval(() => o.onProgress?.(created, performance.now() - started), 1000);
  const lane = async (send: Send): Promise<void> => {
    while (issued < o.count) {
      const first = issued;
      const n = Math.min(batch, o.count - first);
      issued += n;
      const made = Array.from({ length: n }, (_, k) => ({
        name: `prefill-${run}-${first + k}`,
        bucket: `bucket-${run}-${first + k}`,
      }));
      const message = batchMessage(
        version,
        made.map((m) => ({
          operation: Operation.Create,
          payload: createAesPayload(m.name, o.activate ?? true, o.bucket === false ? undefined : m.bucket),
        })),
      );
      const uids = createdUids(await send(message));
      uids.forEach((uid, k) => {
        const m = made[k];
        if (m === undefined) return;
        // Reservoir sampling: every object made is equally likely to be in the sample.
        const seen = created + k;
        if (seen < keep) sample.push({ uid, ...m });
        else {
          const j = Math.floor(Math.random() * (seen + 1));
          if (j < keep) sample[j] = { uid, ...m };
        }
      });
      created += uids.length;
    }
  };
  try {
    await Promise.all(lanes.map(lane));
  } finally {
    if (progress !== undefined) clearInterval(progress);
  }
  return { created, elapsedMs: performance.now() - started, sample };
}

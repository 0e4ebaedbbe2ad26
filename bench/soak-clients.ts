// The soak's clients: a steady mixed workload (create, get, locate, encrypt, destroy) whose
// latencies are recorded, and the ones that misbehave: short connections (reconnects), a client
// that sends a request a byte at a time, and clients that drop mid-request or before the answer.
import { connect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import { setTimeout as sleep } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import { BenchConnection } from '../src/bench/connection.js';
import { Histogram } from '../src/bench/histogram.js';
import { decodeTtlv } from '../src/ttlv/decode.js';
import { Tag } from '../src/spec/generated/tags.js';
import { Operation, ResultStatus } from '../src/spec/generated/enums.js';
import {
  createAesRequest,
  encryptGcmRequest,
  getRequest,
  locateByNameRequest,
  requestMessage,
} from '../src/bench/requests.js';
import type { ProtocolVersion } from '../src/messages/protocol-version.js';

export const V14: ProtocolVersion = { major: 1, minor: 4 };

/** What the workload has done since the last reset (per minute). */
export class Tally {
  histogram = new Histogram();
  ops = 0;
  errors = 0;
  firstError: string | undefined;
  reconnects = 0;
  slowRequests = 0;
  drops = 0;

  reset(): void {
    this.histogram = new Histogram();
    this.ops = 0;
    this.errors = 0;
    this.firstError = undefined;
    this.reconnects = 0;
    this.slowRequests = 0;
    this.drops = 0;
  }
}

/** The Unique Identifier of a successful reply; throws with the Result Message otherwise. */
function succeeded(bytes: Uint8Array): string | undefined {
  const msg = decodeTtlv(bytes);
  const item = msg.type === 'Structure' ? msg.value.find((c) => c.tag === Tag.BatchItem) : undefined;
  if (item?.type !== 'Structure') throw new Error('no batch item');
  const status = item.value.find((c) => c.tag === Tag.ResultStatus);
  if (status?.type !== 'Enumeration' || status.value !== ResultStatus.Success) {
    const m = item.value.find((c) => c.tag === Tag.ResultMessage);
    throw new Error(m?.type === 'TextString' ? m.value : 'operation failed');
  }
  const payload = item.value.find((c) => c.tag === Tag.ResponsePayload);
  const uid =
    payload?.type === 'Structure' ? payload.value.find((c) => c.tag === Tag.UniqueIdentifier) : undefined;
  return uid?.type === 'TextString' ? uid.value : undefined;
}

const destroyRequest = (uid: string): Uint8Array =>
  requestMessage(V14, Operation.Destroy, [{ tag: Tag.UniqueIdentifier, type: 'TextString', value: uid }]);

/** Active keys for Encrypt, made once. */
export async function makeActiveKeys(tls: ConnectionOptions, n: number): Promise<string[]> {
  const c = await BenchConnection.open(tls);
  try {
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const uid = succeeded((await c.send(createAesRequest(V14, undefined, true))).bytes);
      if (uid !== undefined) out.push(uid);
    }
    return out;
  } finally {
    c.close();
  }
}

/**
 * One steady connection: create a named key, get it, locate it by name, encrypt with an active
 * key, destroy the new key; `pauseMs` between cycles keeps the rate moderate.
 */
export async function steadyClient(
  tls: ConnectionOptions,
  activeKeys: readonly string[],
  tally: Tally,
  running: () => boolean,
  pauseMs: number,
): Promise<void> {
  let c = await BenchConnection.open(tls);
  const timed = async (request: Uint8Array): Promise<string | undefined> => {
    const reply = await c.send(request);
    tally.histogram.record(reply.micros);
    tally.ops++;
    return succeeded(reply.bytes);
  };
  while (running()) {
    try {
      const name = `soak-${randomUUID()}`;
      const uid = await timed(createAesRequest(V14, name));
      if (uid === undefined) throw new Error('Create returned no identifier');
      await timed(getRequest(V14, uid));
      await timed(locateByNameRequest(V14, name));
      const key = activeKeys[Math.floor(Math.random() * activeKeys.length)] ?? uid;
      await timed(encryptGcmRequest(V14, key, 256));
      await timed(destroyRequest(uid));
    } catch (e) {
      tally.errors++;
      tally.firstError ??= (e as Error).message;
      c.close();
      c = await BenchConnection.open(tls);
    }
    await sleep(pauseMs);
  }
  c.close();
}

function rawConnect(tls: ConnectionOptions): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const s = connect(tls);
    s.once('secureConnect', () => resolve(s));
    s.once('error', reject);
  });
}

/** Connects, asks one Get, hangs up; again and again. */
export async function reconnectingClient(
  tls: ConnectionOptions,
  uid: string,
  tally: Tally,
  running: () => boolean,
): Promise<void> {
  while (running()) {
    try {
      const c = await BenchConnection.open(tls);
      succeeded((await c.send(getRequest(V14, uid))).bytes);
      c.close();
      tally.reconnects++;
    } catch (e) {
      tally.errors++;
      tally.firstError ??= `reconnect: ${(e as Error).message}`;
    }
    await sleep(200);
  }
}

/** Sends a Get one byte every `byteMs` (a whole request in seconds) and reads its answer. */
export async function slowClient(
  tls: ConnectionOptions,
  uid: string,
  tally: Tally,
  running: () => boolean,
  byteMs = 50,
): Promise<void> {
  while (running()) {
    try {
      const s = await rawConnect(tls);
      const answered = new Promise<void>((resolve, reject) => {
        s.once('data', () => resolve());
        s.once('close', () => reject(new Error('closed before answering')));
      });
      // When the soak ends mid-request the answer is not awaited: its rejection is expected.
      answered.catch(() => undefined);
      for (const b of getRequest(V14, uid)) {
        if (!running()) break;
        s.write(Buffer.from([b]));
        await sleep(byteMs);
      }
      if (running()) {
        await answered;
        tally.slowRequests++;
      }
      s.destroy();
    } catch (e) {
      tally.errors++;
      tally.firstError ??= `slow client: ${(e as Error).message}`;
    }
  }
}

/** Drops connections mid-request (half a request sent) and before the answer (whole one sent). */
export async function droppingClient(
  tls: ConnectionOptions,
  uid: string,
  tally: Tally,
  running: () => boolean,
): Promise<void> {
  let half = true;
  while (running()) {
    try {
      const s = await rawConnect(tls);
      const request = encryptGcmRequest(V14, uid, 1024);
      s.write(half ? request.subarray(0, request.length >> 1) : request);
      await sleep(5);
      s.destroy();
      tally.drops++;
      half = !half;
    } catch (e) {
      tally.errors++;
      tally.firstError ??= `dropping client: ${(e as Error).message}`;
    }
    await sleep(300);
  }
}

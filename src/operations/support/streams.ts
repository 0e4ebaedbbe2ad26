// Multi-part ("streamed") cryptographic operations (KMIP 2.1 §6.1.17 and §7.5, 7.14, 7.24: Init
// Indicator, Final Indicator, Correlation Value): the server keeps the operation's state between
// requests under a random Correlation Value, for the identity and key that began it. State lives in
// memory, expires after ten minutes idle, and at most MAX_STREAMS are open at once.
import { randomBytes } from 'node:crypto';
import { KmipError } from '../../messages/kmip-error.js';
import { ResultReason } from '../../spec/generated/enums.js';
import type { OperationContext } from './operation-context.js';

export const STREAM_IDLE_MS = 10 * 60 * 1000;
export const MAX_STREAMS = 1024;

interface Entry {
  readonly owner: string;
  readonly uid: string;
  readonly operation: number;
  readonly state: unknown;
  expires: number;
}

const streams = new Map<string, Entry>();

function sweep(now: number): void {
  for (const [k, e] of streams) if (e.expires <= now) streams.delete(k);
}

/** Remembers `state` and returns the Correlation Value that names it. */
export function openStream(ctx: OperationContext, uid: string, state: unknown): Buffer {
  const now = Date.now();
  sweep(now);
  if (streams.size >= MAX_STREAMS) {
    throw new KmipError(
      ResultReason.ServerLimitExceeded,
      'too many multi-part operations are open; finish some first',
    );
  }
  const cv = randomBytes(16);
  streams.set(cv.toString('hex'), {
    owner: ctx.identity,
    uid,
    operation: ctx.operation,
    state,
    expires: now + STREAM_IDLE_MS,
  });
  return cv;
}

export interface Continued<T> {
  readonly uid: string;
  readonly state: T;
}

/**
 * The stream a Correlation Value names, if this identity began it with this operation; Invalid
 * Correlation Value otherwise. `final` closes it.
 */
export function continueStream<T>(
  ctx: OperationContext,
  correlation: Uint8Array,
  final: boolean,
): Continued<T> {
  const key = Buffer.from(correlation).toString('hex');
  const now = Date.now();
  sweep(now);
  const e = streams.get(key);
  if (e === undefined || e.owner !== ctx.identity || e.operation !== ctx.operation) {
    throw new KmipError(
      ResultReason.InvalidCorrelationValue,
      'the Correlation Value names no open operation of this kind',
    );
  }
  if (final) streams.delete(key);
  else e.expires = now + STREAM_IDLE_MS;
  return { uid: e.uid, state: e.state as T };
}

export function openStreamCount(): number {
  sweep(Date.now());
  return streams.size;
}

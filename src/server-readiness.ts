// /readyz for one server process: ready when the store answers (a trivial query, within a few
// seconds) and takes writes (requests have not found it out: store-availability.ts), the master
// key seals and opens, every listener listens, and the server is not stopping. A load balancer
// stops sending requests to a node that is not ready.
import type { Envelope } from './store/envelope.js';
import type { Store } from './store/store.js';
import { isObservable } from './store/store-health.js';
import type { StoreAvailabilityState } from './store/store-availability.js';
import { readinessOf, type Readiness, type ReadinessCheck } from './transport/admin-listener.js';

export interface ReadinessSources {
  readonly store: Store;
  /** What the requests found: the database unreachable or refusing writes (disk full …). */
  readonly availability?: () => StoreAvailabilityState;
  readonly envelope: Envelope;
  /** Each listener by name, and whether it listens. */
  readonly listeners: Readonly<Record<string, () => boolean>>;
  readonly stopping: () => boolean;
  /** How long the store may take to answer (default 3 s). */
  readonly storeTimeoutMs?: number;
}

const PROBE = Buffer.from('readiness probe');

async function storeCheck(store: Store, timeoutMs: number): Promise<ReadinessCheck> {
  if (!isObservable(store)) return { ok: true, detail: 'this store cannot be checked' };
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([store.ping(), late]);
    return { ok: true };
  } catch (err) {
    return {
      ok: false,
      detail: `the database does not answer: ${err instanceof Error ? err.message : String(err)}`,
    };
  } finally {
    clearTimeout(timer);
  }
}

function masterKeyCheck(envelope: Envelope): ReadinessCheck {
  try {
    const opened = envelope.open(envelope.seal(PROBE, 'readyz'), 'readyz');
    if (!opened.equals(PROBE)) return { ok: false, detail: 'the master key does not open what it sealed' };
    return { ok: true, detail: `key ${envelope.currentKeyId}` };
  } catch (err) {
    return {
      ok: false,
      detail: `the master key cannot be used: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
}

export function serverReadiness(s: ReadinessSources): () => Promise<Readiness> {
  return async () => {
    const checks: Record<string, ReadinessCheck> = {
      store: await storeCheck(s.store, s.storeTimeoutMs ?? 3_000),
      masterKey: masterKeyCheck(s.envelope),
    };
    const found = s.availability?.();
    if (found !== undefined && !found.ready) {
      checks['storeWrites'] = {
        ok: false,
        detail: `${found.fault === 'unreachable' ? 'the database is unavailable' : 'the database refuses writes'} since ${found.since.toISOString()}: ${found.error ?? ''}`,
      };
    }
    for (const [name, listening] of Object.entries(s.listeners)) {
      checks[`${name}Listener`] = listening() ? { ok: true } : { ok: false, detail: 'not listening' };
    }
    if (s.stopping()) checks['stopping'] = { ok: false, detail: 'the server is stopping' };
    return readinessOf(checks);
  };
}

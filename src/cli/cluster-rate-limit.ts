// max_requests_per_second across the workers of one server: the primary holds the one bucket per
// identity (engine/request-rate.ts) and workers lease a few tokens at a time over the cluster's
// IPC channel, so an identity whose connections land on several workers still gets the rate once,
// not once per worker. A worker uses a lease within LEASE_MS or drops it (an unused token is lost,
// never added: the limit errs on the strict side). A lease answered in part means the bucket is
// empty: the request is refused.
import type { Worker } from 'node:cluster';
import { rateRefusal, RequestRateLimiter, type RequestAdmission } from '../engine/request-rate.js';

interface LeaseRequest {
  readonly kind: 'rate-lease';
  readonly id: number;
  readonly identity: string;
  readonly want: number;
}

interface LeaseGrant {
  readonly kind: 'rate-grant';
  readonly id: number;
  readonly granted: number;
}

/** How long leased tokens stay usable in a worker. */
const LEASE_MS = 250;
/** A primary that does not answer within this is taken as gone: the worker limits on its own. */
const ANSWER_MS = 1_000;

function isLeaseRequest(m: unknown): m is LeaseRequest {
  const r = m as Partial<LeaseRequest> | null;
  return (
    typeof m === 'object' &&
    r !== null &&
    r.kind === 'rate-lease' &&
    typeof r.id === 'number' &&
    typeof r.identity === 'string' &&
    typeof r.want === 'number'
  );
}

function isLeaseGrant(m: unknown): m is LeaseGrant {
  const g = m as Partial<LeaseGrant> | null;
  return typeof m === 'object' && g !== null && g.kind === 'rate-grant' && typeof g.id === 'number';
}

/** Primary side: answers a worker's lease from the shared buckets. True when `m` was a lease. */
export function answerLease(limiter: RequestRateLimiter, worker: Worker, m: unknown): boolean {
  if (!isLeaseRequest(m)) return false;
  const grant: LeaseGrant = { kind: 'rate-grant', id: m.id, granted: limiter.take(m.identity, m.want) };
  if (worker.isConnected()) worker.send(grant);
  return true;
}

interface Lease {
  tokens: number;
  expires: number;
}

/** Worker side: tokens leased from the primary, a few at a time. */
export class LeasedAdmission implements RequestAdmission {
  readonly #perSecond: number;
  readonly #leaseSize: number;
  readonly #send: (m: LeaseRequest) => boolean;
  /** Used when the primary does not answer: this worker's share of the rate. */
  readonly #fallback: RequestRateLimiter;
  readonly #leases = new Map<string, Lease>();
  readonly #asking = new Map<string, Promise<boolean>>();
  readonly #answers = new Map<number, (granted: number) => void>();
  #nextId = 1;

  /** `send` posts to the primary; `onMessage` subscribes to what it posts back. */
  constructor(opts: {
    readonly perSecond: number;
    readonly workers: number;
    readonly send: (m: LeaseRequest) => boolean;
    readonly onMessage: (listener: (m: unknown) => void) => void;
  }) {
    this.#perSecond = opts.perSecond;
    // Small leases keep what one worker holds unused small; a few per second keep IPC light.
    this.#leaseSize = Math.max(1, Math.ceil(opts.perSecond / (20 * opts.workers)));
    this.#send = opts.send;
    this.#fallback = new RequestRateLimiter(Math.max(1, opts.perSecond / opts.workers));
    opts.onMessage((m) => {
      if (!isLeaseGrant(m)) return;
      const answer = this.#answers.get(m.id);
      this.#answers.delete(m.id);
      answer?.(typeof m.granted === 'number' ? m.granted : 0);
    });
  }

  async admit(identity: string): Promise<string | undefined> {
    for (;;) {
      if (this.#useLeased(identity)) return undefined;
      // One lease at a time per identity; the requests meanwhile wait for it and share it.
      let asking = this.#asking.get(identity);
      if (asking === undefined) {
        asking = this.#lease(identity).finally(() => this.#asking.delete(identity));
        this.#asking.set(identity, asking);
      }
      const full = await asking;
      if (this.#useLeased(identity)) return undefined;
      // Granted in part (or not at all): the bucket is empty for now.
      if (!full) return rateRefusal(identity, this.#perSecond);
    }
  }

  #useLeased(identity: string): boolean {
    const lease = this.#leases.get(identity);
    if (lease === undefined) return false;
    if (lease.expires < performance.now() || lease.tokens <= 0) {
      this.#leases.delete(identity);
      return false;
    }
    lease.tokens--;
    return true;
  }

  /** Asks the primary for a lease; resolves with whether it was granted in full. */
  #lease(identity: string): Promise<boolean> {
    const id = this.#nextId++;
    const want = this.#leaseSize;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#answers.delete(id);
        const granted = this.#fallback.take(identity, want);
        this.#grant(identity, granted);
        resolve(granted === want);
      }, ANSWER_MS);
      timer.unref();
      this.#answers.set(id, (granted) => {
        clearTimeout(timer);
        this.#grant(identity, granted);
        resolve(granted === want);
      });
      let sent = false;
      try {
        sent = this.#send({ kind: 'rate-lease', id, identity, want });
      } catch {
        sent = false;
      }
      if (!sent) {
        clearTimeout(timer);
        this.#answers.delete(id);
        const granted = this.#fallback.take(identity, want);
        this.#grant(identity, granted);
        resolve(granted === want);
      }
    });
  }

  #grant(identity: string, granted: number): void {
    if (granted <= 0) return;
    const lease = this.#leases.get(identity);
    const now = performance.now();
    if (lease !== undefined && lease.expires >= now) lease.tokens += granted;
    else this.#leases.set(identity, { tokens: granted, expires: now + LEASE_MS });
  }
}

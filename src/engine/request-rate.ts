// max_requests_per_second per identity: a token bucket per identity, refilled at the configured
// rate and holding at most one second's worth (a burst of that many requests is allowed after a
// quiet second). One bucket set serves a process; the workers of a server lease tokens from the
// one in their primary (src/cli/cluster-rate-limit.ts), so the limit is per identity, not per
// worker. A refused request is answered with Server Limit Exceeded (KMIP 2.1 §11) for every batch
// item; it is never queued.

/** Decides whether a request of `identity` goes ahead; a string is why it does not. */
export interface RequestAdmission {
  admit(identity: string): string | undefined | Promise<string | undefined>;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Buckets of full identities are dropped after this much quiet (a full bucket is a new one). */
const PRUNE_EVERY_MS = 10_000;

export class RequestRateLimiter {
  readonly perSecond: number;
  readonly #now: () => number;
  readonly #buckets = new Map<string, Bucket>();
  #pruned: number;

  constructor(perSecond: number, now: () => number = () => performance.now()) {
    if (!(perSecond > 0)) throw new RangeError('the rate must be more than 0');
    this.perSecond = perSecond;
    this.#now = now;
    this.#pruned = now();
  }

  /** Takes up to `want` tokens of `identity`'s bucket; returns how many it took. */
  take(identity: string, want = 1): number {
    const now = this.#now();
    this.#prune(now);
    const b = this.#buckets.get(identity) ?? { tokens: this.perSecond, at: now };
    b.tokens = Math.min(this.perSecond, b.tokens + ((now - b.at) * this.perSecond) / 1000);
    b.at = now;
    const taken = Math.max(0, Math.min(Math.floor(b.tokens), Math.floor(want)));
    b.tokens -= taken;
    this.#buckets.set(identity, b);
    return taken;
  }

  /** How many identities have a bucket (for tests of the pruning). */
  get size(): number {
    return this.#buckets.size;
  }

  #prune(now: number): void {
    if (now - this.#pruned < PRUNE_EVERY_MS) return;
    this.#pruned = now;
    for (const [id, b] of this.#buckets) {
      if (b.tokens + ((now - b.at) * this.perSecond) / 1000 >= this.perSecond) this.#buckets.delete(id);
    }
  }
}

export function rateRefusal(identity: string, perSecond: number): string {
  return `${identity} sends more than max_requests_per_second (${perSecond}) requests a second; slow down and retry`;
}

/** The admission of a single process: its own buckets. */
export function localAdmission(limiter: RequestRateLimiter): RequestAdmission {
  return {
    admit: (identity) =>
      limiter.take(identity) === 1 ? undefined : rateRefusal(identity, limiter.perSecond),
  };
}

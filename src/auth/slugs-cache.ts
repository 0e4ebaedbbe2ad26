// The opt-in cache of SLUGS answers (server.conf `slugs_cache_ttl`). PyKMIP asks SLUGS on every
// request, and so does kmip-ts by default, so a change in SLUGS takes effect on the next request.
// With a cache, a user SLUGS knew stays served with the groups it had until the answer expires;
// everything else is asked afresh every time: a refusal (unknown user, no groups) and an
// unreachable or misbehaving service are never kept, so a user added to SLUGS is served on the
// next request and an outage is noticed on the next request of a user not cached. Concurrent
// lookups of one user share one exchange. An answer's lifetime counts from when it was asked.
import type { SlugsResult } from './slugs-result.js';

export interface SlugsCacheOptions {
  /** How long a user SLUGS knew is served from the cache; more than 0. */
  readonly ttlMs: number;
  /** Users kept at most (the oldest goes first). Default 10 000. */
  readonly max?: number | undefined;
  readonly now?: (() => number) | undefined;
}

type Known = Extract<SlugsResult, { ok: true }>;

export class SlugsAnswerCache {
  readonly #ttlMs: number;
  readonly #max: number;
  readonly #now: () => number;
  readonly #known = new Map<string, { readonly expires: number; readonly result: Known }>();
  readonly #asking = new Map<string, Promise<SlugsResult>>();

  constructor(o: SlugsCacheOptions) {
    if (!(o.ttlMs > 0)) throw new RangeError('a SLUGS cache needs a lifetime of more than 0 ms');
    this.#ttlMs = o.ttlMs;
    this.#max = o.max ?? 10_000;
    this.#now = o.now ?? Date.now;
  }

  /** A kept answer for `user`, else `ask()`'s (kept when SLUGS knew the user). */
  lookup(user: string, ask: () => Promise<SlugsResult>): Promise<SlugsResult> {
    const now = this.#now();
    const hit = this.#known.get(user);
    if (hit !== undefined && hit.expires > now) return Promise.resolve(hit.result);
    if (hit !== undefined) this.#known.delete(user);
    const pending = this.#asking.get(user);
    if (pending !== undefined) return pending;
    const asked = ask().then(
      (result) => {
        this.#asking.delete(user);
        if (result.ok) this.#keep(user, now + this.#ttlMs, result);
        return result;
      },
      (error: unknown) => {
        this.#asking.delete(user);
        throw error;
      },
    );
    this.#asking.set(user, asked);
    return asked;
  }

  /** Forgets every kept answer. */
  clear(): void {
    this.#known.clear();
  }

  #keep(user: string, expires: number, result: Known): void {
    this.#known.delete(user);
    this.#known.set(user, { expires, result });
    while (this.#known.size > this.#max) {
      const oldest = this.#known.keys().next();
      if (oldest.done === true) break;
      this.#known.delete(oldest.value);
    }
  }
}

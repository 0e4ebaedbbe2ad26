// Requests per second over the last minutes, for the web console's chart: the server's request
// and error counters (kmip_requests_total) are read every `intervalMs` and each interval's
// increase divided by its length is kept, the last `keep` of them. A counter that went down (a
// worker restarted and its counts started again) counts its new value as the increase, as
// Prometheus's rate() does on a reset.
import type { RateSample } from './console-api.js';

export interface RequestTotals {
  readonly requests: number;
  readonly errors: number;
}

export interface RequestRateOptions {
  readonly read: () => Promise<RequestTotals>;
  /** Default 10 s. */
  readonly intervalMs?: number;
  /** Samples kept (default 90: 15 minutes at 10 s). */
  readonly keep?: number;
  readonly now?: () => number;
}

function increase(before: number, after: number): number {
  return after >= before ? after - before : after;
}

export class RequestRateHistory {
  readonly #o: RequestRateOptions;
  readonly #samples: RateSample[] = [];
  #last: { at: number; totals: RequestTotals } | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(o: RequestRateOptions) {
    this.#o = o;
  }

  /** Takes a first reading now and one every interval (the timer does not keep the process up). */
  start(): void {
    if (this.#timer !== undefined) return;
    void this.sample();
    this.#timer = setInterval(() => void this.sample(), this.#o.intervalMs ?? 10_000);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Reads the counters and records the rate since the previous reading. */
  async sample(): Promise<void> {
    let totals: RequestTotals;
    try {
      totals = await this.#o.read();
    } catch {
      // Counters that cannot be read (a cluster whose workers did not answer) leave a gap.
      return;
    }
    const at = this.#o.now?.() ?? Date.now();
    const last = this.#last;
    this.#last = { at, totals };
    if (last === undefined || at <= last.at) return;
    const seconds = (at - last.at) / 1000;
    this.#samples.push({
      at: new Date(at).toISOString(),
      requestsPerSecond: increase(last.totals.requests, totals.requests) / seconds,
      errorsPerSecond: increase(last.totals.errors, totals.errors) / seconds,
    });
    const keep = this.#o.keep ?? 90;
    if (this.#samples.length > keep) this.#samples.splice(0, this.#samples.length - keep);
  }

  samples(): RateSample[] {
    return [...this.#samples];
  }
}

// A latency histogram with logarithmic buckets of 1% width (HDR-style: constant relative error),
// from 1 µs to about an hour, in a fixed array: recording is O(1) and allocation-free.
const GROWTH = 1.01;
const LOG_GROWTH = Math.log(GROWTH);
const BUCKETS = Math.ceil(Math.log(3_600_000_000) / LOG_GROWTH) + 1;

export class Histogram {
  readonly #counts = new Float64Array(BUCKETS);
  #total = 0;
  #max = 0;
  #sum = 0;

  /** Records one value in microseconds. */
  record(micros: number): void {
    const v = Math.max(1, micros);
    const i = Math.min(BUCKETS - 1, Math.floor(Math.log(v) / LOG_GROWTH));
    this.#counts[i] = (this.#counts[i] ?? 0) + 1;
    this.#total++;
    this.#sum += v;
    if (v > this.#max) this.#max = v;
  }

  merge(other: Histogram): void {
    const o = other.#counts;
    for (let i = 0; i < BUCKETS; i++) this.#counts[i] = (this.#counts[i] ?? 0) + (o[i] ?? 0);
    this.#total += other.#total;
    this.#sum += other.#sum;
    if (other.#max > this.#max) this.#max = other.#max;
  }

  get count(): number {
    return this.#total;
  }

  get max(): number {
    return this.#max;
  }

  get mean(): number {
    return this.#total === 0 ? 0 : this.#sum / this.#total;
  }

  /** The value at quantile q (0..1), accurate to 1%. */
  quantile(q: number): number {
    if (this.#total === 0) return 0;
    const rank = Math.ceil(q * this.#total);
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.#counts[i] ?? 0;
      if (seen >= rank) return Math.min(this.#max, GROWTH ** (i + 1));
    }
    return this.#max;
  }
}

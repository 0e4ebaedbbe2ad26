// Locate on PostgreSQL: the plan of locate-sql.ts run on the pool. Each Locate shape is a named
// statement, parsed and planned once per connection; a connection keeps what it prepared for good,
// so past NAMED_SHAPES distinct shapes the others are sent unnamed (planned on each use).
import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { LocateQuery, LocateResult } from './locate-query.js';
import { chooseDriver, locateLabels, planLocate } from './locate-sql.js';
import type { PostgresLabels } from './postgres-index.js';
import { numbered, type Fragment } from './sql-fragment.js';

const NAMED_SHAPES = 256;

export class PostgresLocate {
  readonly #pool: Pool;
  readonly #labels: PostgresLabels;
  readonly #named = new Set<string>();

  constructor(pool: Pool, labels: PostgresLabels) {
    this.#pool = pool;
    this.#labels = labels;
  }

  async locate(q: LocateQuery): Promise<LocateResult> {
    const plan = planLocate(q, await this.#labels.lookup(this.#pool, locateLabels(q)));
    if (plan.empty) return { uids: [], ...(q.count === true ? { count: 0 } : {}) };
    const countOf = async (f: Fragment): Promise<number> =>
      Number((await this.#run<{ n: string }>(f))[0]?.n ?? 0);
    const driver = await chooseDriver(plan, q, countOf);
    const rows = await this.#run<{ uid: string }>(plan.select(driver));
    return {
      uids: rows.map((r) => r.uid),
      ...(q.count === true ? { count: await countOf(plan.count(driver)) } : {}),
    };
  }

  async #run<T extends Record<string, unknown>>(f: Fragment): Promise<T[]> {
    const text = numbered(f);
    const name = `locate-${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    const named = this.#named.has(name) || this.#named.size < NAMED_SHAPES;
    if (named) this.#named.add(name);
    const values = [...f.params];
    return (await this.#pool.query<T>(named ? { name, text, values } : { text, values })).rows;
  }
}

// Locate on SQLite: the plan of locate-sql.ts run on the store's connection, each statement shape
// prepared once (at most STATEMENT_SHAPES of them kept).
import type Database from 'better-sqlite3';
import type { LocateQuery, LocateResult } from './locate-query.js';
import { chooseDriver, locateLabels, planLocate } from './locate-sql.js';
import type { Fragment } from './sql-fragment.js';
import type { SqliteLabels } from './sqlite-index.js';

const STATEMENT_SHAPES = 256;

export class SqliteLocate {
  readonly #db: Database.Database;
  readonly #labels: SqliteLabels;
  readonly #statements = new Map<string, Database.Statement>();

  constructor(db: Database.Database, labels: SqliteLabels) {
    this.#db = db;
    this.#labels = labels;
  }

  async locate(q: LocateQuery): Promise<LocateResult> {
    const ids = new Map<string, number>();
    for (const text of locateLabels(q)) {
      const id = this.#labels.lookup(text);
      if (id !== undefined) ids.set(text, id);
    }
    const plan = planLocate(q, ids);
    if (plan.empty) return { uids: [], ...(q.count === true ? { count: 0 } : {}) };
    const countOf = (f: Fragment): number =>
      (this.#statement(f.text).get(...f.params) as { n: number } | undefined)?.n ?? 0;
    const driver = await chooseDriver(plan, q, countOf);
    const page = plan.select(driver);
    const rows = this.#statement(page.text).all(...page.params) as { uid: string }[];
    return {
      uids: rows.map((r) => r.uid),
      ...(q.count === true ? { count: countOf(plan.count(driver)) } : {}),
    };
  }

  #statement(text: string): Database.Statement {
    let st = this.#statements.get(text);
    if (st === undefined) {
      if (this.#statements.size >= STATEMENT_SHAPES) this.#statements.clear();
      st = this.#db.prepare(text);
      this.#statements.set(text, st);
    }
    return st;
  }
}

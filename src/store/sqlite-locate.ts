// Locate on SQLite: the plan of locate-sql.ts run on the store's connection, its statements
// prepared once per shape.
import type Database from 'better-sqlite3';
import type { LocateQuery, LocateResult } from './locate-query.js';
import { chooseDriver, locateLabels, planLocate } from './locate-sql.js';
import type { Fragment } from './sql-fragment.js';
import type { SqliteLabels } from './sqlite-index.js';

export async function locateSqlite(
  q: LocateQuery,
  labels: SqliteLabels,
  statement: (text: string) => Database.Statement,
): Promise<LocateResult> {
  const ids = new Map<string, number>();
  for (const text of locateLabels(q)) {
    const id = labels.lookup(text);
    if (id !== undefined) ids.set(text, id);
  }
  const plan = planLocate(q, ids);
  if (plan.empty) return { uids: [], ...(q.count === true ? { count: 0 } : {}) };
  const countOf = (f: Fragment): number => {
    const row = statement(f.text).get(...f.params) as { n: number } | undefined;
    return row?.n ?? 0;
  };
  const driver = await chooseDriver(plan, q, countOf);
  const page = plan.select(driver);
  const rows = statement(page.text).all(...page.params) as { uid: string }[];
  return {
    uids: rows.map((r) => r.uid),
    ...(q.count === true ? { count: countOf(plan.count(driver)) } : {}),
  };
}

// A Locate query (locate-query.ts) as SQL, the same text for SQLite and PostgreSQL (KMIP 2.1
// §6.1.28, 1.4 §4.9). Each criterion becomes an EXISTS on the attribute index (attribute-index.ts)
// or a test of an objects column; the caller's visibility becomes conditions on indexed columns,
// so objects the caller may not see are never read. Two plans:
// - driven: one criterion's indexed value seeks the candidates (the owner-keyed index for the
//   caller's private objects, the shared index for objects others may see), for selective values;
// - ordered: one index range per (owner or shared, policy, object type, storage status), each
//   read newest first and merged, stopping after Offset + Maximum Items, for "the newest N".
// Matches come most recently created first; Offset and Maximum Items are LIMIT and OFFSET; the
// count is a count(*) over the same conditions.
import type { LocateQuery, PolicyGrant } from './locate-query.js';
import { COLUMN_ATTRIBUTES, Filing } from './attribute-index.js';
import {
  Impossible,
  compileCriteria,
  intersect,
  keyCondition,
  type Compiled,
  type LabelIds,
} from './locate-criteria.js';

export type { LabelIds } from './locate-criteria.js';
import type { Fragment } from './sql-fragment.js';
import { join, list, raw, sql } from './sql-fragment.js';

/** More ordered branches than this and one query sorts the matches instead. */
const MAX_BRANCHES = 64;
/** How many index entries a probe counts at most when choosing the driving criterion. */
export const PROBE_CAP = 1000;

const STORAGE_BITS = [1, 2, 4] as const;
const NO_LIMIT = 0x7fffffffffffffffn;
// Written as literals: a partial index serves a query only when its WHERE visibly implies the
// index's own (a bound parameter would not).
const PRIVATE = raw(`filing = ${Filing.Private}`);
const SHARED = raw(`filing = ${Filing.Shared}`);

/** The strings whose label ids a query needs. */
export function locateLabels(q: LocateQuery): string[] {
  const out = new Set<string>([q.visibility.identity]);
  if (q.visibility.own !== 'all') for (const g of q.visibility.own) out.add(g.policy);
  for (const g of q.visibility.anyOwner) out.add(g.policy);
  for (const c of q.criteria) if (!COLUMN_ATTRIBUTES.has(c.name)) out.add(c.name);
  return [...out];
}

interface Grant {
  readonly policyId: number;
  readonly types: readonly number[];
}

export interface LocatePlan {
  /** True when nothing can match (a criterion no object can meet, nothing visible). */
  readonly empty: boolean;
  /** Candidate driving criteria; probe(i) counts (up to PROBE_CAP) what seek i finds. */
  readonly seeks: number;
  /** Whether seek i is an exact text, bytes or big-integer value (few objects share one). */
  selective(i: number): boolean;
  probe(i: number): Fragment;
  /** The page of matches (seq, uid), driven by seek i or ordered when i is undefined. */
  select(i: number | undefined): Fragment;
  /** How many objects match. */
  count(i: number | undefined): Fragment;
}

function grantsOf(
  grants: readonly PolicyGrant[],
  ids: LabelIds,
  typeFilter: readonly number[] | undefined,
): Grant[] {
  const out: Grant[] = [];
  for (const g of grants) {
    const policyId = ids.get(g.policy);
    const types = intersect(g.objectTypes, typeFilter);
    if (policyId !== undefined && types.length > 0) out.push({ policyId, types });
  }
  return out;
}

/**
 * Objects columns in conditions. Where an index seek already chose the candidates, the columns
 * are written `+o.x`: the same value, but no index applies, so neither planner prefers reading
 * every visible object over the few candidates.
 */
type Columns = (name: string) => Fragment;
const indexed: Columns = (name) => raw(`o.${name}`);
const unindexed: Columns = (name) => raw(`+o.${name}`);

function grantsCondition(grants: readonly Grant[], col: Columns): Fragment {
  return join(
    grants.map(
      (g) => sql`(${col('policy_id')} = ${g.policyId} AND ${col('object_type')} IN ${list(g.types)})`,
    ),
    ' OR ',
  );
}

export function planLocate(q: LocateQuery, ids: LabelIds): LocatePlan {
  const now = BigInt(Math.floor(q.now.getTime() / 1000));
  const storage = STORAGE_BITS.filter((b) => (q.storage & b) !== 0);
  let compiled: Compiled;
  try {
    compiled = compileCriteria(q.criteria, ids, now);
  } catch (e) {
    if (e instanceof Impossible) return emptyPlan();
    throw e;
  }
  const { typeFilter, seeks } = compiled;
  const me = ids.get(q.visibility.identity);
  const ownAll = q.visibility.own === 'all' && me !== undefined;
  const own =
    me === undefined || q.visibility.own === 'all' ? [] : grantsOf(q.visibility.own, ids, typeFilter);
  const anyOwner = grantsOf(q.visibility.anyOwner, ids, typeFilter);
  if (storage.length === 0 || (!ownAll && own.length === 0 && anyOwner.length === 0)) return emptyPlan();

  const filters: Fragment[] = [...compiled.where];
  if (q.excludeUid !== undefined) filters.push(sql`o.uid <> ${q.excludeUid}`);
  /** Visibility and storage status, the conditions every match meets besides the criteria. */
  const scope = (col: Columns): Fragment => {
    const parts: Fragment[] = [];
    if (me !== undefined && ownAll)
      parts.push(
        typeFilter === undefined
          ? sql`${col('owner_id')} = ${me}`
          : sql`${col('owner_id')} = ${me} AND ${col('object_type')} IN ${list(typeFilter)}`,
      );
    else if (me !== undefined && own.length > 0)
      parts.push(sql`${col('owner_id')} = ${me} AND (${grantsCondition(own, col)})`);
    if (anyOwner.length > 0) parts.push(sql`${col('shared')} = 1 AND (${grantsCondition(anyOwner, col)})`);
    const visible = join(
      parts.map((c) => sql`(${c})`),
      ' OR ',
    );
    return join([sql`(${visible})`, sql`${col('storage')} IN ${list(storage)}`, ...filters], ' AND ');
  };
  // SQLite needs a LIMIT before an OFFSET and PostgreSQL refuses a negative one: "no maximum" is
  // the largest 64-bit count.
  const pageLimit =
    q.maximum === undefined && (q.offset ?? 0) === 0
      ? undefined
      : sql`LIMIT ${q.maximum ?? NO_LIMIT} OFFSET ${q.offset ?? 0}`;

  /** The driving seeks of criterion i: the caller's private rows, then shared rows per grant. */
  const driver = (i: number): Fragment => {
    const s = seeks[i];
    if (s === undefined) throw new Error(`no seek ${i}`);
    const parts: Fragment[] = [];
    const seek = (cond: Fragment): Fragment =>
      sql`SELECT seq FROM object_attributes WHERE ${cond} AND name_id = ${s.nameId} AND ${keyCondition(s)}`;
    if (me !== undefined && (ownAll || own.length > 0))
      parts.push(seek(sql`${PRIVATE} AND owner_id = ${me}`));
    if (ownAll && me !== undefined) parts.push(seek(sql`${SHARED} AND owner_id = ${me}`));
    for (const g of own)
      parts.push(
        seek(
          sql`${SHARED} AND policy_id = ${g.policyId} AND object_type IN ${list(g.types)} AND owner_id = ${me ?? 0}`,
        ),
      );
    for (const g of anyOwner)
      parts.push(seek(sql`${SHARED} AND policy_id = ${g.policyId} AND object_type IN ${list(g.types)}`));
    return join(parts, ' UNION ALL ');
  };
  const driven = (i: number, columns: string): Fragment =>
    sql`SELECT ${raw(columns)} FROM objects o WHERE o.seq IN (${driver(i)}) AND ${scope(unindexed)}`;

  /** One index range each: (owner, type, storage, policy) or (shared, policy, type, storage). */
  const branches = (): Fragment[] | undefined => {
    const out: Fragment[] = [];
    const owns = (policyId: number, type: number): boolean =>
      ownAll || own.some((g) => g.policyId === policyId && g.types.includes(type));
    if (ownAll) return undefined;
    for (const s of storage) {
      for (const g of own)
        for (const t of g.types)
          out.push(
            sql`o.owner_id = ${me ?? 0} AND o.object_type = ${t} AND o.storage = ${s} AND o.policy_id = ${g.policyId}`,
          );
      for (const g of anyOwner)
        for (const t of g.types)
          out.push(
            sql`o.shared = 1 AND o.policy_id = ${g.policyId} AND o.object_type = ${t} AND o.storage = ${s}${
              owns(g.policyId, t) ? sql` AND o.owner_id <> ${me ?? 0}` : raw('')
            }`,
          );
    }
    return out.length <= MAX_BRANCHES ? out : undefined;
  };
  const branchWhere = (b: Fragment): Fragment =>
    filters.length > 0 ? sql`${b} AND ${join(filters, ' AND ')}` : b;

  return {
    empty: false,
    seeks: seeks.length,
    selective: (i) => seeks[i]?.rank === 0,
    probe: (i) => sql`SELECT count(*) AS n FROM (${driver(i)} LIMIT ${PROBE_CAP}) AS d`,
    select: (i) => {
      if (i !== undefined)
        return sql`${driven(i, 'o.seq, o.uid')} ORDER BY o.seq DESC${pageLimit === undefined ? raw('') : sql` ${pageLimit}`}`;
      const bs = branches();
      if (bs === undefined || bs.length === 1) {
        const where = bs?.[0] !== undefined ? branchWhere(bs[0]) : scope(indexed);
        return sql`SELECT o.seq, o.uid FROM objects o WHERE ${where} ORDER BY o.seq DESC${pageLimit === undefined ? raw('') : sql` ${pageLimit}`}`;
      }
      // A compound ordered as a whole: each branch is read in index order and merged, stopping
      // once the page is full.
      const parts = bs.map((b) => sql`SELECT o.seq, o.uid FROM objects o WHERE ${branchWhere(b)}`);
      return sql`${join(parts, ' UNION ALL ')} ORDER BY seq DESC${pageLimit === undefined ? raw('') : sql` ${pageLimit}`}`;
    },
    count: (i) => {
      if (i !== undefined) return sql`SELECT count(*) AS n FROM (${driven(i, 'o.seq')}) AS c`;
      const bs = branches();
      if (bs === undefined) return sql`SELECT count(*) AS n FROM objects o WHERE ${scope(indexed)}`;
      const parts = bs.map((b) => sql`SELECT o.seq FROM objects o WHERE ${branchWhere(b)}`);
      return sql`SELECT count(*) AS n FROM (${join(parts, ' UNION ALL ')}) AS c`;
    },
  };
}

function emptyPlan(): LocatePlan {
  const none = (): Fragment => {
    throw new Error('an empty Locate plan has no statements');
  };
  return { empty: true, seeks: 0, selective: () => false, probe: none, select: none, count: none };
}

/**
 * Which seek drives the query (undefined: the ordered plan). One candidate and no Maximum Items:
 * that one. Otherwise each is probed; the smallest drives, unless even it finds PROBE_CAP or more
 * and Maximum Items is given (the newest N are then found faster in created order).
 */
export async function chooseDriver(
  plan: LocatePlan,
  q: LocateQuery,
  probe: (f: Fragment) => number | Promise<number>,
): Promise<number | undefined> {
  if (plan.seeks === 0) return undefined;
  // One candidate: it drives when there is no page to fill early, or when it is an exact text or
  // bytes value (a name, a custom attribute), which selects few.
  if (plan.seeks === 1 && (q.maximum === undefined || plan.selective(0))) return 0;
  let best = 0;
  let bestCount = Infinity;
  for (let i = 0; i < plan.seeks; i++) {
    const n = await probe(plan.probe(i));
    if (n < bestCount) [best, bestCount] = [i, n];
  }
  return q.maximum !== undefined && bestCount >= PROBE_CAP ? undefined : best;
}

// Locate's criteria (locate-query.ts) as SQL conditions on the objects row `o` (KMIP 2.1 §6.1.28,
// 1.4 §4.9): an attribute value as an EXISTS on the attribute index (attribute-index.ts), a
// structure as one EXISTS per field within the same instance, a date range and an "at least" as a
// key range, usage-mask bits on the Integer; Object Type, Unique Identifier and State as columns
// (State as time has moved it). Each criterion also offers the seek that could drive the query.
import type { TtlvItem } from '../ttlv/item.js';
import { State } from '../spec/generated/enums.js';
import type { AttributeCriterion } from './locate-query.js';
import { COLUMN_ATTRIBUTES, isSeekable, maxNumericKey, nodeKey } from './attribute-index.js';
import { type Fragment, join, raw, sql } from './sql-fragment.js';

/** Label ids (attribute names, owners, policies) as the database numbers them. */
export interface LabelIds {
  get(text: string): number | undefined;
}

/** An index seek that finds every candidate of one criterion: key = eq, or lo ≤ key ≤ hi. */
export interface Seek {
  readonly nameId: number;
  readonly lo: Buffer;
  readonly hi: Buffer | undefined;
  /** Lower sorts first: text and bytes are most selective, then other values, then ranges. */
  readonly rank: number;
}

/** Thrown when a criterion can match no object at all. */
export class Impossible extends Error {}

export function intersect(a: readonly number[], b: readonly number[] | undefined): number[] {
  return b === undefined ? [...a] : a.filter((t) => b.includes(t));
}

function effectiveState(now: bigint): Fragment {
  // lifecycle.ts applyTimeTransitions: Deactivation Date reached moves Pre-Active or Active to
  // Deactivated; Activation Date reached moves Pre-Active to Active.
  return sql`(CASE WHEN o.state IN (${State.PreActive}, ${State.Active}) AND o.deactivation <= ${now} THEN ${State.Deactivated} WHEN o.state = ${State.PreActive} AND o.activation <= ${now} THEN ${State.Active} ELSE o.state END)`;
}

/** EXISTS clauses for the fields of a wanted structure, inside the instance node `alias`. */
function fieldsMatch(
  want: TtlvItem,
  nameId: number,
  alias: string,
  depth: number,
  atLeast: readonly number[],
): Fragment[] {
  if (want.type !== 'Structure') return [];
  return want.value.map((w) => {
    const a = raw(`a${depth}`);
    const key =
      w.type !== 'Structure' && atLeast.includes(w.tag)
        ? sql`${a}.key BETWEEN ${nodeKey(w.tag, w)} AND ${maxNumericKey(w.tag, w.type)}`
        : sql`${a}.key = ${nodeKey(w.tag, w)}`;
    const inner = fieldsMatch(w, nameId, `a${depth}`, depth + 1, atLeast);
    return sql`EXISTS (SELECT 1 FROM object_attributes ${a} WHERE ${a}.seq = o.seq AND ${a}.name_id = ${nameId} AND ${a}.inst = ${raw(alias)}.inst AND ${a}.parent = ${raw(alias)}.node AND ${key}${inner.length > 0 ? sql` AND ${join(inner, ' AND ')}` : raw('')})`;
  });
}

/** The most selective leaf of a wanted value that the value index holds, as a seek. */
function leafSeek(
  name: string,
  want: TtlvItem,
  nameId: number,
  root: boolean,
  atLeast: readonly number[],
): Seek | undefined {
  if (want.type === 'Structure') {
    const seeks = want.value
      .map((w) => leafSeek(name, w, nameId, false, atLeast))
      .filter((s): s is Seek => s !== undefined);
    return seeks.sort((a, b) => a.rank - b.rank)[0];
  }
  if (!isSeekable(name, want)) return undefined;
  const tag = root ? 0 : want.tag;
  if (!root && atLeast.includes(want.tag))
    return { nameId, lo: nodeKey(tag, want), hi: maxNumericKey(tag, want.type), rank: 2 };
  const selective = want.type === 'TextString' || want.type === 'ByteString' || want.type === 'BigInteger';
  return { nameId, lo: nodeKey(tag, want), hi: undefined, rank: selective ? 0 : 1 };
}

export interface Compiled {
  readonly where: Fragment[];
  readonly seeks: Seek[];
  readonly typeFilter: number[] | undefined;
}

/** The criteria as conditions on `o`, plus the seeks that could drive the query. */
export function compileCriteria(
  criteria: readonly AttributeCriterion[],
  ids: LabelIds,
  now: bigint,
): Compiled {
  const where: Fragment[] = [];
  const seeks: Seek[] = [];
  let typeFilter: number[] | undefined;
  for (const c of criteria) {
    if (COLUMN_ATTRIBUTES.has(c.name)) {
      // Unique Identifier, Object Type and State are always single, of one type each.
      if (c.kind !== 'value') throw new Impossible();
      const v = c.value;
      if (c.name === 'Object Type') {
        if (v.type !== 'Enumeration') throw new Impossible();
        typeFilter = intersect([v.value], typeFilter);
      } else if (c.name === 'State') {
        if (v.type !== 'Enumeration') throw new Impossible();
        where.push(sql`${effectiveState(now)} = ${v.value}`);
      } else {
        if (v.type !== 'TextString') throw new Impossible();
        where.push(sql`o.uid = ${v.value}`);
      }
      continue;
    }
    const nameId = ids.get(c.name);
    if (nameId === undefined) throw new Impossible();
    const instance = (cond: Fragment): Fragment =>
      sql`EXISTS (SELECT 1 FROM object_attributes a0 WHERE a0.seq = o.seq AND a0.name_id = ${nameId} AND a0.node = 0 AND ${cond})`;
    switch (c.kind) {
      case 'dateRange': {
        const lo = nodeKey(0, { tag: 0, type: 'DateTime', value: c.from });
        const hi = nodeKey(0, { tag: 0, type: 'DateTime', value: c.to });
        where.push(instance(sql`a0.key BETWEEN ${lo} AND ${hi}`));
        if (isSeekable(c.name, { tag: 0, type: 'DateTime', value: c.from }))
          seeks.push({ nameId, lo, hi, rank: 2 });
        break;
      }
      case 'allBits':
        where.push(instance(sql`a0.num IS NOT NULL AND (a0.num & ${c.mask}) = ${c.mask}`));
        break;
      case 'value': {
        const atLeast = c.atLeast ?? [];
        const fields = fieldsMatch(c.value, nameId, 'a0', 1, atLeast);
        const self = sql`a0.key = ${nodeKey(0, c.value)}`;
        where.push(instance(fields.length > 0 ? sql`${self} AND ${join(fields, ' AND ')}` : self));
        const seek = leafSeek(c.name, c.value, nameId, true, atLeast);
        if (seek !== undefined) seeks.push(seek);
        break;
      }
    }
  }
  if (typeFilter?.length === 0) throw new Impossible();
  return { where, seeks: seeks.sort((a, b) => a.rank - b.rank), typeFilter };
}

export function keyCondition(s: Seek): Fragment {
  return s.hi === undefined ? sql`key = ${s.lo}` : sql`key BETWEEN ${s.lo} AND ${s.hi}`;
}

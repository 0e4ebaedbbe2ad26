// Locate's matching rules (KMIP 2.1 §6.1.28, 1.4 §4.9) as store criteria (store/locate-query.ts):
// every requested attribute must match; several values of one attribute must each match some
// instance; a Date-Time given once means equality, given twice an inclusive range, and its largest
// value means "not given"; the Cryptographic Usage Mask matches when the object has every
// requested bit; Usage Limits match when the object's Count and Total are at least those
// requested; a structure matches on the fields the request gives; other values on equality.
// Object Group Member (with an Object Group) asks for the group's fresh objects, or its default
// object, which on this server is the group's most recently created match.
import type { TtlvItem } from '../../ttlv/item.js';
import { Tag } from '../../spec/generated/tags.js';
import { ObjectGroupMember } from '../../spec/generated/enums.js';
import type { Attribute } from '../../messages/attributes.js';
import { invalidField } from '../../messages/kmip-error.js';
import type { AttributeCriterion } from '../../store/locate-query.js';

const MAX_DATE = 0x7fffffffffffffffn;

/** Usage Limits fields compared as "at least" (KMIP 2.1 §6.1.28). */
const USAGE_LIMITS_AT_LEAST: readonly number[] = Object.freeze([Tag.UsageLimitsCount, Tag.UsageLimitsTotal]);

/** The requested attributes as criteria, all of which must hold. */
export function locateCriteria(requested: readonly Attribute[]): AttributeCriterion[] {
  const byName = new Map<string, TtlvItem[]>();
  for (const a of requested) {
    const list = byName.get(a.name) ?? [];
    list.push(a.value);
    byName.set(a.name, list);
  }
  const out: AttributeCriterion[] = [];
  for (const [name, wants] of byName) {
    const first = wants[0];
    if (first === undefined) continue;
    if (first.type === 'DateTime') {
      const dates = wants.flatMap((w) => (w.type === 'DateTime' && w.value !== MAX_DATE ? [w.value] : []));
      if (dates.length === 0) continue;
      const from = dates.reduce((a, b) => (a < b ? a : b));
      const to = dates.reduce((a, b) => (a > b ? a : b));
      out.push({ kind: 'dateRange', name, from, to });
    } else if (name === 'Cryptographic Usage Mask' && first.type === 'Integer') {
      out.push({ kind: 'allBits', name, mask: first.value });
    } else {
      const atLeast = name === 'Usage Limits' ? { atLeast: USAGE_LIMITS_AT_LEAST } : {};
      for (const value of wants) out.push({ kind: 'value', name, value, ...atLeast });
    }
  }
  return out;
}

export interface GroupMemberRule {
  readonly criteria: readonly AttributeCriterion[];
  /** Only the newest match (the group's default object). */
  readonly newestOnly: boolean;
}

/** What Object Group Member adds; it applies only with an Object Group in the request. */
export function groupMemberRule(
  requested: readonly Attribute[],
  member: number | undefined,
): GroupMemberRule {
  if (
    member !== undefined &&
    member !== ObjectGroupMember.GroupMemberFresh &&
    member !== ObjectGroupMember.GroupMemberDefault
  )
    throw invalidField(
      `Object Group Member ${member} is neither Group Member Fresh nor Group Member Default`,
    );
  if (member === undefined || !requested.some((a) => a.name === 'Object Group'))
    return { criteria: [], newestOnly: false };
  if (member === ObjectGroupMember.GroupMemberFresh)
    return {
      criteria: [{ kind: 'value', name: 'Fresh', value: { tag: Tag.Fresh, type: 'Boolean', value: true } }],
      newestOnly: false,
    };
  return { criteria: [], newestOnly: member === ObjectGroupMember.GroupMemberDefault };
}

/** Objects holding a Name of this Name Value, whatever its Name Type. */
export function nameCriterion(nameValue: string): AttributeCriterion {
  return {
    kind: 'value',
    name: 'Name',
    value: {
      tag: Tag.Name,
      type: 'Structure',
      value: [{ tag: Tag.NameValue, type: 'TextString', value: nameValue }],
    },
  };
}

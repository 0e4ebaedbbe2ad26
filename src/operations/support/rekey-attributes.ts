// The attributes of a replacement key (Re-key, KMIP 2.1 §6.1.46 Tables 303-304; Re-key Key Pair,
// §6.1.47 Tables 308-309): copied from the existing key except the ones the server sets afresh,
// dates carried over or moved by the Offset, the Names moved from the old key to the new one, and
// the two keys linked (Replacement Object on the old key, Replaced Object on the new one).
import type { AttributeName } from '../../spec/generated/attributes.js';
import type { Attribute } from '../../messages/attributes.js';
import type { OperationContext } from './operation-context.js';
import { SINGLE_VALUED, reindex } from './new-object.js';
import { type ManagedObject, dateItem, firstAttribute } from '../../objects/managed-object.js';
import { saveObject } from './object-access.js';
import { LinkType } from '../../spec/generated/enums.js';
import { linkAttribute } from './key-pair-objects.js';
import { clientUsageLimits } from '../../objects/usage-limits.js';

/** Not copied: set by the server for the new key, not set at all, or handled below. */
const NOT_COPIED: ReadonlySet<string> = new Set([
  'Unique Identifier',
  'Initial Date',
  'Destroy Date',
  'Compromise Occurrence Date',
  'Compromise Date',
  'Revocation Reason',
  'State',
  'Digest',
  'Last Change Date',
  'Random Number Generator',
  'Link',
  'Fresh',
  'Original Creation Date',
  'Archive Date',
  'Short Unique Identifier',
  'Always Sensitive',
  'Never Extractable',
  'Key Value Present',
  'Key Format Type',
  'Object Type',
  'Operation Policy Name',
  'Activation Date',
  'Process Start Date',
  'Protect Stop Date',
  'Deactivation Date',
  'Usage Limits',
]);

/** Re-key carries all four dates; Re-key Key Pair only Activation and Deactivation (Table 308). */
export const REKEY_DATES = ['Process Start Date', 'Protect Stop Date', 'Deactivation Date'] as const;
export const REKEY_PAIR_DATES = ['Deactivation Date'] as const;

function dateOf(obj: ManagedObject, name: AttributeName): bigint | undefined {
  const v = firstAttribute(obj, name);
  return v?.type === 'DateTime' ? v.value : undefined;
}

function at(name: AttributeName, seconds: bigint): Attribute {
  return { name, index: 0, value: dateItem(name, new Date(Number(seconds) * 1000)) };
}

/**
 * The attributes the server gives the replacement of `old` (the client's own `requested` ones
 * win): a copy per Table 304, the dates per Table 303, the Usage Limits Total with a full Count,
 * and a Replaced Object link to `old`.
 */
export function replacementAttributes(
  ctx: OperationContext,
  old: ManagedObject,
  offset: number | undefined,
  otherDates: readonly AttributeName[],
  requested: readonly Attribute[],
): Attribute[] {
  const given = new Set(requested.filter((a) => SINGLE_VALUED.has(a.name)).map((a) => a.name));
  const out: Attribute[] = old.attributes.filter((a) => !NOT_COPIED.has(a.name) && !given.has(a.name));
  const at1 = dateOf(old, 'Activation Date');
  let shift = 0n;
  if (offset !== undefined) {
    const at2 = BigInt(Math.floor(ctx.now.getTime() / 1000)) + BigInt(offset);
    out.push(at('Activation Date', at2));
    shift = at1 === undefined ? 0n : at2 - at1;
  } else if (at1 !== undefined) {
    out.push(at('Activation Date', at1));
  }
  for (const name of otherDates) {
    const d = dateOf(old, name);
    if (d !== undefined && (offset === undefined || at1 !== undefined)) out.push(at(name, d + shift));
  }
  const limits = firstAttribute(old, 'Usage Limits');
  // The replacement starts with the whole Usage Limits Total again.
  if (limits?.type === 'Structure')
    out.push({ name: 'Usage Limits', index: 0, value: clientUsageLimits(limits) });
  out.push(linkAttribute(LinkType.ReplacedObjectLink, old.uid));
  return out.filter((a) => !given.has(a.name));
}

/** The old key's Operation Policy Name, to keep unless the client names another. */
export function keepPolicy(old: ManagedObject, requested: readonly Attribute[]): Attribute[] {
  const policy = firstAttribute(old, 'Operation Policy Name');
  if (policy === undefined || requested.some((a) => a.name === 'Operation Policy Name'))
    return [...requested];
  return [...requested, { name: 'Operation Policy Name', index: 0, value: policy }];
}

/** The old key after replacement: its Names moved away, a Replacement Object link to the new key. */
export async function retireReplaced(
  ctx: OperationContext,
  old: ManagedObject,
  replacement: string,
): Promise<void> {
  const fresh = (await ctx.store.get(old.uid)) ?? old;
  const attributes = reindex([
    ...fresh.attributes.filter((a) => a.name !== 'Name'),
    linkAttribute(LinkType.ReplacementObjectLink, replacement),
  ]);
  await saveObject(ctx, fresh, { ...fresh, attributes });
}

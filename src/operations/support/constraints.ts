// The Constraints applied to operations that create Managed Objects (KMIP 2.1 §7.6, §7.7; Set and
// Get Constraints, §6.1.52, §6.1.22). The spec leaves their meaning at "a constraint applied to
// operations that create Managed Objects"; this server reads a Constraint as: a new object whose
// Object Type is one of its Object Types (none listed: any) and which belongs to one of its Object
// Groups (none listed: any) SHALL hold each of its Attributes with that value, else the creating
// operation fails with Constraint Violation.
// Constraints belong to the client that set them and govern the objects that client creates: the
// server knows no administrator role, and one tenant never constrains another's work. They are
// kept in the store (Store.getSetting), so every server node sharing it applies them.
import type { Attribute } from '../../messages/attributes.js';
import { KmipError } from '../../messages/kmip-error.js';
import type { Constraint, Constraints } from '../../messages/payloads/generated/types.js';
import { decodeStructure, encodeStructure } from '../../messages/payloads/structures.js';
import { decodeAttributeValue } from '../../messages/payloads/attribute-values.js';
import { ResultReason } from '../../spec/generated/enums.js';
import { decodeTtlv } from '../../ttlv/decode.js';
import { encodeTtlv } from '../../ttlv/encode.js';
import { sameValue } from '../../objects/attribute-instances.js';
import type { OperationContext } from './operation-context.js';

const settingKey = (identity: string): string => `constraints:${identity}`;

/** The Constraints the caller set; none set: an empty set. */
export async function loadConstraints(ctx: OperationContext): Promise<Constraints> {
  const stored = await ctx.store.getSetting(settingKey(ctx.identity));
  if (stored === undefined) return {};
  return decodeStructure('Constraints', decodeTtlv(stored), '2.1');
}

/** Replaces the caller's Constraints. */
export async function saveConstraints(ctx: OperationContext, constraints: Constraints): Promise<void> {
  const bytes = encodeTtlv(encodeStructure('Constraints', constraints, '2.1'));
  await ctx.store.putSetting(settingKey(ctx.identity), bytes);
}

function groupsOf(attrs: readonly Attribute[]): string[] {
  return attrs
    .filter((a) => a.name === 'Object Group')
    .map((a) => decodeAttributeValue('Object Group', a.value));
}

function governs(c: Constraint, objectType: number, groups: readonly string[]): boolean {
  const types = c.objectTypes?.objectType ?? [];
  const wanted = c.objectGroups?.objectGroup ?? [];
  return (
    (types.length === 0 || types.includes(objectType)) &&
    (wanted.length === 0 || wanted.some((g) => groups.includes(g)))
  );
}

/** Refuses a new object (its type and every attribute it will hold) that breaks a caller's Constraint. */
export async function checkConstraints(
  ctx: OperationContext,
  objectType: number,
  attrs: readonly Attribute[],
): Promise<void> {
  const { constraint = [] } = await loadConstraints(ctx);
  if (constraint.length === 0) return;
  const groups = groupsOf(attrs);
  for (const c of constraint) {
    if (!governs(c, objectType, groups)) continue;
    for (const required of c.attributes ?? []) {
      if (!attrs.some((a) => a.name === required.name && sameValue(a.value, required.value))) {
        throw new KmipError(
          ResultReason.ConstraintViolation,
          `a constraint set for this client requires the attribute '${required.name}' with the value it names`,
        );
      }
    }
  }
}

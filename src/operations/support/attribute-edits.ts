// The shared steps of the attribute-editing operations (Add, Set, Modify, Delete and Adjust
// Attribute; KMIP 1.4 §4.14–4.16, 2.1 §6.1.2, 6.1.3, 6.1.13, 6.1.34, 6.1.51): the attribute in
// the client-edit rules (attribute-rules.ts) with the 2.1 reasons (result-reason-version.ts gives
// the 1.x ones), Name uniqueness, and saving with the consequences of the edit (an
// Activation Date set in the past activates a Pre-Active object). Instances: attribute-instances.ts.
import type { TtlvItem } from '../../ttlv/item.js';
import { ResultReason } from '../../spec/generated/enums.js';
import { KmipError } from '../../messages/kmip-error.js';
import { type Attribute, isCustomName } from '../../messages/attributes.js';
import { decodeAttributeValue } from '../../messages/payloads/attribute-values.js';
import { tagInfo } from '../../spec/registry.js';
import type { OperationContext } from './operation-context.js';
import { type ManagedObject, attribute, withAttribute } from '../../objects/managed-object.js';
import { type AttributeRule, attributeRule } from '../../objects/attribute-rules.js';
import { applyTimeTransitions, stateName, stateOf } from '../../objects/lifecycle.js';
import { checkNamesUnique } from './new-object.js';
import { saveObject } from './object-access.js';
import { clientUsageLimits, usageAllocated } from '../../objects/usage-limits.js';
import { instancesOf } from '../../objects/attribute-instances.js';

export type EditKind = 'add' | 'set' | 'modify' | 'delete' | 'adjust';

/** Refuses a value whose item type is not the attribute's (Invalid Attribute Value; 1.x Invalid Field). */
export function checkValueType(a: Attribute): void {
  if (isCustomName(a.name)) return;
  const expected = tagInfo(a.value.tag)?.type;
  if (expected !== undefined && expected !== a.value.type) {
    throw new KmipError(
      ResultReason.InvalidAttributeValue,
      `the attribute '${a.name}' takes a ${expected}, not a ${a.value.type}`,
    );
  }
}

function readOnly(name: string, kind: EditKind, why: string): KmipError {
  // 2.1 tables: Add/Set/Adjust say Read Only Attribute, Modify/Delete say Attribute Read Only
  // (1.4 tables: Permission Denied, result-reason-version.ts).
  const reason =
    kind === 'modify' || kind === 'delete' ? ResultReason.AttributeReadOnly : ResultReason.ReadOnlyAttribute;
  return new KmipError(reason, `the attribute '${name}' ${why}`);
}

/**
 * Checks that the client may perform `kind` on the attribute `name` of `obj` (`exists`: the object
 * has an instance already, which turns Set and Adjust into a change). Returns the attribute's rule.
 */
export function checkEditable(
  obj: ManagedObject,
  name: string,
  kind: EditKind,
  exists: boolean,
): AttributeRule {
  const rule = attributeRule(name);
  if (rule === undefined)
    throw new KmipError(ResultReason.InvalidAttribute, `'${name}' is not an attribute of KMIP objects`);
  const changes = kind === 'modify' || ((kind === 'set' || kind === 'adjust') && exists);
  if (kind === 'delete' && !rule.clientDeletes) {
    throw readOnly(name, kind, 'cannot be deleted by a client');
  }
  if (changes && !rule.clientModifies) {
    throw readOnly(name, kind, 'is read-only: clients cannot change it');
  }
  if (!changes && kind !== 'delete' && !rule.clientAdds) {
    throw readOnly(name, kind, 'is set by the server, not by clients');
  }
  if (name === 'Usage Limits' && (changes || kind === 'delete') && usageAllocated(obj)) {
    throw readOnly(name, kind, 'cannot change once a usage allocation has been made (KMIP 2.1 §4.59)');
  }
  const state = stateOf(obj);
  if (kind !== 'delete' && rule.states !== undefined && state !== undefined && !rule.states.includes(state)) {
    throw new KmipError(
      ResultReason.WrongKeyLifecycleState,
      `'${name}' may be set only while the object is ${rule.states.map(stateName).join(' or ')}; ${obj.uid} is ${stateName(state)}`,
    );
  }
  return rule;
}

/** The value as the server stores it: a client's Usage Limits Count is replaced by the Total. */
export function storedValue(a: Attribute): TtlvItem {
  return a.name === 'Usage Limits' ? clientUsageLimits(a.value) : a.value;
}

function nameValue(v: TtlvItem): string {
  return decodeAttributeValue('Name', v).nameValue;
}

/**
 * A Name may not repeat on one object, at any version (OASIS BL-M-8-21 adds the object's own name
 * again and expects Non Unique Name Attribute; the 1.4 Add Attribute table says Illegal
 * Operation; pykmip-server refuses it too). Another live object's Name is refused where the
 * request's version keeps Names unique (checkNamesUnique). `replacing` is the index of the
 * instance the new value replaces.
 */
export async function checkNameFree(
  ctx: OperationContext,
  obj: ManagedObject,
  attr: Attribute,
  replacing?: number,
): Promise<void> {
  if (attr.name !== 'Name') return;
  const value = nameValue(attr.value);
  const own = instancesOf(obj, 'Name').some((a) => a.index !== replacing && nameValue(a.value) === value);
  if (own)
    throw new KmipError(
      ResultReason.NonUniqueNameAttribute,
      `object ${obj.uid} already has the name '${value ?? ''}'`,
    );
  await checkNamesUnique(ctx, [attr], obj.uid);
}

/**
 * Always Sensitive and Never Extractable (2.1 §4.3, §4.33) record a history: once a client makes
 * the key non-Sensitive or Extractable, they become false for good.
 */
function withHistoryFlags(obj: ManagedObject): ManagedObject {
  let attributes = obj.attributes;
  if (attribute(obj, 'Sensitive') === false && attribute(obj, 'Always Sensitive') === true)
    attributes = withAttribute(attributes, 'Always Sensitive', false);
  if (attribute(obj, 'Extractable') === true && attribute(obj, 'Never Extractable') === true)
    attributes = withAttribute(attributes, 'Never Extractable', false);
  return attributes === obj.attributes ? obj : { ...obj, attributes };
}

/** Saves an edited object after the time-driven transitions its new dates cause; sets the ID Placeholder. */
export async function saveEdit(
  ctx: OperationContext,
  before: ManagedObject,
  after: ManagedObject,
): Promise<ManagedObject> {
  const saved = await saveObject(ctx, before, withHistoryFlags(applyTimeTransitions(after, ctx.now)));
  ctx.batch.idPlaceholder = before.uid;
  return saved;
}

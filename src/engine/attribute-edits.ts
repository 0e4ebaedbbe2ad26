// The shared steps of the attribute-editing operations (Add, Set, Modify, Delete and Adjust
// Attribute; KMIP 1.4 §4.14–4.16, 2.1 §6.1.2, 6.1.3, 6.1.13, 6.1.34, 6.1.51): the attribute in
// either version's request form, the client-edit rules (attribute-rules.ts) with the reason each
// version's error table gives, Name uniqueness, and saving with the consequences of the edit (an
// Activation Date set in the past activates a Pre-Active object). Instances: attribute-instances.ts.
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { ResultReason } from '../spec/generated/enums.js';
import { KmipError, type ResultReasonCode, invalidField } from '../messages/kmip-error.js';
import {
  type Attribute,
  isCustomName,
  parseAttributeItem,
  parseAttributeStructure,
} from '../messages/attributes.js';
import { tagInfo } from '../spec/registry.js';
import type { OperationContext } from './operation-context.js';
import type { ManagedObject } from './managed-object.js';
import { type AttributeRule, attributeRule } from './attribute-rules.js';
import { attributeExistsIn } from './attribute-versions.js';
import { applyTimeTransitions, stateName, stateOf } from './lifecycle.js';
import { checkNamesUnique } from './new-object.js';
import { saveObject } from './object-access.js';
import { clientUsageLimits, usageAllocated } from './usage-limits.js';
import { instancesOf } from './attribute-instances.js';

/** The reason a 2.x reply gives, or the one the KMIP 1.4 error tables give for the same fault. */
export function byVersion(
  ctx: OperationContext,
  kmip2: ResultReasonCode,
  kmip1: ResultReasonCode,
): ResultReasonCode {
  return ctx.kmip2 ? kmip2 : kmip1;
}

export type EditKind = 'add' | 'set' | 'modify' | 'delete' | 'adjust';

/**
 * The attribute a request carries: 1.x `Attribute { Attribute Name, Attribute Index?, Attribute
 * Value }`, 2.x `New Attribute` / `Current Attribute` holding one attribute item. Undefined when
 * the payload has none.
 */
export function requestAttribute(
  payload: StructureItem,
  ctx: OperationContext,
  which: 'new' | 'current',
): Attribute | undefined {
  if (!ctx.kmip2) {
    if (which === 'current') return undefined;
    const s = payload.value.find((c) => c.tag === Tag.Attribute);
    if (s === undefined) return undefined;
    if (s.type === 'Structure' && !s.value.some((c) => c.tag === Tag.AttributeValue)) {
      throw invalidField('the Attribute needs an Attribute Value');
    }
    return parseAttributeStructure(s);
  }
  const container = payload.value.find(
    (c) => c.tag === (which === 'new' ? Tag.NewAttribute : Tag.CurrentAttribute),
  );
  if (container === undefined) return undefined;
  const what = which === 'new' ? 'New Attribute' : 'Current Attribute';
  if (container.type !== 'Structure' || container.value.length !== 1 || container.value[0] === undefined) {
    throw invalidField(`${what} must hold exactly one attribute`);
  }
  return parseAttributeItem(container.value[0]);
}

/** Refuses a value whose item type is not the attribute's (Invalid Attribute Value; 1.x Invalid Field). */
export function checkValueType(ctx: OperationContext, a: Attribute): void {
  if (isCustomName(a.name)) return;
  const expected = tagInfo(a.value.tag)?.type;
  if (expected !== undefined && expected !== a.value.type) {
    throw new KmipError(
      byVersion(ctx, ResultReason.InvalidAttributeValue, ResultReason.InvalidField),
      `the attribute '${a.name}' takes a ${expected}, not a ${a.value.type}`,
    );
  }
}

function readOnly(ctx: OperationContext, name: string, kind: EditKind, why: string): KmipError {
  // 2.1 tables: Add/Set/Adjust say Read Only Attribute, Modify/Delete say Attribute Read Only;
  // 1.4 tables: Permission Denied for every read-only or REQUIRED attribute.
  const v2 =
    kind === 'modify' || kind === 'delete' ? ResultReason.AttributeReadOnly : ResultReason.ReadOnlyAttribute;
  return new KmipError(byVersion(ctx, v2, ResultReason.PermissionDenied), `the attribute '${name}' ${why}`);
}

/**
 * Checks that the client may perform `kind` on the attribute `name` of `obj` (`exists`: the object
 * has an instance already, which turns Set and Adjust into a change). Returns the attribute's rule.
 */
export function checkEditable(
  ctx: OperationContext,
  obj: ManagedObject,
  name: string,
  kind: EditKind,
  exists: boolean,
): AttributeRule {
  const rule = attributeRule(name);
  if (rule === undefined || !attributeExistsIn(name, ctx.version)) {
    throw new KmipError(
      byVersion(ctx, ResultReason.InvalidAttribute, ResultReason.InvalidField),
      `'${name}' is not an attribute of KMIP ${ctx.version} objects`,
    );
  }
  const changes = kind === 'modify' || ((kind === 'set' || kind === 'adjust') && exists);
  if (kind === 'delete' && !rule.clientDeletes) {
    throw readOnly(ctx, name, kind, 'cannot be deleted by a client');
  }
  if (changes && !rule.clientModifies) {
    throw readOnly(ctx, name, kind, 'is read-only: clients cannot change it');
  }
  if (!changes && kind !== 'delete' && !rule.clientAdds) {
    throw readOnly(ctx, name, kind, 'is set by the server, not by clients');
  }
  if (name === 'Usage Limits' && (changes || kind === 'delete') && usageAllocated(obj)) {
    throw readOnly(ctx, name, kind, 'cannot change once a usage allocation has been made (KMIP 2.1 §4.59)');
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

function nameValue(v: TtlvItem): string | undefined {
  const n = v.type === 'Structure' ? v.value.find((c) => c.tag === Tag.NameValue) : undefined;
  return n?.type === 'TextString' ? n.value : undefined;
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
  const reason = byVersion(ctx, ResultReason.NonUniqueNameAttribute, ResultReason.IllegalOperation);
  const own = instancesOf(obj, 'Name').some((a) => a.index !== replacing && nameValue(a.value) === value);
  if (own) throw new KmipError(reason, `object ${obj.uid} already has the name '${value ?? ''}'`);
  await checkNamesUnique(ctx, [attr], obj.uid);
}

/**
 * Always Sensitive and Never Extractable (2.1 §4.3, §4.33) record a history: once a client makes
 * the key non-Sensitive or Extractable, they become false for good.
 */
function withHistoryFlags(obj: ManagedObject): ManagedObject {
  const flag = (name: string): boolean | undefined => {
    const v = obj.attributes.find((a) => a.name === name)?.value;
    return v?.type === 'Boolean' ? v.value : undefined;
  };
  const lost = new Set<string>();
  if (flag('Sensitive') === false && flag('Always Sensitive') === true) lost.add('Always Sensitive');
  if (flag('Extractable') === true && flag('Never Extractable') === true) lost.add('Never Extractable');
  if (lost.size === 0) return obj;
  const attributes = obj.attributes.map((a) =>
    lost.has(a.name) && a.value.type === 'Boolean' ? { ...a, value: { ...a.value, value: false } } : a,
  );
  return { ...obj, attributes };
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

export function uidItem(uid: string): TtlvItem {
  return { tag: Tag.UniqueIdentifier, type: 'TextString', value: uid };
}

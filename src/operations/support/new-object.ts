// Building a new managed object for Create, Register, CreateKeyPair, DeriveKey and ReKey: the
// client's attributes checked, and the attributes the server sets (KMIP 2.1 §4, "set by server").
import { createHash } from 'node:crypto';
import { newObjectUid } from '../../objects/object-uid.js';
import type { StructureItem, TtlvItem } from '../../ttlv/item.js';
import type { AttributeName } from '../../spec/generated/attributes.js';
import { Tag } from '../../spec/generated/tags.js';
import { ProtectionStorageMask, ResultReason, StorageStatusMask } from '../../spec/generated/enums.js';
import { KmipError, invalidField, permissionDenied } from '../../messages/kmip-error.js';
import type { Attribute } from '../../messages/attributes.js';
import type { OperationContext } from './operation-context.js';
import {
  type ManagedObject,
  dateItem,
  enumItem,
  textItem,
  withSingle,
} from '../../objects/managed-object.js';
import { initialState } from '../../objects/lifecycle.js';
import { KEY_OBJECT_TYPES, STATEFUL_OBJECT_TYPES } from '../../objects/object-types.js';
import { decodeAttributeValue } from '../../messages/payloads/attribute-values.js';
import { checkConstraints } from './constraints.js';
import { nameCriterion } from './locate-match.js';

/** Attributes only the server sets; a client naming one on Create/Register is refused. */
export const SERVER_ONLY_ATTRIBUTES: ReadonlySet<string> = new Set([
  'Unique Identifier',
  'State',
  'Initial Date',
  'Last Change Date',
  'Digest',
  'Original Creation Date',
  'Key Value Present',
  'Destroy Date',
  'Compromise Date',
  'Archive Date',
  'Always Sensitive',
  'Never Extractable',
]);

/** Attributes a client may set at most once per object. */
export const SINGLE_VALUED: ReadonlySet<string> = new Set([
  'Unique Identifier',
  'Object Type',
  'Cryptographic Algorithm',
  'Cryptographic Length',
  'Cryptographic Usage Mask',
  'Operation Policy Name',
  'State',
  'Initial Date',
  'Activation Date',
  'Process Start Date',
  'Protect Stop Date',
  'Deactivation Date',
  'Destroy Date',
  'Compromise Occurrence Date',
  'Compromise Date',
  'Revocation Reason',
  'Archive Date',
  'Last Change Date',
  'Lease Time',
  'Fresh',
  'Certificate Type',
  'Certificate Length',
  'Sensitive',
  'Extractable',
  'Contact Information',
  'Description',
  'Comment',
  'Key Value Present',
  'Original Creation Date',
  'Always Sensitive',
  'Never Extractable',
  'Object Group Member',
  'Short Unique Identifier',
  'Key Format Type',
]);

export function checkClientAttributes(attrs: readonly Attribute[]): void {
  const seen = new Set<string>();
  for (const a of attrs) {
    if (SERVER_ONLY_ATTRIBUTES.has(a.name)) {
      throw new KmipError(
        ResultReason.InvalidField,
        `the attribute '${a.name}' is set by the server, not the client`,
      );
    }
    if (SINGLE_VALUED.has(a.name)) {
      if (seen.has(a.name)) throw invalidField(`the attribute '${a.name}' may be given only once`);
      seen.add(a.name);
    }
  }
}

export function attributeOf(attrs: readonly Attribute[], name: string): TtlvItem | undefined {
  return attrs.find((a) => a.name === name)?.value;
}

export function intAttributeOf(attrs: readonly Attribute[], name: string): number | undefined {
  const v = attributeOf(attrs, name);
  if (v === undefined) return undefined;
  if (v.type !== 'Integer' && v.type !== 'Enumeration')
    throw invalidField(`the attribute '${name}' has the wrong type`);
  return v.value;
}

/** Re-indexes multi-valued attributes 0, 1, 2 … per name, in the order given. */
export function reindex(attrs: readonly Attribute[]): Attribute[] {
  const next = new Map<string, number>();
  return attrs.map((a) => {
    const i = next.get(a.name) ?? 0;
    next.set(a.name, i + 1);
    return a.index === i ? a : { ...a, index: i };
  });
}

/** Checks that the identity may create this type under the named (or default) policy. */
export function resolvePolicy(
  ctx: OperationContext,
  attrs: readonly Attribute[],
  objectType: number,
): string {
  const given = attributeOf(attrs, 'Operation Policy Name');
  if (given !== undefined && given.type !== 'TextString')
    throw invalidField('Operation Policy Name must be a Text String');
  const policy = given?.value ?? ctx.access.defaultPolicyName;
  if (!ctx.access.policyExists(policy)) throw invalidField(`the operation policy '${policy}' does not exist`);
  if (!ctx.access.mayCreate(policy, objectType, ctx.operation, ctx.identity, ctx.groups)) {
    throw permissionDenied(`the policy '${policy}' does not allow this identity to create this object`);
  }
  return policy;
}

/**
 * Name attributes must be unique among one owner's live (not destroyed) objects (Non Unique Name
 * Attribute) when the request's version asks it (VersionRules.namesUniqueAcrossObjects). One
 * indexed lookup per name: the owner's objects holding that Name Value.
 */
export async function checkNamesUnique(
  ctx: OperationContext,
  attrs: readonly Attribute[],
  exceptUid?: string,
): Promise<void> {
  for (const a of attrs) {
    if (a.name !== 'Name') continue;
    const name = decodeAttributeValue('Name', a.value).nameValue;
    if (!ctx.rules.namesUniqueAcrossObjects) continue;
    const clash = await ctx.store.locate({
      visibility: { identity: ctx.identity, own: 'all', anyOwner: [] },
      criteria: [nameCriterion(name)],
      storage: StorageStatusMask.OnLineStorage | StorageStatusMask.ArchivalStorage,
      now: ctx.now,
      maximum: 1,
      ...(exceptUid !== undefined ? { excludeUid: exceptUid } : {}),
    });
    if (clash.uids.length > 0)
      throw new KmipError(ResultReason.NonUniqueNameAttribute, `the name '${name}' is already in use`);
  }
}

export const DEFAULT_LEASE_SECONDS = 3600;

/** Key attributes a client may set, with the values they take when it does not (KMIP 2.1 §4). */
function withKeyDefaults(attrs: Attribute[]): Attribute[] {
  const bool = (name: string, tag: number, value: boolean): TtlvItem => ({ tag, type: 'Boolean', value });
  const defaults: [AttributeName, TtlvItem][] = [
    ['Sensitive', bool('Sensitive', Tag.Sensitive, false)],
    ['Extractable', bool('Extractable', Tag.Extractable, true)],
  ];
  // A lease of an hour: clients that honour leases come back through ObtainLease (KMIP 2.1 §4.37).
  defaults.push(['Lease Time', { tag: Tag.LeaseTime, type: 'Interval', value: DEFAULT_LEASE_SECONDS }]);
  // Keys live in software (the process and the sealed store), KMIP 2.1 §4.46.
  defaults.push([
    'Protection Storage Mask',
    { tag: Tag.ProtectionStorageMask, type: 'Integer', value: ProtectionStorageMask.Software },
  ]);
  let out = attrs;
  for (const [name, value] of defaults)
    if (!out.some((a) => a.name === name)) out = withSingle(out, name, value);
  const sensitive = out.find((a) => a.name === 'Sensitive')?.value;
  const extractable = out.find((a) => a.name === 'Extractable')?.value;
  out = withSingle(
    out,
    'Always Sensitive',
    bool('Always Sensitive', Tag.AlwaysSensitive, sensitive?.type === 'Boolean' && sensitive.value),
  );
  out = withSingle(
    out,
    'Never Extractable',
    bool('Never Extractable', Tag.NeverExtractable, extractable?.type === 'Boolean' && !extractable.value),
  );
  return out;
}

export interface NewObjectInput {
  readonly objectType: number;
  readonly clientAttributes: readonly Attribute[];
  /** Attributes the server derives from the object itself (algorithm, length, digest …). */
  readonly derivedAttributes: readonly Attribute[];
  readonly body: StructureItem;
  readonly uid?: string;
}

export async function buildNewObject(ctx: OperationContext, input: NewObjectInput): Promise<ManagedObject> {
  checkClientAttributes(input.clientAttributes);
  const policy = resolvePolicy(ctx, input.clientAttributes, input.objectType);
  await checkNamesUnique(ctx, input.clientAttributes);
  const uid = input.uid ?? newObjectUid();
  let attrs: Attribute[] = [
    ...input.clientAttributes.filter((a) => a.name !== 'Object Type'),
    ...input.derivedAttributes,
  ];
  for (const d of input.derivedAttributes) {
    // A derived value wins over a client value of the same single-valued name.
    if (SINGLE_VALUED.has(d.name)) attrs = [...attrs.filter((a) => a.name !== d.name), d];
  }
  attrs = withSingle(attrs, 'Unique Identifier', textItem('Unique Identifier', uid));
  attrs = withSingle(attrs, 'Object Type', enumItem('Object Type', input.objectType));
  attrs = withSingle(attrs, 'Operation Policy Name', textItem('Operation Policy Name', policy));
  attrs = withSingle(attrs, 'Initial Date', dateItem('Initial Date', ctx.now));
  attrs = withSingle(attrs, 'Last Change Date', dateItem('Last Change Date', ctx.now));
  attrs = withSingle(attrs, 'Original Creation Date', dateItem('Original Creation Date', ctx.now));
  if (STATEFUL_OBJECT_TYPES.has(input.objectType)) {
    const activation = attributeOf(attrs, 'Activation Date');
    const state = initialState(activation?.type === 'DateTime' ? activation.value : undefined, ctx.now);
    attrs = withSingle(attrs, 'State', enumItem('State', state));
  }
  if (!attrs.some((a) => a.name === 'Fresh'))
    attrs = withSingle(attrs, 'Fresh', { tag: Tag.Fresh, type: 'Boolean', value: true });
  attrs = withSingle(attrs, 'Short Unique Identifier', {
    tag: Tag.ShortUniqueIdentifier,
    type: 'ByteString',
    value: createHash('sha256').update(uid).digest(),
  });
  if (KEY_OBJECT_TYPES.has(input.objectType)) attrs = withKeyDefaults(attrs);
  await checkConstraints(ctx, input.objectType, attrs);
  return {
    uid,
    objectType: input.objectType,
    owner: ctx.identity,
    attributes: reindex(attrs),
    body: input.body,
    revision: 1,
  };
}

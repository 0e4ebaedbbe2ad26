// Templates (KMIP 1.4 §2.2.6 and §2.1.8; deprecated in 1.3, gone in 2.0, where Object Type 6 is
// reserved): a named object holding client-settable attributes for new objects. A 1.x
// Template-Attribute may name templates besides giving attributes; the new object gets (§4):
//   "If more than one template name is specified, and there is a conflict between the
//   single-instance attributes in the templates, then the value in the last of the conflicting
//   templates takes precedence. If there is a conflict between the single-instance attributes in
//   the request and the single-instance attributes in a specified template, then the attribute
//   values in the request take precedence. For multi-instance attributes, the union of attribute
//   values is used."
// A template is referred to by its Name; one that does not exist (or that the caller may not use,
// Table 94) is Item Not Found, an archived one Object Archived (§11.2–11.4). A template follows
// the operation policy it names, as every object here does: under 'default' it is a private
// template (Table 94), under 'public' a public one (Table 95), and a policy file may grant more.
// So its Operation Policy Name is its own, not passed on to the objects made with it (§3.18.2.3
// passes it on and governs every template by the default policy; README says so).
import type { StructureItem } from '../../ttlv/item.js';
import { Tag } from '../../spec/generated/tags.js';
import { ObjectType, Operation, StorageStatusMask } from '../../spec/generated/enums.js';
import { invalidField, itemNotFound } from '../../messages/kmip-error.js';
import { encodeAttribute1x, type Attribute } from '../../messages/attributes.js';
import { encodeTtlv } from '../../ttlv/encode.js';
import type { OperationContext } from './operation-context.js';
import { enumItem, type ManagedObject } from '../../objects/managed-object.js';
import { nameCriterion } from './locate-match.js';
import { loadObject } from './object-access.js';
import { SINGLE_VALUED, reindex } from './new-object.js';
import { decodeStructure } from '../../messages/payloads/structures.js';

/** Attributes of a template object that describe the template itself, not what it applies. */
const TEMPLATE_OWN: ReadonlySet<string> = new Set([
  'Unique Identifier',
  'Object Type',
  'Name',
  'Operation Policy Name',
  'Initial Date',
  'Last Change Date',
  'Original Creation Date',
  'Fresh',
  'Short Unique Identifier',
  'Archive Date',
  'Destroy Date',
  'Digest',
  'State',
  'Lease Time',
]);

/** The attributes a template applies to the objects made with it. */
export function templateContents(template: ManagedObject): Attribute[] {
  return template.attributes.filter((a) => !TEMPLATE_OWN.has(a.name));
}

/** The Template structure Get returns: the attributes it applies (Table 50). */
export function templateBody(template: ManagedObject): StructureItem {
  return { tag: Tag.Template, type: 'Structure', value: templateContents(template).map(encodeAttribute1x) };
}

/**
 * The attributes of a Template structure being registered. §11.4: "Trying to register a new
 * Template object containing a Name attribute with the Template structure" is Invalid Field (a
 * template's name is given in the Template-Attribute, as for any object).
 */
export function registeredTemplateContents(body: StructureItem): Attribute[] {
  const attrs = decodeStructure('Template', body).attribute;
  if (attrs.some((a) => a.name === 'Name'))
    throw invalidField('a Template structure holds no Name: name the template in the Template-Attribute');
  const own = attrs.find((a) => TEMPLATE_OWN.has(a.name));
  if (own !== undefined) throw invalidField(`a Template cannot apply '${own.name}' to new objects`);
  return [...attrs];
}

function sameAttribute(a: Attribute, b: Attribute): boolean {
  return a.name === b.name && Buffer.from(encodeTtlv(a.value)).equals(Buffer.from(encodeTtlv(b.value)));
}

/** `top` over `base`: its single-instance attributes replace those of `base`; multi-instance ones join. */
export function overlay(base: readonly Attribute[], top: readonly Attribute[]): Attribute[] {
  const replaced = new Set(top.filter((a) => SINGLE_VALUED.has(a.name)).map((a) => a.name));
  const kept = base.filter((a) => !replaced.has(a.name) && !top.some((t) => sameAttribute(t, a)));
  return reindex([...kept, ...top]);
}

/** The template named `name` that the caller may use, checked as Get (Table 94/95). */
async function templateNamed(ctx: OperationContext, name: string): Promise<ManagedObject> {
  const found = await ctx.store.locate({
    visibility: ctx.access.visibility(Operation.Get, ctx.identity, ctx.groups),
    criteria: [
      { kind: 'value', name: 'Object Type', value: enumItem('Object Type', ObjectType.Template) },
      nameCriterion(name),
    ],
    // Every storage status, as a lookup by identifier would: loadObject then refuses what it must.
    storage:
      StorageStatusMask.OnLineStorage |
      StorageStatusMask.ArchivalStorage |
      StorageStatusMask.DestroyedStorage,
    now: ctx.now,
    maximum: 1,
    count: true,
  });
  const [only] = found.uids;
  if (only === undefined) throw itemNotFound(`no template named '${name}'`);
  if ((found.count ?? 0) > 1) throw invalidField(`the name '${name}' names ${found.count} templates`);
  return loadObject({ ...ctx, policyOperation: Operation.Get }, only);
}

/**
 * The attributes a request gives a new object: those of its 1.x Template-Attribute with the
 * templates it names applied first, in order (1.4 §4: last template wins, the request wins over
 * them, multi-instance values join), or of its 2.x Attributes.
 */
export async function withTemplates(
  ctx: OperationContext,
  attributes: readonly Attribute[],
  templateNames: readonly string[] | undefined,
): Promise<Attribute[]> {
  if (templateNames === undefined || templateNames.length === 0) return [...attributes];
  let fromTemplates: Attribute[] = [];
  for (const name of templateNames)
    fromTemplates = overlay(fromTemplates, templateContents(await templateNamed(ctx, name)));
  return overlay(fromTemplates, attributes);
}

// Attributes in one internal form, whatever the protocol version put on the wire:
//   KMIP 1.x  Attribute { Attribute Name, Attribute Index?, Attribute Value } inside
//             Template-Attribute (and Common/Private/Public Template-Attribute);
//   KMIP 2.x  Attributes { <the attribute's own tag> ... } with custom attributes as
//             Attribute { Vendor Identification, Attribute Name, Attribute Value }.
// Internally an attribute is its spec name ('Cryptographic Algorithm', or 'x-Name' for custom
// ones), its index, and its value as a TTLV item tagged with the attribute's own tag (custom:
// Attribute Value). Operations never see the version; this file is the only place it matters.
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { isSpecAttributeName, tagByName, tagInfo } from '../spec/registry.js';
import { KmipError, invalidField, invalidMessage } from './kmip-error.js';
import { ResultReason } from '../spec/generated/enums.js';
import type { AttributeName, CustomAttributeName } from '../spec/generated/attributes.js';

export interface Attribute {
  /** The spec name ('Cryptographic Algorithm'), or a custom x-/y- name. */
  readonly name: AttributeName;
  readonly index: number;
  readonly value: TtlvItem;
}

/** True for the custom attribute names KMIP reserves for clients (x-) and servers (y-). */
export function isCustomName(name: string): name is CustomAttributeName {
  return name.startsWith('x-') || name.startsWith('y-');
}

/**
 * The attribute a name given by a client names: the spec's current name (an older spelling is
 * accepted), or a custom x-/y- name. Any other name is Invalid Attribute (1.x: Invalid Field).
 */
export function attributeName(raw: string): AttributeName {
  if (isCustomName(raw)) return raw;
  const name = tagByName(raw)?.name;
  if (name === undefined || !isSpecAttributeName(name))
    throw new KmipError(ResultReason.InvalidAttribute, `unknown attribute name '${raw}'`);
  return name;
}

/** The tag a named attribute's value carries internally. */
export function attributeTag(name: string): number {
  if (isCustomName(name)) return Tag.AttributeValue;
  const info = tagByName(name);
  if (info === undefined) throw invalidField(`unknown attribute name '${name}'`);
  return info.tag;
}

function retag(item: TtlvItem, tag: number): TtlvItem {
  return item.tag === tag ? item : { ...item, tag };
}

function find(s: StructureItem, tag: number): TtlvItem | undefined {
  for (const c of s.value) if (c.tag === tag) return c;
  return undefined;
}

function text(s: StructureItem, tag: number): string | undefined {
  const c = find(s, tag);
  return c?.type === 'TextString' ? c.value : undefined;
}

/** The Attribute Index a 1.x Attribute structure gives, when it gives one. */
export function givenAttributeIndex(s: TtlvItem): number | undefined {
  if (s.type !== 'Structure') return undefined;
  const i = find(s, Tag.AttributeIndex);
  if (i === undefined) return undefined;
  if (i.type !== 'Integer') throw invalidField('Attribute Index must be an Integer');
  return i.value;
}

/** One 1.x `Attribute` structure, or the 2.x vendor form (which also uses the Attribute tag). */
export function parseAttributeStructure(s: TtlvItem): Attribute {
  if (s.type !== 'Structure') throw invalidMessage('Attribute must be a Structure');
  const rawName = text(s, Tag.AttributeName);
  if (rawName === undefined) throw invalidMessage('Attribute has no Attribute Name');
  const vendor = text(s, Tag.VendorIdentification);
  const name = attributeName(vendor !== undefined ? `${vendor}-${rawName}` : rawName);
  const indexItem = find(s, Tag.AttributeIndex);
  const index = indexItem?.type === 'Integer' ? indexItem.value : 0;
  const value = find(s, Tag.AttributeValue);
  if (value === undefined) {
    // Attribute names without values appear in requests such as DeleteAttribute 1.x: callers
    // that need a value check for it; here an empty Text String stands in.
    return { name, index, value: { tag: attributeTag(name), type: 'Structure', value: [] } };
  }
  return { name, index, value: retag(value, attributeTag(name)) };
}

/** An attribute in its 2.x form: the item tagged with the attribute's own tag. */
export function parseAttributeItem(item: TtlvItem): Attribute {
  if (item.tag === Tag.Attribute) return parseAttributeStructure(item);
  const name = tagInfo(item.tag)?.name;
  if (name === undefined || !isSpecAttributeName(name))
    throw new KmipError(
      ResultReason.InvalidAttribute,
      `the tag 0x${item.tag.toString(16)} (${name ?? 'unknown'}) is not an attribute`,
    );
  return { name, index: 0, value: item };
}

/**
 * A 1.x Template-Attribute split into the names of the templates it refers to (KMIP 1.4 §2.1.8:
 * Name items, in order) and the attributes it gives.
 */
export function splitTemplateAttribute(s: TtlvItem): { templateNames: string[]; attributes: Attribute[] } {
  if (s.type !== 'Structure') throw invalidMessage('Template-Attribute must be a Structure');
  const templateNames: string[] = [];
  const attributes: Attribute[] = [];
  for (const c of s.value) {
    if (c.tag === Tag.Attribute) attributes.push(parseAttributeStructure(c));
    else if (c.tag === Tag.Name) {
      const value = c.type === 'Structure' ? c.value.find((v) => v.tag === Tag.NameValue) : undefined;
      if (value?.type !== 'TextString') throw invalidField('a template Name needs a Name Value');
      templateNames.push(value.value);
    }
  }
  return { templateNames, attributes };
}

/** Attributes from a 1.x Template-Attribute of an operation that takes no template names. */
export function parseTemplateAttribute(s: TtlvItem): Attribute[] {
  const { templateNames, attributes } = splitTemplateAttribute(s);
  if (templateNames.length > 0)
    throw invalidField('this operation takes no template names; send the attributes themselves');
  return attributes;
}

/** Attributes from a 2.x Attributes structure (Common/Private/Public Attributes alike). */
export function parseAttributes(s: TtlvItem): Attribute[] {
  if (s.type !== 'Structure') throw invalidMessage('Attributes must be a Structure');
  return s.value.map(parseAttributeItem);
}

/**
 * The attributes of a request payload, in whichever form it holds them: `templateTag` names the
 * 1.x container (Template-Attribute, Common Template-Attribute …) and `attributesTag` the 2.x one.
 */
export function payloadAttributes(
  payload: StructureItem,
  templateTag: number,
  attributesTag: number,
): Attribute[] {
  const out: Attribute[] = [];
  for (const c of payload.value) {
    if (c.tag === templateTag) out.push(...parseTemplateAttribute(c));
    else if (c.tag === attributesTag) out.push(...parseAttributes(c));
  }
  return out;
}

function encode1x(a: Attribute, zeroIndex: boolean): TtlvItem {
  const children: TtlvItem[] = [{ tag: Tag.AttributeName, type: 'TextString', value: a.name }];
  if (a.index !== 0 || zeroIndex) children.push({ tag: Tag.AttributeIndex, type: 'Integer', value: a.index });
  children.push(retag(a.value, Tag.AttributeValue));
  return { tag: Tag.Attribute, type: 'Structure', value: children };
}

/**
 * 1.x wire form: Attribute { Attribute Name, Attribute Index (when not 0), Attribute Value }. An
 * absent index means 0 (1.4 §2.1.1), so requests and storage leave index 0 out (an Add Attribute
 * request must carry none, §4.14).
 */
export function encodeAttribute1x(a: Attribute): TtlvItem {
  return encode1x(a, false);
}

/**
 * An attribute in a 1.x server answer (Get Attributes, Add/Modify/Delete Attribute): the Attribute
 * Index is always given, 0 included. 1.4 §4.14–4.16 let a server omit index 0, but PyKMIP's client
 * reads `attribute_index.value` from these answers and fails on an absent one.
 */
export function encodeAttributeAnswer1x(a: Attribute): TtlvItem {
  return encode1x(a, true);
}

/** 2.x wire form: the attribute's own tag, or the vendor structure for custom attributes. */
export function encodeAttribute2x(a: Attribute): TtlvItem {
  if (!isCustomName(a.name)) return a.value;
  const dash = a.name.indexOf('-');
  return {
    tag: Tag.Attribute,
    type: 'Structure',
    value: [
      { tag: Tag.VendorIdentification, type: 'TextString', value: a.name.slice(0, dash) },
      { tag: Tag.AttributeName, type: 'TextString', value: a.name.slice(dash + 1) },
      retag(a.value, Tag.AttributeValue),
    ],
  };
}

export function encodeAttribute(a: Attribute, kmip2: boolean): TtlvItem {
  return kmip2 ? encodeAttribute2x(a) : encodeAttribute1x(a);
}

/** Attributes in a server answer, in the version's container: 2.x Attributes, or the 1.x items bare. */
export function encodeAttributeList(
  attrs: readonly Attribute[],
  kmip2: boolean,
  containerTag?: number,
): TtlvItem[] {
  if (!kmip2) return attrs.map(encodeAttributeAnswer1x);
  return [{ tag: containerTag ?? Tag.Attributes, type: 'Structure', value: attrs.map(encodeAttribute2x) }];
}

/** Attributes given directly in a payload (1.x Locate, AddAttribute …) or in a 2.x Attributes. */
export function directAttributes(payload: StructureItem): Attribute[] {
  const out: Attribute[] = [];
  for (const c of payload.value) {
    if (c.tag === Tag.Attribute) out.push(parseAttributeStructure(c));
    else if (c.tag === Tag.Attributes) out.push(...parseAttributes(c));
  }
  return out;
}

// Naming attributes in requests: 1.x Attribute Name text strings, 2.x Attribute Reference (an
// Enumeration holding the attribute's tag, or a vendor structure). Both become spec names.
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { isSpecAttributeName, tagInfo } from '../spec/registry.js';
import type { AttributeName } from '../spec/generated/attributes.js';
import { attributeName } from './attributes.js';
import { invalidField } from './kmip-error.js';

/** The attribute an Attribute Reference names: a tag Enumeration, or a vendor structure (2.1 §5.5). */
export function referenceName(item: TtlvItem): AttributeName {
  if (item.type === 'Enumeration') {
    const info = tagInfo(item.value);
    if (info === undefined || !isSpecAttributeName(info.name))
      throw invalidField(`Attribute Reference 0x${item.value.toString(16)} names no attribute`);
    return info.name;
  }
  if (item.type === 'Structure') {
    const vendor = item.value.find((c) => c.tag === Tag.VendorIdentification);
    const name = item.value.find((c) => c.tag === Tag.AttributeName);
    if (vendor?.type === 'TextString' && name?.type === 'TextString')
      return attributeName(`${vendor.value}-${name.value}`);
  }
  throw invalidField('an Attribute Reference must be a tag enumeration or a vendor attribute reference');
}

/** The attribute names a GetAttributes / DeleteAttribute style payload asks for, in order. */
export function requestedAttributeNames(payload: StructureItem): AttributeName[] {
  const out: AttributeName[] = [];
  for (const c of payload.value) {
    if (c.tag === Tag.AttributeName) {
      if (c.type !== 'TextString') throw invalidField('Attribute Name must be a Text String');
      out.push(attributeName(c.value));
    } else if (c.tag === Tag.AttributeReference) {
      out.push(referenceName(c));
    }
  }
  return out;
}

/** A 2.x Attribute Reference for a spec or custom name. */
export function attributeReference(name: string, tag: number | undefined): TtlvItem {
  if (tag !== undefined) return { tag: Tag.AttributeReference, type: 'Enumeration', value: tag };
  const dash = name.indexOf('-');
  return {
    tag: Tag.AttributeReference,
    type: 'Structure',
    value: [
      { tag: Tag.VendorIdentification, type: 'TextString', value: name.slice(0, dash) },
      { tag: Tag.AttributeName, type: 'TextString', value: name.slice(dash + 1) },
    ],
  };
}

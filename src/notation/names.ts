// Names in the KMIP XML and JSON encodings (KMIP Profiles 2.1 message encodings): tags by their
// XML name (or "0x42xxxx" when the registry does not know them, e.g. 0x54xxxx extensions), and
// the meaning of a value's number (which enumeration or bit mask it comes from). The numbers and
// names themselves live in the registry (src/spec); this file only decides where to look.

import {
  enumForTag,
  enumInfo,
  enumValueByName,
  enumValueName,
  tagByName,
  tagInfo,
} from '../spec/registry.js';
import type { TagInfo } from '../spec/registry.js';
import { Tag } from '../spec/generated/tags.js';
import type { TtlvItem } from '../ttlv/item.js';

/**
 * Where an Integer's or Enumeration's names come from:
 * - enum: the values of one enumeration (by its XML name, e.g. 'CryptographicAlgorithm');
 * - mask: the bits of one mask enumeration ('CryptographicUsageMask'), Integers only;
 * - tag: the Tag enumeration (KMIP 2.x §11.56), whose value names are the tags' XML names, as
 *   used by Attribute Reference (`<AttributeReference type="Enumeration" value="State"/>`).
 */
export type ValueDomain =
  | { readonly kind: 'enum'; readonly name: string }
  | { readonly kind: 'mask'; readonly name: string }
  | { readonly kind: 'tag' };

const TAG_ENUMERATION = 'Tag';

/** The XML/JSON name of a tag, or undefined when the registry has none. */
export function tagXmlName(tag: number): string | undefined {
  return tagInfo(tag)?.xmlName;
}

/** "0x420094": the hex spelling of a tag (three bytes, lower case). */
export function tagHex(tag: number): string {
  return `0x${tag.toString(16).padStart(6, '0')}`;
}

/** A tag from its XML name, spec name or "0x42xxxx" hex spelling; undefined when unknown. */
export function tagFromText(text: string): number | undefined {
  if (/^0x[0-9a-fA-F]{6}$/.test(text)) return Number.parseInt(text.slice(2), 16);
  return tagByName(text)?.tag;
}

/** The spec name of a tag ('Unique Identifier'), or its hex spelling when unknown. */
export function tagDisplayName(tag: number): string {
  return tagInfo(tag)?.name ?? tagHex(tag);
}

/**
 * The domain of a tag's Integer/Enumeration values. For Attribute Value (KMIP 1.x attributes)
 * the attribute's name, read from the sibling Attribute Name, decides: "Cryptographic Algorithm"
 * gives the CryptographicAlgorithm enumeration, "Cryptographic Usage Mask" the mask.
 */
export function valueDomain(tag: number, attributeName?: string): ValueDomain | undefined {
  if (tag === Tag.AttributeValue) {
    const attribute = attributeName === undefined ? undefined : tagByName(attributeName);
    return attribute === undefined ? undefined : domainOfTag(attribute);
  }
  const info = tagInfo(tag);
  if (info !== undefined) return domainOfTag(info);
  return undefined;
}

function domainOfTag(info: TagInfo): ValueDomain | undefined {
  if (info.mask !== undefined) return { kind: 'mask', name: info.mask };
  if (info.enumeration === TAG_ENUMERATION) return { kind: 'tag' };
  if (info.enumeration !== undefined) return { kind: 'enum', name: info.enumeration };
  const found = enumForTag(info.tag);
  if (found !== undefined) {
    if (found.xmlName === TAG_ENUMERATION) return { kind: 'tag' };
    return found.isMask ? { kind: 'mask', name: found.xmlName } : { kind: 'enum', name: found.xmlName };
  }
  // KMIP 2.1 §5.5: Attribute Reference is an Enumeration (Tag) when it is not a Structure.
  if (info.tag === Tag.AttributeReference) return { kind: 'tag' };
  return undefined;
}

/** A short description of a domain for error messages ("CryptographicAlgorithm values"). */
export function describeDomain(domain: ValueDomain): string {
  return domain.kind === 'tag' ? 'tag names' : `${domain.name} ${domain.kind === 'mask' ? 'bits' : 'values'}`;
}

/** The name of an enumeration value in a domain (enum or tag), or undefined when it has none. */
export function enumerationName(domain: ValueDomain | undefined, value: number): string | undefined {
  if (domain === undefined) return undefined;
  if (domain.kind === 'tag') return tagXmlName(value);
  return enumValueName(domain.name, value);
}

/** The spec (display) name of an enumeration value, for the pretty printer. */
export function enumerationDisplayName(domain: ValueDomain | undefined, value: number): string | undefined {
  if (domain === undefined) return undefined;
  if (domain.kind === 'tag') return tagInfo(value)?.name;
  return enumInfo(domain.name)?.values.find((v) => v.value === value)?.name;
}

/** The value of an enumeration name (spec or XML name) in a domain; undefined when unknown. */
export function enumerationValue(domain: ValueDomain | undefined, name: string): number | undefined {
  if (domain === undefined) return undefined;
  if (domain.kind === 'tag') return tagByName(name)?.tag;
  return enumValueByName(domain.name, name);
}

/**
 * The names of the bits set in a mask value, lowest bit first; bits without a name are returned
 * together as one "0x........" entry at the end. Zero has no names (empty list).
 */
export function maskNames(maskName: string, value: number, display = false): string[] {
  let rest = value >>> 0;
  const names: string[] = [];
  const bits = [...(enumInfo(maskName)?.values ?? [])].sort((a, b) => a.value - b.value);
  for (const bit of bits) {
    const b = bit.value >>> 0;
    if (b !== 0 && (rest & b) >>> 0 === b) {
      names.push(display ? bit.name : bit.xmlName);
      rest = (rest & ~b) >>> 0;
    }
  }
  if (rest !== 0) names.push(hex32(rest));
  return names;
}

/**
 * The value of a mask written as names and/or hex or decimal numbers separated by spaces or '|'
 * ("Encrypt Decrypt", "Encrypt|Decrypt", "0x0000000c"); returns the unknown token on failure.
 */
export function maskValue(maskName: string, text: string): { value: number } | { unknown: string } {
  let value = 0;
  const tokens = text.split(/[\s|]+/).filter((t) => t !== '');
  if (tokens.length === 0) return { unknown: text };
  for (const token of tokens) {
    let bits: number | undefined;
    if (/^0x[0-9a-fA-F]{1,8}$/.test(token)) bits = Number.parseInt(token.slice(2), 16);
    else if (/^\d+$/.test(token) && Number(token) <= 0xffffffff) bits = Number(token);
    else bits = enumValueByName(maskName, token);
    if (bits === undefined) return { unknown: token };
    value = (value | bits) >>> 0;
  }
  return { value: value | 0 };
}

/** "0x0000000c": a 32-bit value as 8 lower-case hex digits. */
export function hex32(value: number): string {
  return `0x${(value >>> 0).toString(16).padStart(8, '0')}`;
}

/** The Attribute Name text among sibling items, which names an Attribute Value's enumeration. */
export function attributeNameOf(siblings: readonly TtlvItem[]): string | undefined {
  const found = siblings.find((s) => s.tag === Tag.AttributeName);
  return found?.type === 'TextString' ? found.value : undefined;
}

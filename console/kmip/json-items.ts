// KMIP JSON items (KMIP Additional Message Encodings 1.0 §3: {"tag", "type", "value"}, a Structure
// has no type and an array of items as its value), built and read by the console. Tags and
// enumeration values are their KMIP XML/JSON names (UniqueIdentifier, SymmetricKey); masks are
// names joined by "|" (Encrypt|Decrypt); dates are ISO 8601.

export type ItemType =
  | 'Integer'
  | 'LongInteger'
  | 'BigInteger'
  | 'Enumeration'
  | 'Boolean'
  | 'TextString'
  | 'ByteString'
  | 'DateTime'
  | 'Interval'
  | 'DateTimeExtended';

export type Primitive = string | number | boolean;

export interface Item {
  readonly tag: string;
  readonly type?: ItemType | 'Structure';
  readonly value: Primitive | readonly Item[];
}

export const item = (tag: string, type: ItemType, value: Primitive): Item => ({ tag, type, value });
export const text = (tag: string, value: string): Item => item(tag, 'TextString', value);
export const enumeration = (tag: string, value: string): Item => item(tag, 'Enumeration', value);
export const integer = (tag: string, value: number): Item => item(tag, 'Integer', value);
export const dateTime = (tag: string, value: Date): Item =>
  item(tag, 'DateTime', value.toISOString().replace(/\.\d{3}Z$/, '+00:00'));
export const structure = (tag: string, value: readonly Item[]): Item => ({ tag, value });

export function isStructure(i: Item | undefined): i is Item & { readonly value: readonly Item[] } {
  return i !== undefined && Array.isArray(i.value);
}

export function children(i: Item | undefined): readonly Item[] {
  return isStructure(i) ? i.value : [];
}

export function child(i: Item | undefined, tag: string): Item | undefined {
  return children(i).find((c) => c.tag === tag);
}

/** A primitive item's value as text ('' for a structure). */
export function valueText(i: Item | undefined): string {
  if (i === undefined) return '';
  const v = i.value;
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}

/** A primitive child's value as text ('' when absent or a structure). */
export function childText(i: Item | undefined, tag: string): string {
  return valueText(child(i, tag));
}

/** A custom attribute's name in KMIP 1.x spelling ("x-bucket") from a 2.x vendor attribute. */
export function vendorName(a: Item): string {
  return `${childText(a, 'VendorIdentification')}-${childText(a, 'AttributeName')}`;
}

/** A 2.x vendor attribute (custom `x-name` attributes are vendor "x", attribute "name"). */
export function customAttribute(name: string, value: string): Item {
  const dash = name.indexOf('-');
  return structure('Attribute', [
    text('VendorIdentification', name.slice(0, dash)),
    text('AttributeName', name.slice(dash + 1)),
    text('AttributeValue', value),
  ]);
}

/** The Attribute Reference naming an attribute of the object: its tag, or a vendor structure. */
export function attributeReference(a: Item): Item {
  if (a.tag !== 'Attribute') return enumeration('AttributeReference', a.tag);
  return structure('AttributeReference', [
    text('VendorIdentification', childText(a, 'VendorIdentification')),
    text('AttributeName', childText(a, 'AttributeName')),
  ]);
}

/** "CryptographicAlgorithm" → "Cryptographic Algorithm" (the specification's spelling). */
export function spaced(name: string): string {
  return name
    .replace(/_/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
}

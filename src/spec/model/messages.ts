// The shapes of the generated message tables (generated/payloads.ts, structures.ts,
// attributes.ts): which fields each operation's payload holds in each protocol family, the fields
// of the structures the spec defines, and the attributes with the type of their values.
import type { ItemTypeName } from '../../ttlv/item.js';

/**
 * How a field is carried. An item type is the value itself; the rest are the forms attributes and
 * objects take, which differ between 1.x and 2.x (messages/payloads/field-codec.ts reads them).
 */
export type FieldKind =
  | ItemTypeName
  /** 1.x Template-Attribute (and Common/Private/Public): Attribute structures inside. */
  | 'template-attribute'
  /** 2.x Attributes (and Common/Private/Public): each attribute under its own tag inside. */
  | 'attributes'
  /** 1.x Attribute structures repeated directly in the payload (Locate, Get Attributes). */
  | 'attribute-list'
  /** One 1.x Attribute structure (Add Attribute, Modify Attribute). */
  | 'attribute'
  /** 2.x New Attribute / Current Attribute: one attribute under its own tag inside. */
  | 'attribute-container'
  /** 1.x Attribute Name: a Text String. */
  | 'attribute-name'
  /** 2.x Attribute Reference: the attribute's tag as an Enumeration, or a vendor structure. */
  | 'attribute-reference'
  /** A managed object: any object structure (1.4 §2.2, 2.1 §2), under its own tag. */
  | 'object'
  /** A field whose encoding varies ('Byte String or Structure', 'Varies'): the item as it is. */
  | 'any';

export interface FieldInfo {
  /** The typed property: 'uniqueIdentifier'. */
  readonly key: string;
  /** The wire tag (its name is the registry's); 0 for an 'object' field (the object's own tag). */
  readonly tag: number;
  readonly kind: FieldKind;
  /** For a Structure with a typed model: its xmlName ('CryptographicParameters'). */
  readonly struct?: string;
  readonly required?: true;
  readonly repeated?: true;
}

/** The protocol family whose table a payload follows: 1 = KMIP 1.0-1.4 (the 1.4 table), 2 = 2.0-2.1. */
export type PayloadFamily = 1 | 2;

export interface PayloadTable {
  /** The Operation enumeration value. */
  readonly operation: number;
  readonly direction: 'request' | 'response';
  readonly family: PayloadFamily;
  /** Where the spec defines it: '6.1.8', Table 186. */
  readonly section: string;
  readonly table?: number;
  readonly fields: readonly FieldInfo[];
}

export interface StructureTable {
  readonly tag: number;
  readonly name: string;
  readonly xmlName: string;
  /** Sections and tables, per spec version: '2.1 §4.32 Table 93'. */
  readonly source: string;
  readonly fields: readonly FieldInfo[];
}

export interface AttributeInfo {
  readonly name: string;
  readonly tag: number;
  readonly type: ItemTypeName;
  /** For a structure value with a typed model: its xmlName ('Name', 'Link'). */
  readonly struct?: string;
}

// Attribute values, typed: each spec attribute's value as AttributeValues says (a Date-Time is
// bigint seconds, Name is { nameValue, nameType } …), read from and written to the TTLV item an
// attribute holds. A misspelt name or a value of the wrong type is a compile error.
import type { TtlvItem } from '../../ttlv/item.js';
import type { SpecAttributeName } from '../../spec/generated/attributes.js';
import { attributeInfo } from '../../spec/registry.js';
import { invalidField } from '../kmip-error.js';
import type { AttributeValues } from './generated/types.js';
import { decodeStruct, encodeStruct } from './field-codec.js';
import { structureTable } from './tables.js';

/** The typed value of attribute `name` held in `item`; Invalid Field when it has another type. */
export function decodeAttributeValue<N extends SpecAttributeName>(
  name: N,
  item: TtlvItem,
): AttributeValues[N] {
  const info = attributeInfo(name);
  if (item.type !== info.type)
    throw invalidField(`the attribute '${name}' takes a ${info.type}, not a ${item.type}`);
  if (info.struct !== undefined)
    return decodeStruct(structureTable(info.struct), item, undefined) as unknown as AttributeValues[N];
  return item.value as AttributeValues[N];
}

/** The item attribute `name` holds for `value`, tagged with the attribute's own tag. */
export function encodeAttributeValue<N extends SpecAttributeName>(
  name: N,
  value: AttributeValues[N],
): TtlvItem {
  const info = attributeInfo(name);
  if (info.struct !== undefined) return encodeStruct(structureTable(info.struct), value, undefined, info.tag);
  return { tag: info.tag, type: info.type, value } as TtlvItem;
}

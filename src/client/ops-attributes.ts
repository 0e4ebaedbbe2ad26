// Attribute operations (KMIP 1.4 §4.12–4.16, 2.1 §6.1.2/13/23/24/34/51): Get Attributes, Get
// Attribute List, Add / Set / Modify / Delete Attribute. 1.x names attributes by Attribute Name
// and an Attribute Index; 2.x by Attribute Reference and by value (Current / New Attribute).
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { Operation } from '../spec/generated/enums.js';
import { tagInfo } from '../spec/registry.js';
import { tagHex } from '../notation/names.js';
import { attributeTag, encodeAttribute1x, encodeAttribute2x, isCustomName } from '../messages/attributes.js';
import { attributeReference } from '../messages/attribute-reference.js';
import { attributeSpecName, readAttributes, toAttribute, type KmipAttribute } from './attribute-io.js';
import { KmipClientError, KmipClientErrorCode } from './errors.js';
import { uidItems, uidOf, type KmipOperation, type OperationContext } from './operation.js';
import type { PlainValue } from './values.js';

/** 1.x: the Attribute Name text; 2.x: the Attribute Reference (tag enumeration or vendor structure). */
function nameItem(name: string, kmip2: boolean): TtlvItem {
  const spec = attributeSpecName(name);
  if (!kmip2) return { tag: Tag.AttributeName, type: 'TextString', value: spec };
  return attributeReference(spec, isCustomName(spec) ? undefined : attributeTag(spec));
}

function wrapped(tag: number, name: string, value: PlainValue): TtlvItem {
  return { tag, type: 'Structure', value: [encodeAttribute2x(toAttribute(name, value))] };
}

export interface AttributesResult {
  readonly uid: string;
  readonly attributes: readonly KmipAttribute[];
}

export function getAttributesOp(
  uid: string | undefined,
  names?: readonly string[],
): KmipOperation<AttributesResult> {
  return {
    operation: Operation.GetAttributes,
    payload: (ctx) => [...uidItems(uid), ...(names ?? []).map((n) => nameItem(n, ctx.kmip2))],
    parse: (p) => ({ uid: uidOf(p), attributes: readAttributes(p) }),
  };
}

function referenceName(item: TtlvItem): string {
  if (item.type === 'TextString') return item.value;
  if (item.type === 'Enumeration') return tagInfo(item.value)?.name ?? tagHex(item.value);
  if (item.type === 'Structure') {
    const vendor = item.value.find((c) => c.tag === Tag.VendorIdentification);
    const name = item.value.find((c) => c.tag === Tag.AttributeName);
    if (vendor?.type === 'TextString' && name?.type === 'TextString') return `${vendor.value}-${name.value}`;
  }
  return '?';
}

export interface AttributeListResult {
  readonly uid: string;
  /** Spec names ('Cryptographic Algorithm') and custom names ('x-owner'). */
  readonly names: readonly string[];
}

export function getAttributeListOp(uid?: string): KmipOperation<AttributeListResult> {
  return {
    operation: Operation.GetAttributeList,
    payload: () => uidItems(uid),
    parse: (p) => ({
      uid: uidOf(p),
      names: p.value
        .filter((c) => c.tag === Tag.AttributeName || c.tag === Tag.AttributeReference)
        .map(referenceName),
    }),
  };
}

export interface AttributeEditResult {
  readonly uid: string;
  /** The attribute as the server stored, changed or deleted it (1.x responses only). */
  readonly attribute?: KmipAttribute;
}

function editResult(p: StructureItem): AttributeEditResult {
  const attribute = readAttributes(p)[0];
  return { uid: uidOf(p), ...(attribute !== undefined ? { attribute } : {}) };
}

export function addAttributeOp(
  uid: string | undefined,
  name: string,
  value: PlainValue,
): KmipOperation<AttributeEditResult> {
  return {
    operation: Operation.AddAttribute,
    payload: (ctx) => [
      ...uidItems(uid),
      ctx.kmip2 ? wrapped(Tag.NewAttribute, name, value) : encodeAttribute1x(toAttribute(name, value)),
    ],
    parse: editResult,
  };
}

function needs2x(what: string, ctx: OperationContext): void {
  if (!ctx.kmip2) {
    throw new KmipClientError(
      KmipClientErrorCode.Unsupported,
      `${what} exists from KMIP 2.0; this connection speaks ${ctx.version.major}.${ctx.version.minor}`,
    );
  }
}

/** Set Attribute (2.x only): adds the attribute or replaces its single instance. */
export function setAttributeOp(
  uid: string | undefined,
  name: string,
  value: PlainValue,
): KmipOperation<{ uid: string }> {
  return {
    operation: Operation.SetAttribute,
    payload: (ctx) => {
      needs2x('Set Attribute', ctx);
      return [...uidItems(uid), wrapped(Tag.NewAttribute, name, value)];
    },
    parse: (p) => ({ uid: uidOf(p) }),
  };
}

export interface InstanceSelector {
  /** 1.x: the Attribute Index of the instance (default 0). */
  readonly index?: number;
  /** 2.x: the current value of the instance (needed when the attribute has several). */
  readonly current?: PlainValue;
}

export function modifyAttributeOp(
  uid: string | undefined,
  name: string,
  value: PlainValue,
  which: InstanceSelector = {},
): KmipOperation<AttributeEditResult> {
  return {
    operation: Operation.ModifyAttribute,
    payload: (ctx) => {
      if (!ctx.kmip2)
        return [...uidItems(uid), encodeAttribute1x(toAttribute(name, value, which.index ?? 0))];
      const out: TtlvItem[] = uidItems(uid);
      if (which.current !== undefined) out.push(wrapped(Tag.CurrentAttribute, name, which.current));
      out.push(wrapped(Tag.NewAttribute, name, value));
      return out;
    },
    parse: editResult,
  };
}

export function deleteAttributeOp(
  uid: string | undefined,
  name: string,
  which: InstanceSelector = {},
): KmipOperation<AttributeEditResult> {
  return {
    operation: Operation.DeleteAttribute,
    payload: (ctx) => {
      const out: TtlvItem[] = uidItems(uid);
      if (!ctx.kmip2) {
        out.push(nameItem(name, false));
        if (which.index !== undefined)
          out.push({ tag: Tag.AttributeIndex, type: 'Integer', value: which.index });
      } else if (which.current !== undefined) {
        out.push(wrapped(Tag.CurrentAttribute, name, which.current));
      } else {
        out.push(nameItem(name, true));
      }
      return out;
    },
    parse: editResult,
  };
}

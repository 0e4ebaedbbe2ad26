// Attribute operations (KMIP 1.4 §4.12–4.16, 2.1 §6.1.2/13/23/24/34/51): Get Attributes, Get
// Attribute List, Add / Set / Modify / Delete Attribute. 1.x names attributes by Attribute Name
// and an Attribute Index; 2.x by Attribute Reference and by value (Current / New Attribute).
import { attributeName as specAttributeName, type Attribute } from '../messages/attributes.js';
import type { KmipVersion } from '../spec/registry.js';
import { attributeSpecName, kmipAttributes, toAttribute, type KmipAttribute } from './attribute-io.js';
import { answered, target, typedOperation, uidAnswer, type KmipOperation } from './operation.js';
import type { PlainValue } from './values.js';

/** An attribute named by the caller (spec, XML or custom name), as the codecs name it. */
const named = (name: string): Attribute['name'] => specAttributeName(attributeSpecName(name));

export interface AttributesResult {
  readonly uid: string;
  readonly attributes: readonly KmipAttribute[];
}

export function getAttributesOp(
  uid: string | undefined,
  names?: readonly string[],
): KmipOperation<AttributesResult> {
  return typedOperation(
    'GetAttributes',
    () => ({ ...target(uid), attributeReference: (names ?? []).map(named) }),
    (r) => ({ ...uidAnswer(r), attributes: kmipAttributes(r.attributes ?? []) }),
  );
}

export interface AttributeListResult {
  readonly uid: string;
  /** Spec names ('Cryptographic Algorithm') and custom names ('x-owner'). */
  readonly names: readonly string[];
}

export function getAttributeListOp(uid?: string): KmipOperation<AttributeListResult> {
  return typedOperation(
    'GetAttributeList',
    () => target(uid),
    (r) => ({ ...uidAnswer(r), names: r.attributeReference ?? [] }),
  );
}

export interface AttributeEditResult {
  readonly uid: string;
  /** The attribute as the server stored, changed or deleted it (1.x responses only). */
  readonly attribute?: KmipAttribute;
}

function editResult(r: { uniqueIdentifier?: string; attribute?: Attribute }): AttributeEditResult {
  const [attribute] = kmipAttributes(r.attribute === undefined ? [] : [r.attribute]);
  return {
    uid: answered(r.uniqueIdentifier, 'Unique Identifier'),
    ...(attribute !== undefined ? { attribute } : {}),
  };
}

export function addAttributeOp(
  uid: string | undefined,
  name: string,
  value: PlainValue,
): KmipOperation<AttributeEditResult> {
  return typedOperation(
    'AddAttribute',
    () => ({ ...target(uid), newAttribute: toAttribute(name, value) }),
    editResult,
  );
}

/** Set Attribute (2.x only): adds the attribute or replaces its single instance. */
export function setAttributeOp(
  uid: string | undefined,
  name: string,
  value: PlainValue,
): KmipOperation<{ uid: string }> {
  return typedOperation(
    'SetAttribute',
    () => ({ ...target(uid), newAttribute: toAttribute(name, value) }),
    uidAnswer,
  );
}

export interface InstanceSelector {
  /** 1.x: the Attribute Index of the instance (default 0). */
  readonly index?: number;
  /** 2.x: the current value of the instance (needed when the attribute has several). */
  readonly current?: PlainValue;
}

/** 2.x names an instance by its value (Current Attribute), 1.x by its Attribute Index. */
const byValue = (version: KmipVersion): boolean => !version.startsWith('1.');

export function modifyAttributeOp(
  uid: string | undefined,
  name: string,
  value: PlainValue,
  which: InstanceSelector = {},
): KmipOperation<AttributeEditResult> {
  return typedOperation(
    'ModifyAttribute',
    () => ({
      ...target(uid),
      ...(which.current !== undefined ? { currentAttribute: toAttribute(name, which.current) } : {}),
      newAttribute: toAttribute(name, value, which.index ?? 0),
    }),
    editResult,
  );
}

export function deleteAttributeOp(
  uid: string | undefined,
  name: string,
  which: InstanceSelector = {},
): KmipOperation<AttributeEditResult> {
  return typedOperation(
    'DeleteAttribute',
    (version) =>
      which.current !== undefined && byValue(version)
        ? { ...target(uid), currentAttribute: toAttribute(name, which.current) }
        : {
            ...target(uid),
            attributeReference: named(name),
            ...(which.index !== undefined ? { attributeIndex: which.index } : {}),
          },
    editResult,
  );
}

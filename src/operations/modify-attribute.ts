// Modify Attribute (KMIP 1.4 §4.15, 2.1 §6.1.34): a new value for one existing instance.
// 1.x: Attribute { Attribute Name, Attribute Index (default 0), Attribute Value }; the response
// echoes the modified Attribute. 2.x: New Attribute, and Current Attribute naming the instance by
// its value; without it the attribute must have a single instance; the response is the Unique
// Identifier. Lifecycle dates follow their rules (Activation Date only while Pre-Active); a date
// set in the past takes effect at once (a Pre-Active object whose Activation Date passes is Active).
// Result Reasons (1.4 Table 342 / 2.1 Table 267; OASIS SKLC-M-3, AKLC-M-3, BL-M-7, BL-M-10):
//   attribute absent                      1.x Invalid Field      2.x Attribute Not Found
//   no such instance (index / value)      1.x Item Not Found     2.x Attribute Instance Not Found
//   several instances, none named (2.x)   Attribute Instance Not Found
//   read-only attribute                   1.x Permission Denied  2.x Attribute Read Only
//   date outside the states allowing it   1.x Permission Denied  2.x Wrong Key Lifecycle State
//   Name in use                           1.x Illegal Operation  2.x Non Unique Name Attribute
//   wrong value type                      1.x Invalid Field      2.x Invalid Attribute Value
import { ResultReason } from '../spec/generated/enums.js';
import { KmipError, invalidField } from '../messages/kmip-error.js';
import type { Attribute } from '../messages/attributes.js';
import { defineOperation } from './support/record.js';
import type { ManagedObject } from '../objects/managed-object.js';
import { loadObject, resolveUid } from './support/object-access.js';
import {
  checkEditable,
  checkNameFree,
  checkValueType,
  saveEdit,
  storedValue,
} from './support/attribute-edits.js';
import { instancesOf, sameValue, withInstance } from '../objects/attribute-instances.js';

/**
 * The instance the request names: by its Current Attribute value, by its Attribute Index (1.x:
 * index 0 when none is given, request-rules.ts), or else the only one there is.
 */
function targetInstance(
  obj: ManagedObject,
  wanted: Attribute,
  current: Attribute | undefined,
  index: number | undefined,
): Attribute {
  const instances = instancesOf(obj, wanted.name);
  if (instances.length === 0) {
    throw new KmipError(
      ResultReason.AttributeNotFound,
      `object ${obj.uid} has no '${wanted.name}' to modify; use Add Attribute to give it one`,
    );
  }
  const notFound = (what: string): KmipError => new KmipError(ResultReason.AttributeInstanceNotFound, what);
  if (current !== undefined) {
    const hit = instances.find((a) => sameValue(a.value, current.value));
    if (hit === undefined)
      throw notFound(`object ${obj.uid} has no '${wanted.name}' with the Current Attribute's value`);
    return hit;
  }
  if (index !== undefined) {
    const hit = instances.find((a) => a.index === index);
    if (hit === undefined)
      throw notFound(`object ${obj.uid} has no '${wanted.name}' with Attribute Index ${index}`);
    return hit;
  }
  const only = instances[0];
  if (instances.length > 1 || only === undefined) {
    throw notFound(
      `object ${obj.uid} has ${instances.length} instances of '${wanted.name}'; name one with a Current Attribute`,
    );
  }
  return only;
}

export const modifyAttribute = defineOperation({
  operation: 'ModifyAttribute',
  policy: { table: 'edit' },
  handler: async (request, ctx) => {
    const uid = resolveUid(request.uniqueIdentifier, ctx);
    const wanted = request.newAttribute;
    const current = request.currentAttribute;
    if (current !== undefined && current.name !== wanted.name) {
      throw invalidField(
        `the Current Attribute is a '${current.name}' but the New Attribute a '${wanted.name}'`,
      );
    }
    checkValueType(wanted);
    const obj = await loadObject(ctx, uid);
    checkEditable(obj, wanted.name, 'modify', true);
    const target = targetInstance(obj, wanted, current, request.newAttributeIndex);
    await checkNameFree(ctx, obj, wanted, target.index);
    const modified: Attribute = { name: wanted.name, index: target.index, value: storedValue(wanted) };
    await saveEdit(ctx, obj, withInstance(obj, modified));
    // The 1.x answer holds the attribute as modified (1.4 §4.15); the 2.x one does not.
    return { uniqueIdentifier: uid, attribute: modified };
  },
});

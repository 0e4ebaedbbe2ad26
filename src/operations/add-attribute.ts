// Add Attribute (KMIP 1.4 §4.14, 2.1 §6.1.2): a new instance of an attribute. A multi-valued
// attribute's new instance takes the next free Attribute Index; a single-valued one must be absent.
// 1.x request/response: Attribute (the response echoes it as stored, with its index); 2.x: New
// Attribute, response the Unique Identifier only (OASIS AX-M-1-14 / AX-M-1-21).
// Result Reasons (1.4 Table 341 / 2.1 Table 169):
//   attribute already present (single-valued)  1.x Illegal Operation   2.x Attribute Single Valued
//   read-only / server-only attribute           1.x Permission Denied   2.x Read Only Attribute
//   not an attribute of this version            1.x Invalid Field       2.x Invalid Attribute
//   Attribute Index in the request (1.x)        Invalid Field
//   Name in use (this or another live object)   1.x Illegal Operation   2.x Non Unique Name Attribute
//   date outside the states allowing it         1.x Permission Denied   2.x Wrong Key Lifecycle State
//   object missing / not visible / archived     Item Not Found / Permission Denied / Object Archived
import { ResultReason } from '../spec/generated/enums.js';
import { KmipError, invalidField } from '../messages/kmip-error.js';
import { defineOperation } from './support/record.js';
import { loadObject, resolveUid } from './support/object-access.js';
import {
  checkEditable,
  checkNameFree,
  checkValueType,
  saveEdit,
  storedValue,
} from './support/attribute-edits.js';
import { instancesOf, nextIndex, withInstance } from '../objects/attribute-instances.js';

export const addAttribute = defineOperation({
  operation: 'AddAttribute',
  policy: { table: 'edit' },
  handler: async (request, ctx) => {
    const uid = resolveUid(request.uniqueIdentifier, ctx);
    const requested = request.newAttribute;
    // 1.4 §4.14: the server assigns the Attribute Index (2.x has no Attribute Index to give).
    if (request.newAttributeIndex !== undefined)
      throw invalidField('Add Attribute must not give an Attribute Index: the server assigns it');
    checkValueType(requested);
    const obj = await loadObject(ctx, uid);
    const existing = instancesOf(obj, requested.name);
    const rule = checkEditable(obj, requested.name, 'add', existing.length > 0);
    if (!rule.multi && existing.length > 0) {
      throw new KmipError(
        ResultReason.AttributeSingleValued,
        `object ${uid} already has a '${requested.name}'; it takes one value: use Modify Attribute to change it`,
      );
    }
    await checkNameFree(ctx, obj, requested);
    const added = {
      name: requested.name,
      index: nextIndex(obj, requested.name),
      value: storedValue(requested),
    };
    await saveEdit(ctx, obj, withInstance(obj, added));
    // The 1.x answer holds the attribute added (1.4 §4.14); the 2.x one does not.
    return { uniqueIdentifier: uid, attribute: added };
  },
});

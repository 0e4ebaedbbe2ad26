// Set Attribute (KMIP 2.1 §6.1.51; no 1.x form): gives an attribute the New Attribute's value,
// adding it when the object has none and replacing it when the object has exactly one instance.
// Result Reasons (2.1 Table 324): Multi Valued Attribute when the object holds several instances,
// Read Only Attribute, Invalid Attribute (not an attribute), Invalid Attribute Value (wrong type),
// Non Unique Name Attribute, Wrong Key Lifecycle State (dates outside the states allowing them),
// Operation Not Supported for a 1.x request; Object Not Found / Permission Denied / Object Archived.
import { ResultReason } from '../spec/generated/enums.js';
import { KmipError } from '../messages/kmip-error.js';
import { defineOperation } from './support/record.js';
import { loadObject, resolveUid } from './support/object-access.js';
import {
  checkEditable,
  checkNameFree,
  checkValueType,
  saveEdit,
  storedValue,
} from './support/attribute-edits.js';
import { instancesOf, withInstance } from '../objects/attribute-instances.js';

export const setAttribute = defineOperation({
  operation: 'SetAttribute',
  policy: { table: 'edit' },
  handler: async (request, ctx) => {
    const uid = resolveUid(request.uniqueIdentifier, ctx);
    const requested = request.newAttribute;
    checkValueType(requested);
    const obj = await loadObject(ctx, uid);
    const existing = instancesOf(obj, requested.name);
    if (existing.length > 1) {
      throw new KmipError(
        ResultReason.MultiValuedAttribute,
        `object ${uid} has ${existing.length} instances of '${requested.name}'; use Modify Attribute with a Current Attribute`,
      );
    }
    checkEditable(obj, requested.name, 'set', existing.length === 1);
    const index = existing[0]?.index ?? 0;
    await checkNameFree(ctx, obj, requested, existing[0]?.index);
    await saveEdit(
      ctx,
      obj,
      withInstance(obj, { name: requested.name, index, value: storedValue(requested) }),
    );
    return { uniqueIdentifier: uid };
  },
});

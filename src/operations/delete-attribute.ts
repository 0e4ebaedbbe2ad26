// Delete Attribute (KMIP 1.4 §4.16, 2.1 §6.1.13). 1.x: Attribute Name and Attribute Index (default
// 0) name one instance; the response returns the deleted Attribute. 2.x: Current Attribute deletes
// the instance with that value, an Attribute Reference alone deletes every instance; the response
// is the Unique Identifier. Attributes that are REQUIRED or the server's cannot be deleted.
// Result Reasons (1.4 Table 343 / 2.1 Table 204):
//   attribute absent                   1.x Item Not Found      2.x Attribute Not Found
//   no such instance (index / value)   1.x Item Not Found      2.x Attribute Instance Not Found
//   REQUIRED or read-only attribute    1.x Permission Denied   2.x Attribute Read Only
//   not an attribute of this version   1.x Invalid Field       2.x Invalid Attribute
//   nothing named                      Invalid Field
import { ResultReason } from '../spec/generated/enums.js';
import { KmipError, invalidField } from '../messages/kmip-error.js';
import type { Attribute } from '../messages/attributes.js';
import type { AttributeName } from '../spec/generated/attributes.js';
import { defineOperation } from './support/record.js';
import type { ManagedObject } from '../objects/managed-object.js';
import { loadObject, resolveUid } from './support/object-access.js';
import { checkEditable, saveEdit } from './support/attribute-edits.js';
import { instancesOf, sameValue, withoutInstances } from '../objects/attribute-instances.js';

interface Selection {
  readonly name: AttributeName;
  /** Picks the instance to delete; undefined = all of them (2.x Attribute Reference). */
  readonly pick?: (a: Attribute) => boolean;
  readonly describe: string;
}

/**
 * What the request deletes: the instance of its Current Attribute's value, the instance of its
 * Attribute Index (1.x: 0 when none is given, request-rules.ts), or every instance it references.
 */
function selection(
  current: Attribute | undefined,
  name: AttributeName | undefined,
  index: number | undefined,
): Selection {
  if (current !== undefined) {
    return {
      name: current.name,
      pick: (a) => sameValue(a.value, current.value),
      describe: "with the Current Attribute's value",
    };
  }
  if (name === undefined) throw invalidField('Delete Attribute needs the attribute to delete');
  if (index === undefined) return { name, describe: '' };
  return { name, pick: (a) => a.index === index, describe: `with Attribute Index ${index}` };
}

function chosen(obj: ManagedObject, sel: Selection): Attribute[] {
  const instances = instancesOf(obj, sel.name);
  if (instances.length === 0)
    throw new KmipError(ResultReason.AttributeNotFound, `object ${obj.uid} has no '${sel.name}' attribute`);
  const hits = sel.pick === undefined ? instances : instances.filter(sel.pick).slice(0, 1);
  if (hits.length === 0) {
    throw new KmipError(
      ResultReason.AttributeInstanceNotFound,
      `object ${obj.uid} has no '${sel.name}' ${sel.describe}`,
    );
  }
  return hits;
}

export const deleteAttribute = defineOperation({
  operation: 'DeleteAttribute',
  policy: { table: 'edit' },
  handler: async (request, ctx) => {
    const uid = resolveUid(request.uniqueIdentifier, ctx);
    const sel = selection(request.currentAttribute, request.attributeReference, request.attributeIndex);
    const obj = await loadObject(ctx, uid);
    checkEditable(obj, sel.name, 'delete', true);
    const gone = chosen(obj, sel);
    await saveEdit(
      ctx,
      obj,
      withoutInstances(obj, (a) => gone.includes(a)),
    );
    // The 1.x answer holds the attribute deleted (1.4 §4.16); the 2.x one does not.
    const first = gone[0];
    return first === undefined ? { uniqueIdentifier: uid } : { uniqueIdentifier: uid, attribute: first };
  },
});

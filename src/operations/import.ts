// Import (KMIP 2.1 §6.1.25, 1.4 §4.41): stores an object under the Unique Identifier the client
// gives, with the attributes it gives: "all attributes MUST be set to the supplied values rather
// than any server generated values", so no attribute is refused as server-set. The server adds
// only what an object cannot lack: its Unique Identifier and Object Type, an Operation Policy Name
// (checked as for Register), a State for objects with a lifecycle (from the Activation Date, as
// Create sets it), and what it reads off the object itself where the client gave none.
// Replace Existing true replaces the object of that identifier, checked as Destroy of it (the
// policies have no Import row; under the built-in ones, its owner only); absent or false, an existing one is Object
// Already Exists. Key Wrap Type Not Wrapped: the server unwraps the key with the wrapping key it
// holds before storing it; As Registered (or none): the object is stored as it came.
// Result Reasons (2.1 Table 240, 1.4 Table 365): Object Already Exists, Invalid Field (type and
// object disagree, a bad attribute), Non Unique Name Attribute, Permission Denied.
import { KeyWrapType, ResultReason } from '../spec/generated/enums.js';
import { KmipError, invalidField } from '../messages/kmip-error.js';
import type { Attribute } from '../messages/attributes.js';
import { OBJECT_TAG_BY_TYPE } from '../messages/object-tags.js';
import { type ManagedObject, dateItem, enumItem, textItem, withSingle } from '../objects/managed-object.js';
import { initialState } from '../objects/lifecycle.js';
import { STATEFUL_OBJECT_TYPES } from '../objects/object-types.js';
import { defineOperation } from './support/record.js';
import { insertObject, loadObject, replaceObject } from './support/object-access.js';
import { SINGLE_VALUED, checkNamesUnique, reindex, resolvePolicy } from './support/new-object.js';
import { derivedFromObject } from './support/derived-attributes.js';
import { checkConstraints } from './support/constraints.js';
import { unwrapKeyBlock } from './support/key-wrapping.js';

const TYPE_BY_TAG: ReadonlyMap<number, number> = new Map(
  [...OBJECT_TAG_BY_TYPE].map(([type, tag]) => [tag, type]),
);

function checkGiven(attrs: readonly Attribute[], uid: string, objectType: number): void {
  const seen = new Set<string>();
  for (const a of attrs) {
    if (SINGLE_VALUED.has(a.name)) {
      if (seen.has(a.name)) throw invalidField(`the attribute '${a.name}' may be given only once`);
      seen.add(a.name);
    }
    if (a.name === 'Unique Identifier' && (a.value.type !== 'TextString' || a.value.value !== uid))
      throw invalidField('the Unique Identifier attribute differs from the Unique Identifier imported');
    if (a.name === 'Object Type' && (a.value.type !== 'Enumeration' || a.value.value !== objectType))
      throw invalidField('the Object Type attribute differs from the object imported');
  }
}

export const importObject = defineOperation({
  operation: 'Import',
  policy: { checkedAs: 'Destroy' },
  handler: async (request, ctx) => {
    const uid = request.uniqueIdentifier;
    if (uid.length === 0) throw invalidField('Import needs a non-empty Unique Identifier');
    const objectType = request.objectType ?? TYPE_BY_TAG.get(request.object.tag);
    if (objectType === undefined || OBJECT_TAG_BY_TYPE.get(objectType) !== request.object.tag)
      throw invalidField('the object does not match the Object Type');
    const body =
      request.keyWrapType === KeyWrapType.NotWrapped
        ? await unwrapKeyBlock(ctx, request.object)
        : request.object;
    const stored = await ctx.store.get(uid);
    if (stored !== undefined && request.replaceExisting !== true)
      throw new KmipError(
        ResultReason.ObjectAlreadyExists,
        `an object ${uid} exists; set Replace Existing to replace it`,
      );
    const existing =
      stored === undefined
        ? undefined
        : await loadObject(ctx, uid, { allowDestroyed: true, allowArchived: true });
    checkGiven(request.attributes, uid, objectType);
    let attrs: Attribute[] = request.attributes.filter(
      (a) => a.name !== 'Unique Identifier' && a.name !== 'Object Type',
    );
    const given = new Set(attrs.map((a) => a.name));
    attrs.push(...derivedFromObject(objectType, body).filter((d) => !given.has(d.name)));
    attrs = withSingle(attrs, 'Unique Identifier', textItem('Unique Identifier', uid));
    attrs = withSingle(attrs, 'Object Type', enumItem('Object Type', objectType));
    attrs = withSingle(
      attrs,
      'Operation Policy Name',
      textItem('Operation Policy Name', resolvePolicy(ctx, attrs, objectType)),
    );
    if (STATEFUL_OBJECT_TYPES.has(objectType) && !given.has('State')) {
      const activation = attrs.find((a) => a.name === 'Activation Date')?.value;
      const state = initialState(activation?.type === 'DateTime' ? activation.value : undefined, ctx.now);
      attrs = withSingle(attrs, 'State', enumItem('State', state));
    }
    if (!given.has('Initial Date'))
      attrs = withSingle(attrs, 'Initial Date', dateItem('Initial Date', ctx.now));
    await checkNamesUnique(ctx, attrs, uid);
    await checkConstraints(ctx, objectType, attrs);
    const obj: ManagedObject = {
      uid,
      objectType,
      owner: ctx.identity,
      attributes: reindex(attrs),
      body,
      revision: 1,
    };
    if (existing === undefined) await insertObject(ctx, obj);
    else await replaceObject(ctx, existing, obj);
    ctx.batch.idPlaceholder = uid;
    return { uniqueIdentifier: uid };
  },
});

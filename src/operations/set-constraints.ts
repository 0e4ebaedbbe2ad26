// Set Constraints (KMIP 2.1 §6.1.52): replaces the Constraints applied when the calling client
// creates objects (support/constraints.ts says how they are read and whom they govern). An empty
// Constraints structure removes them all.
// Result Reasons (Table 327): Invalid Field / Invalid Object Type for a Constraint that names what
// the server does not know (the payload codec reads Object Types and Attributes by the registry).
import { KmipError, invalidField } from '../messages/kmip-error.js';
import { OBJECT_TAG_BY_TYPE } from '../messages/object-tags.js';
import { defineOperation } from './support/record.js';
import { saveConstraints } from './support/constraints.js';
import { ResultReason } from '../spec/generated/enums.js';

export const setConstraints = defineOperation({
  operation: 'SetConstraints',
  policy: { none: true },
  handler: async (request, ctx) => {
    for (const c of request.constraints.constraint ?? []) {
      for (const t of c.objectTypes?.objectType ?? []) {
        if (!OBJECT_TAG_BY_TYPE.has(t))
          throw new KmipError(
            ResultReason.InvalidObjectType,
            `Object Type ${t} is not one this server stores`,
          );
      }
      for (const g of c.objectGroups?.objectGroup ?? []) {
        if (g.length === 0) throw invalidField('an Object Group in a Constraint is empty');
      }
    }
    await saveConstraints(ctx, request.constraints);
    return {};
  },
});

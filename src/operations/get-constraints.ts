// Get Constraints (KMIP 2.1 §6.1.22): the Constraints applied when the calling client creates
// objects, as Set Constraints left them (support/constraints.ts); none set: an empty Constraints.
import { defineOperation } from './support/record.js';
import { loadConstraints } from './support/constraints.js';

export const getConstraints = defineOperation({
  operation: 'GetConstraints',
  policy: { none: true },
  handler: async (_request, ctx) => ({ constraints: await loadConstraints(ctx) }),
});

// Interop (KMIP 2.1 §6.1.26): the test-harness operation of the OASIS profile cases. Begin, End
// and Reset with an Interop Identifier; this server keeps no per-test state, so each succeeds
// with an empty payload once its fields are valid.
import { InteropFunction } from '../spec/generated/enums.js';
import { invalidField } from '../messages/kmip-error.js';
import { defineOperation } from './support/record.js';

const FUNCTIONS: ReadonlySet<number> = new Set(Object.values(InteropFunction));

export const interop = defineOperation({
  operation: 'Interop',
  policy: { none: true },
  handler: async (request, ctx) => {
    if (!FUNCTIONS.has(request.interopFunction))
      throw invalidField('Interop needs an Interop Function (Begin, End or Reset)');
    ctx.log.info('interop', { function: request.interopFunction, identifier: request.interopIdentifier });
    return {};
  },
});

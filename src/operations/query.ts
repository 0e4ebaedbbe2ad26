// Query (KMIP 2.1 §6.1.37, 1.4 §4.25): what the server offers, per Query Function: operations,
// object types, server information, extension list/map (none defined), profiles and
// capabilities. Unknown functions are ignored, as the spec allows a server to answer a subset.
import { ProtectionStorageMask, QueryFunction } from '../spec/generated/enums.js';
import { defineOperation } from './support/record.js';

export const query = defineOperation({
  operation: 'Query',
  policy: { none: true },
  handler: async (request, ctx) => {
    const asked = new Set(request.queryFunction);
    const s = ctx.server;
    return {
      ...(asked.has(QueryFunction.QueryOperations) ? { operation: s.operations } : {}),
      ...(asked.has(QueryFunction.QueryObjects) ? { objectType: s.objectTypes } : {}),
      ...(asked.has(QueryFunction.QueryServerInformation)
        ? {
            vendorIdentification: s.vendorIdentification,
            // Server Name is a 2.x field: a 1.x answer holds an empty Server Information.
            serverInformation: { serverName: s.serverInformation },
          }
        : {}),
      // Query Extension List / Map: this server defines no extensions, so the answer is empty.
      // The Protection Storage Masks the server supports: keys live in software (2.1 §4.46).
      ...(asked.has(QueryFunction.QueryStorageProtectionMasks)
        ? { protectionStorageMasks: { protectionStorageMask: [ProtectionStorageMask.Software] } }
        : {}),
    };
  },
});

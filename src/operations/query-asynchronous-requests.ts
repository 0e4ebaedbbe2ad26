// Query Asynchronous Requests (KMIP 2.1 §6.1.41): the asynchronous requests whose results the
// client has not yet obtained. This server answers every request synchronously, so none is ever
// outstanding: whatever the Asynchronous Correlation Values or Operations filter, the answer holds
// no Asynchronous Request.
import { defineOperation } from './support/record.js';

export const queryAsynchronousRequests = defineOperation({
  operation: 'QueryAsynchronousRequests',
  policy: { none: true },
  handler: async () => ({}),
});

// Cancel (KMIP 2.1 §6.1.5, 1.4 §4.27): cancels an outstanding asynchronous operation. This server
// answers every request synchronously and hands out no Asynchronous Correlation Value, so the value
// a client names matches no recently pending or completed asynchronous operation: the Cancellation
// Result is Unavailable (2.1 §11.7 Table 437, 1.4 §4.27), a successful answer.
import { CancellationResult } from '../spec/generated/enums.js';
import { defineOperation } from './support/record.js';

export const cancel = defineOperation({
  operation: 'Cancel',
  policy: { none: true },
  handler: async (request) => ({
    asynchronousCorrelationValue: request.asynchronousCorrelationValue,
    cancellationResult: CancellationResult.Unavailable,
  }),
});

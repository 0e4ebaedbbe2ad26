// Poll (KMIP 2.1 §6.1.38, 1.4 §4.28): the status of an outstanding asynchronous operation. This
// server answers every request synchronously (it never replies Pending, so it never hands out an
// Asynchronous Correlation Value): no value a client sends names an outstanding operation.
// Result Reasons: Invalid Asynchronous Correlation Value (2.1 Table 277); 1.4 Table 352 answers
// "No outstanding operation with the specified Asynchronous Correlation Value" Item Not Found
// (messages/result-reason-version.ts).
import { ResultReason } from '../spec/generated/enums.js';
import { KmipError } from '../messages/kmip-error.js';
import { defineOperation } from './support/record.js';

export const poll = defineOperation({
  operation: 'Poll',
  policy: { none: true },
  handler: async (request) => {
    const value = Buffer.from(request.asynchronousCorrelationValue).toString('hex');
    throw new KmipError(
      ResultReason.InvalidAsynchronousCorrelationValue,
      `no outstanding asynchronous operation has the correlation value ${value}: this server answers every request synchronously`,
    );
  },
});

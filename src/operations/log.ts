// Log (KMIP 2.1 §6.1.29): the client asks the server to write a message to its log. The text
// goes to the server log (not the audit trail) with the caller's identity; nothing is returned.
import { invalidField } from '../messages/kmip-error.js';
import { defineOperation } from './support/record.js';

const MAX_LOG_MESSAGE = 4096;

export const log = defineOperation({
  operation: 'Log',
  policy: { none: true },
  handler: async (request, ctx) => {
    const message = request.logMessage;
    if (message.length > MAX_LOG_MESSAGE)
      throw invalidField(`a Log Message is at most ${MAX_LOG_MESSAGE} characters`);
    ctx.log.info('client log message', { identity: ctx.identity, message });
    return {};
  },
});

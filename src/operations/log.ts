// Log (KMIP 2.1 §6.1.29): the client asks the server to write a message to its log. The text
// goes to the server log (not the audit trail) with the caller's identity; nothing is returned.
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { invalidField } from '../messages/kmip-error.js';
import type { OperationContext } from './support/operation-context.js';

const MAX_LOG_MESSAGE = 4096;

export async function log(payload: StructureItem, ctx: OperationContext): Promise<readonly TtlvItem[]> {
  const message = payload.value.find((c) => c.tag === Tag.LogMessage);
  if (message?.type !== 'TextString') throw invalidField('Log needs a Log Message (Text String)');
  if (message.value.length > MAX_LOG_MESSAGE)
    throw invalidField(`a Log Message is at most ${MAX_LOG_MESSAGE} characters`);
  ctx.log.info('client log message', { identity: ctx.identity, message: message.value });
  return [];
}

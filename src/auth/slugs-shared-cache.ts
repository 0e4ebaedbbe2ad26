// One SLUGS cache for all worker processes of a server (node:cluster). With the opt-in cache on,
// a cache per worker would let two workers answer one user differently in the same second: one
// still serves a user SLUGS has since dropped, the other asks afresh and refuses. Expiry aligned
// to the clock does not help (each worker fills its entry when it first needs it). So the cache
// lives in one place, the primary process: workers send it each lookup over the cluster's IPC
// channel and it answers from its cache or asks SLUGS (concurrent lookups of a user share one
// exchange, slugs-cache.ts). Every worker therefore gives the same answer for the same user at the
// same time, at the price of one IPC round trip per request. Without the cache, workers ask SLUGS
// themselves: there is no state to share.
import type { SlugsConnector, SlugsResult } from './slugs.js';
import { SlugsFailure } from './slugs.js';

const LOOKUP = 'kmip-ts:slugs-lookup';
const ANSWER = 'kmip-ts:slugs-answer';

export interface SlugsLookupMessage {
  readonly kind: typeof LOOKUP;
  readonly id: number;
  /** The plugin's section name ('auth:slugs' …). */
  readonly plugin: string;
  readonly user: string;
}

export interface SlugsAnswerMessage {
  readonly kind: typeof ANSWER;
  readonly id: number;
  readonly result: SlugsResult;
}

function isLookup(m: unknown): m is SlugsLookupMessage {
  if (typeof m !== 'object' || m === null) return false;
  const r = m as Record<string, unknown>;
  return (
    r['kind'] === LOOKUP &&
    typeof r['id'] === 'number' &&
    typeof r['plugin'] === 'string' &&
    typeof r['user'] === 'string'
  );
}

function isAnswer(m: unknown): m is SlugsAnswerMessage {
  if (typeof m !== 'object' || m === null) return false;
  const r = m as Record<string, unknown>;
  const result = r['result'];
  return (
    r['kind'] === ANSWER &&
    typeof r['id'] === 'number' &&
    typeof result === 'object' &&
    result !== null &&
    typeof (result as Record<string, unknown>)['ok'] === 'boolean'
  );
}

function unavailable(detail: string): SlugsResult {
  return { ok: false, failure: SlugsFailure.Unavailable, detail };
}

/**
 * Primary side: answers a worker's lookup message with the primary's connectors (which hold the
 * cache). Returns false for messages that are not lookups, so other handlers can take them.
 */
export function answerSlugsLookup(
  plugins: readonly SlugsConnector[],
  message: unknown,
  reply: (answer: SlugsAnswerMessage) => void,
): boolean {
  if (!isLookup(message)) return false;
  const plugin = plugins.find((p) => p.name === message.plugin);
  const answer = (result: SlugsResult): void => reply({ kind: ANSWER, id: message.id, result });
  if (plugin === undefined) {
    answer(unavailable(`the primary process has no SLUGS plugin [${message.plugin}]`));
    return true;
  }
  plugin.lookup(message.user).then(answer, (e: unknown) => answer(unavailable(String(e))));
  return true;
}

/** Worker side: lookups sent to the primary; feed its answers to receive(). */
export class SlugsLookupClient {
  readonly #send: (message: SlugsLookupMessage) => void;
  readonly #pending = new Map<number, (result: SlugsResult) => void>();
  #next = 1;

  constructor(send: (message: SlugsLookupMessage) => void) {
    this.#send = send;
  }

  /** The primary's answer for `user` from `plugin`; Unavailable when none comes in time. */
  lookup(plugin: SlugsConnector, user: string): Promise<SlugsResult> {
    const id = this.#next++;
    // A lookup is two GETs, each with the plugin's deadline; a second more for the IPC.
    const deadlineMs = 2 * plugin.timeoutMs + 1000;
    return new Promise<SlugsResult>((resolve) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        resolve(unavailable(`the primary process did not answer the SLUGS lookup within ${deadlineMs} ms`));
      }, deadlineMs);
      this.#pending.set(id, (result) => {
        clearTimeout(timer);
        resolve(result);
      });
      try {
        this.#send({ kind: LOOKUP, id, plugin: plugin.name, user });
      } catch (e) {
        this.#pending.get(id)?.(unavailable(`the primary process cannot be asked: ${String(e)}`));
        this.#pending.delete(id);
      }
    });
  }

  /** Takes an answer from the primary; false for any other message. */
  receive(message: unknown): boolean {
    if (!isAnswer(message)) return false;
    const settle = this.#pending.get(message.id);
    this.#pending.delete(message.id);
    settle?.(message.result);
    return true;
  }
}

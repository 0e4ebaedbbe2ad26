// The SLUGS connector (Simple, Lightweight User Group Services, github.com/OpenKMIP/SLUGS): is the
// client's user known, and which groups is it in? As PyKMIP's plugin asks it
// (kmip/services/server/auth/slugs.py), with the user id being the client certificate's common
// name:
//   the base URL gets a trailing '/';  GET {url}users/{user}         200 = known, 404 = unknown;
//                                      GET {url}users/{user}/groups  {"groups": [...]}, 404 = refused.
// PyKMIP fails the plugin when the service cannot be reached (ConfigurationError) and on either
// 404 (PermissionDenied); the session then tries the next plugin and, when none succeeds, answers
// Authentication Not Successful (session.py). Where PyKMIP is loose we are strict, and say so:
//  - any status but 2xx/404 fails the plugin (PyKMIP goes on after a 500 on the user lookup, and
//    a groups answer without a `groups` list gives it "no group information");
//  - the user id is percent-encoded into the path (PyKMIP pastes it in raw);
//  - each exchange has a deadline (PyKMIP master: 10 s per GET; Debian's 0.10: none).
// Like PyKMIP, every lookup asks SLUGS, unless the opt-in cache is on (slugs-cache.ts).
import type { Logger } from '../log/logger.js';
import { silentLogger } from '../log/logger.js';
import { HttpGetError, httpGet, type HttpGetResult } from './http-get.js';
import { SlugsAnswerCache } from './slugs-cache.js';
import { SlugsFailure, type SlugsResult } from './slugs-result.js';

export { SlugsFailure, type SlugsResult } from './slugs-result.js';

export interface SlugsConnectorOptions {
  /** The configuration section, for log lines: 'auth:slugs', 'auth:slugs:primary' … */
  readonly name: string;
  /** The SLUGS base URL, e.g. http://127.0.0.1:8080/slugs/ (http or https). */
  readonly url: string;
  /** Deadline for each lookup's HTTP exchange. Default 10 s (PyKMIP's timeout). */
  readonly timeoutMs?: number | undefined;
  /** How long a known user's answer is reused (slugs-cache.ts). Default 0: ask every time. */
  readonly cacheTtlMs?: number | undefined;
  /** Cached users at most (the oldest entry goes first). Default 10 000. */
  readonly cacheMax?: number | undefined;
  readonly log?: Logger | undefined;
  readonly now?: (() => number) | undefined;
}

export const SLUGS_DEFAULT_TIMEOUT_MS = 10_000;

/** The base URL as PyKMIP forms it (a '/' appended), checked to be an http(s) URL. */
export function slugsBaseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError(`not a URL: ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new TypeError(`the SLUGS URL must be http or https, not ${JSON.stringify(url)}`);
  }
  return url.endsWith('/') ? url : `${url}/`;
}

export class SlugsConnector {
  readonly name: string;
  readonly url: string;
  readonly #timeoutMs: number;
  readonly #log: Logger;
  readonly #cache: SlugsAnswerCache | undefined;

  constructor(o: SlugsConnectorOptions) {
    this.name = o.name;
    this.url = slugsBaseUrl(o.url);
    this.#timeoutMs = o.timeoutMs ?? SLUGS_DEFAULT_TIMEOUT_MS;
    this.#log = o.log ?? silentLogger;
    const ttlMs = o.cacheTtlMs ?? 0;
    this.#cache = ttlMs > 0 ? new SlugsAnswerCache({ ttlMs, max: o.cacheMax, now: o.now }) : undefined;
  }

  /** The deadline of one lookup. */
  get timeoutMs(): number {
    return this.#timeoutMs;
  }

  userUrl(userId: string): string {
    return `${this.url}users/${encodeURIComponent(userId)}`;
  }

  groupsUrl(userId: string): string {
    return `${this.userUrl(userId)}/groups`;
  }

  /** The user's groups, or why not: asked of SLUGS, or a known user's answer from the cache. */
  lookup(userId: string): Promise<SlugsResult> {
    return this.#cache === undefined
      ? this.#ask(userId)
      : this.#cache.lookup(userId, () => this.#ask(userId));
  }

  /** Forgets every cached answer. */
  clearCache(): void {
    this.#cache?.clear();
  }

  async #ask(userId: string): Promise<SlugsResult> {
    const result = await this.#query(userId);
    const fields = { plugin: this.name, url: this.url, user: userId };
    if (result.ok) {
      this.#log.info(`SLUGS (${this.name}): user '${userId}' is in groups [${result.groups.join(', ')}]`, {
        ...fields,
        groups: result.groups,
      });
    } else {
      this.#log.warn(`SLUGS (${this.name}): ${result.detail}`, { ...fields, failure: result.failure });
    }
    return result;
  }

  async #query(userId: string): Promise<SlugsResult> {
    const user = await this.#get(this.userUrl(userId));
    if (!('status' in user)) return user;
    if (user.status === 404) {
      return { ok: false, failure: SlugsFailure.UnknownUser, detail: `unrecognized user ID: '${userId}'` };
    }
    if (!ok2xx(user.status)) return unexpectedStatus(this.userUrl(userId), user.status);
    const groups = await this.#get(this.groupsUrl(userId));
    if (!('status' in groups)) return groups;
    if (groups.status === 404) {
      return {
        ok: false,
        failure: SlugsFailure.NoGroups,
        detail: `group information could not be retrieved for user ID: '${userId}'`,
      };
    }
    if (!ok2xx(groups.status)) return unexpectedStatus(this.groupsUrl(userId), groups.status);
    const list = groupList(groups.body);
    if (list === undefined) {
      return {
        ok: false,
        failure: SlugsFailure.Unavailable,
        detail: `GET ${this.groupsUrl(userId)} did not answer {"groups": [names…]}`,
      };
    }
    return { ok: true, userId, groups: list };
  }

  async #get(url: string): Promise<HttpGetResult | SlugsResult> {
    try {
      return await httpGet(url, { timeoutMs: this.#timeoutMs });
    } catch (e) {
      const why = e instanceof HttpGetError ? e.message : String(e);
      return {
        ok: false,
        failure: SlugsFailure.Unavailable,
        detail: `the SLUGS service could not be reached: GET ${url}: ${why}`,
      };
    }
  }
}

function ok2xx(status: number): boolean {
  return status >= 200 && status < 300;
}

function unexpectedStatus(url: string, status: number): SlugsResult {
  return { ok: false, failure: SlugsFailure.Unavailable, detail: `GET ${url} answered HTTP ${status}` };
}

/** The `groups` of a SLUGS answer, de-duplicated, or undefined when the body is not that shape. */
function groupList(body: string): string[] | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const groups: unknown = (value as Record<string, unknown>)['groups'];
  if (!Array.isArray(groups) || !groups.every((g): g is string => typeof g === 'string')) return undefined;
  return [...new Set(groups)];
}

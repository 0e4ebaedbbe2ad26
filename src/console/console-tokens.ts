// Operator sign-in tokens for the web console (the `console_tokens` file): bearer secrets in the
// sense of RFC 6750 §5.2 — whoever holds one acts as its identity — so the file keeps only their
// SHA-256. A token is 32 random bytes minted by `kmip-server console-token`, never chosen by a
// person: with 256 bits of entropy there is nothing to guess, so a slow password hash (scrypt,
// Argon2) would add no protection, only CPU cost an unauthenticated caller could make the server
// spend on every login attempt. A leaked file gives no token back (SHA-256 preimage resistance).
//
// The file: one token a line, `sha256:<64 hex> <identity>` (the identity is the rest of the line,
// spaces allowed); blank lines and `#` comments are skipped. It is read again when it changes, so
// removing a line revokes the token and ends its sessions at their next request.
import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import type { Logger } from '../log/logger.js';

export const TOKEN_PREFIX = 'kmipct_';
/** The prefix and 43 base64url characters (32 bytes). */
const TOKEN_SHAPE = /^kmipct_[A-Za-z0-9_-]{43}$/;
const LINE = /^sha256:([0-9a-f]{64})\s+(\S.*)$/;

export interface ConsoleTokenEntry {
  readonly hash: string;
  readonly identity: string;
  readonly line: number;
}

/** A line of the tokens file that is not a token: the console refuses to start rather than skip it. */
export class ConsoleTokensError extends Error {
  override readonly name = 'ConsoleTokensError';
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A new token (shown once) and the line that lists it. */
export function mintToken(identity: string): { token: string; hash: string } {
  if (identity.trim() === '' || /[\r\n]/.test(identity))
    throw new ConsoleTokensError('the identity must be one non-empty line');
  const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function parseTokens(text: string, path: string): ConsoleTokenEntry[] {
  const out: ConsoleTokenEntry[] = [];
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = LINE.exec(line);
    if (m === null)
      throw new ConsoleTokensError(
        `${path}:${i + 1}: expected "sha256:<64 lowercase hex> <identity>" (kmip-server console-token writes them)`,
      );
    out.push({ hash: m[1] ?? '', identity: (m[2] ?? '').trim(), line: i + 1 });
  }
  return out;
}

/** Appends a token's line (and a comment saying when it was minted) to the file, mode 0600. */
export function appendToken(path: string, hash: string, identity: string, note: string): void {
  const lead = existsSync(path) && !readFileSync(path, 'utf8').endsWith('\n') ? '\n' : '';
  appendFileSync(path, `${lead}# ${note}\nsha256:${hash} ${identity}\n`, { mode: 0o600 });
}

/** The tokens file as the server sees it: re-read whenever it changes on disk. */
export class ConsoleTokens {
  readonly #path: string;
  readonly #log: Logger | undefined;
  #stamp = '';
  #byHash = new Map<string, ConsoleTokenEntry>();

  /** Reads the file now: a missing or malformed file stops the start. */
  constructor(path: string, log?: Logger) {
    this.#path = path;
    this.#log = log;
    this.#reload(true);
  }

  get path(): string {
    return this.#path;
  }

  /** The identity a presented token stands for, if it is listed. */
  identityOf(token: string): ConsoleTokenEntry | undefined {
    if (!TOKEN_SHAPE.test(token)) return undefined;
    return this.byHash(hashToken(token));
  }

  /** The entry of a token by its hash (a session names its token so). */
  byHash(hash: string): ConsoleTokenEntry | undefined {
    this.#reload(false);
    return this.#byHash.get(hash);
  }

  /**
   * Re-reads a changed file. At start a bad file throws; later a file being edited that does not
   * parse keeps no token at all (failing closed), until it parses again.
   */
  #reload(strict: boolean): void {
    let stamp: string;
    try {
      const st = statSync(this.#path);
      stamp = `${st.ino}:${st.mtimeMs}:${st.size}`;
    } catch (e) {
      if (strict) throw new ConsoleTokensError(`console_tokens ${this.#path}: ${(e as Error).message}`);
      stamp = 'missing';
    }
    if (stamp === this.#stamp) return;
    this.#stamp = stamp;
    if (stamp === 'missing') this.#log?.warn(`console_tokens ${this.#path} is gone; no token is accepted`);
    try {
      const entries = stamp === 'missing' ? [] : parseTokens(readFileSync(this.#path, 'utf8'), this.#path);
      this.#byHash = new Map(entries.map((e) => [e.hash, e]));
    } catch (e) {
      if (strict) throw e;
      this.#log?.error('console_tokens cannot be read; no token is accepted until it can', {
        error: (e as Error).message,
      });
      this.#byHash = new Map();
    }
  }
}

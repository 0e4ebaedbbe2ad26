// Whether the database is available, as the requests see it: every store call that succeeds says
// yes, every call that fails because the database cannot be reached (PostgreSQL stopped or
// restarting, the network gone) or cannot be written (disk full, a read-only file, I/O errors)
// says no. Requests that need the database meanwhile fail at once with General Failure and a
// message saying so (no hang, no crash); the details go to the log, once per outage. While the
// database is out a probe asks again every second, so the state (for /readyz) comes back without
// traffic; PostgreSQL's pool reconnects by itself, SQLite needs nothing reopened.
import type { Logger } from '../log/logger.js';

/** What is wrong: the database cannot be reached, or it answers but refuses writes. */
export type StoreFault = 'unreachable' | 'not-writable';

/** A store call failed because the database is out; the request gets General Failure. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
  readonly fault: StoreFault;
  constructor(fault: StoreFault, options?: { cause?: unknown }) {
    super(
      fault === 'unreachable'
        ? "the server's database is unavailable; retry later"
        : "the server's database cannot take writes at the moment; retry later",
      options,
    );
    this.fault = fault;
  }
}

export interface StoreAvailabilityState {
  readonly ready: boolean;
  /** Since when the state is what it is. */
  readonly since: Date;
  readonly fault?: StoreFault;
  /** The database's own error, for operators (never sent to clients). */
  readonly error?: string;
}

// node-postgres and the network: the database cannot be reached or dropped the connection.
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down, in recovery)
  '53300', // too_many_connections
]);
const UNREACHABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Query read timeout|not queryable|terminating connection/i;
// PostgreSQL disk_full, read_only_sql_transaction (a standby), insufficient_resources.
const NOT_WRITABLE_PG = new Set(['53100', '25006', '53000']);

/** Whether an error means the database is out (and how), or is about the request itself. */
export function storeFault(err: unknown): StoreFault | undefined {
  if (err instanceof StoreUnavailableError) return err.fault;
  if (typeof err !== 'object' || err === null) return undefined;
  const { code, message } = err as { code?: unknown; message?: unknown };
  const c = typeof code === 'string' ? code : '';
  if (UNREACHABLE_CODES.has(c) || c.startsWith('08')) return 'unreachable';
  if (NOT_WRITABLE_PG.has(c)) return 'not-writable';
  // SQLite: a full disk, a read-only file or file system, failing I/O, a lock held elsewhere.
  if (/^SQLITE_(FULL|READONLY|IOERR|CANTOPEN|BUSY|PROTOCOL)/.test(c)) return 'not-writable';
  if (typeof message === 'string' && UNREACHABLE_MESSAGES.test(message)) return 'unreachable';
  return undefined;
}

export interface StoreAvailabilityOptions {
  readonly log: Logger;
  /** Asks the database again (a write that changes nothing); resolves when it answered. */
  readonly probe: () => Promise<unknown>;
  readonly probeEveryMs?: number;
}

export class StoreAvailability {
  readonly #o: StoreAvailabilityOptions;
  #state: StoreAvailabilityState = { ready: true, since: new Date() };
  #failedCalls = 0;
  #timer: NodeJS.Timeout | undefined;
  #probing = false;
  #closed = false;

  constructor(o: StoreAvailabilityOptions) {
    this.#o = o;
  }

  get state(): StoreAvailabilityState {
    return this.#state;
  }

  /**
   * The database answered a call made at `startedAt` (ms since the epoch; default now). A call
   * begun before the outage was noticed proves nothing about now: a database shutting down still
   * answers some of the calls already sent.
   */
  ok(startedAt = Date.now(), wrote = true): void {
    if (this.#state.ready || startedAt < this.#state.since.getTime()) return;
    // A read that works says nothing of a database that refuses writes.
    if (!wrote && this.#state.fault === 'not-writable') return;
    const seconds = ((Date.now() - this.#state.since.getTime()) / 1000).toFixed(1);
    this.#o.log.info(`database available again after ${seconds} s`, { failedCalls: this.#failedCalls });
    this.#state = { ready: true, since: new Date() };
    this.#failedCalls = 0;
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /**
   * A store call failed: returns what to throw. A database fault marks the store down (logged
   * once) and becomes StoreUnavailableError; any other error (a conflict, a limit) proves the
   * database answered and passes through unchanged.
   */
  failed(err: unknown, startedAt = Date.now(), wrote = true): unknown {
    const fault = storeFault(err);
    if (fault === undefined) {
      this.ok(startedAt, wrote);
      return err;
    }
    this.#failedCalls++;
    const detail = err instanceof Error ? err.message : String(err);
    // A call begun before the database came back (it failed then) does not undo the recovery.
    const stale = this.#state.ready && startedAt < this.#state.since.getTime();
    if (!stale && (this.#state.ready || this.#state.fault !== fault)) {
      this.#o.log.error(
        fault === 'unreachable'
          ? `database unavailable (${detail}): requests that need it fail until it is back`
          : `database cannot be written (${detail}): writes fail until the cause is gone (disk space, file permissions)`,
        { fault },
      );
      this.#state = { ready: false, since: new Date(), fault, error: detail };
      this.#startProbing();
    }
    return err instanceof StoreUnavailableError ? err : new StoreUnavailableError(fault, { cause: err });
  }

  close(): void {
    this.#closed = true;
    clearInterval(this.#timer);
  }

  #startProbing(): void {
    if (this.#timer !== undefined || this.#closed) return;
    this.#timer = setInterval(() => {
      if (this.#probing) return;
      this.#probing = true;
      this.#o.probe().then(
        () => {
          this.#probing = false;
          this.ok();
        },
        () => {
          this.#probing = false;
        },
      );
    }, this.#o.probeEveryMs ?? 1_000);
    this.#timer.unref();
  }
}

/** Store methods that only read: their success does not end a "cannot be written" fault. */
const READS: ReadonlySet<PropertyKey> = new Set([
  'get',
  'find',
  'locate',
  'ping',
  'countObjects',
  'keyCheck',
  'countStale',
  'getSetting',
]);

function isPromise(v: unknown): v is Promise<unknown> {
  return typeof (v as { then?: unknown } | null)?.then === 'function';
}

/**
 * The store as the engine uses it: every method's outcome tells `health`, and a database fault
 * comes out as StoreUnavailableError. Wraps whatever methods the backend has (a Proxy), so new
 * store methods are covered without being listed here.
 */
export function withStoreAvailability<T extends object>(store: T, availability: StoreAvailability): T {
  return new Proxy(store, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function' || prop === 'close') return value;
      const method = value as (...args: unknown[]) => unknown;
      const wrote = !READS.has(prop);
      return (...args: unknown[]): unknown => {
        const startedAt = Date.now();
        const result = method.apply(target, args);
        if (!isPromise(result)) return result;
        return result.then(
          (v) => {
            availability.ok(startedAt, wrote);
            return v;
          },
          (e: unknown) => {
            throw availability.failed(e, startedAt, wrote);
          },
        );
      };
    },
  });
}

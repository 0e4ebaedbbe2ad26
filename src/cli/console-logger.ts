// The server's Logger (src/log/logger.ts) on pino's destination, sonic-boom. Two formats
// (log_format):
//   text  `2025-01-31T12:00:00.000Z INFO message {"field":"value"}`: the look kmip-server always had
//   json  one pino object per line: {"level":"info","time":"…","pid":1234,"msg":"message",…fields}
// A log file (-l) is written synchronously, as Python's logging writes pykmip-server's: a line is
// on disk when the call returns, even if the process dies next, and reopening it for logrotate
// (SIGUSR1) is immediate. Standard error is written asynchronously (a slow reader never stalls
// requests); close() waits for what is still in flight before the process exits.
// Levels are PyKMIP's names (logging_level); CRITICAL keeps only what nothing here logs, as
// Python's logging does for a program that never logs at CRITICAL.
import pino from 'pino';
import type { Logger } from '../log/logger.js';
import { LogFormat, LoggingLevel } from './server-settings.js';

type Method = 'debug' | 'info' | 'warn' | 'error';

const RANK: Readonly<Record<LoggingLevel, number>> = Object.freeze({
  [LoggingLevel.Debug]: 10,
  [LoggingLevel.Info]: 20,
  [LoggingLevel.Warning]: 30,
  [LoggingLevel.Error]: 40,
  [LoggingLevel.Critical]: 50,
});
const METHOD_RANK: Readonly<Record<Method, number>> = Object.freeze({
  debug: 10,
  info: 20,
  warn: 30,
  error: 40,
});
const TEXT_LABEL: Readonly<Record<Method, string>> = Object.freeze({
  debug: 'DEBUG',
  info: 'INFO',
  warn: 'WARNING',
  error: 'ERROR',
});

/** How long close() waits for the last writes (a stuck reader must not keep the process alive). */
const CLOSE_TIMEOUT_MS = 5_000;

export interface ServerLoggerOptions {
  readonly level: LoggingLevel;
  readonly format: LogFormat;
  /** A file to append to (-l); standard error when undefined. */
  readonly path?: string | undefined;
}

export interface ServerLogger extends Logger {
  /** Closes and reopens the log file by name (after logrotate moved it); no-op on stderr. */
  reopen(): void;
  /** Writes what is buffered now, synchronously (a last resort when the process exits). */
  flush(): void;
  /** Writes everything still buffered or in flight, then closes; later lines are dropped. */
  close(): Promise<void>;
}

function fieldsText(fields: Record<string, unknown> | undefined): string {
  if (fields === undefined) return '';
  try {
    return ` ${JSON.stringify(fields, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`;
  } catch {
    return ` (fields not serializable: ${Object.keys(fields).join(', ')})`;
  }
}

/** Throws when the log file cannot be opened (a missing directory, no permission). */
export function createServerLogger(o: ServerLoggerOptions): ServerLogger {
  const toFile = o.path !== undefined;
  const dest = pino.destination({ dest: o.path ?? 2, sync: toFile, append: true, mkdir: false });
  let reported = false;
  // A write error after start-up (disk full, a reopen that fails) must not stop the server.
  dest.on('error', (e: Error) => {
    if (reported) return;
    reported = true;
    process.stderr.write(`kmip-server: cannot write the log ${o.path ?? '(stderr)'}: ${e.message}\n`);
  });
  const min = RANK[o.level];
  let closed = false;
  const json =
    o.format === LogFormat.Json
      ? pino(
          {
            level: 'debug',
            base: { pid: process.pid },
            timestamp: pino.stdTimeFunctions.isoTime,
            formatters: { level: (label) => ({ level: label }) },
          },
          dest,
        )
      : undefined;
  const write =
    (method: Method) =>
    (msg: string, fields?: Record<string, unknown>): void => {
      if (METHOD_RANK[method] < min || closed) return;
      if (json !== undefined) json[method](fields ?? {}, msg);
      else dest.write(`${new Date().toISOString()} ${TEXT_LABEL[method]} ${msg}${fieldsText(fields)}\n`);
    };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    reopen: () => {
      if (!toFile || closed) return;
      try {
        dest.reopen();
      } catch (e) {
        process.stderr.write(`kmip-server: cannot reopen the log ${o.path}: ${(e as Error).message}\n`);
      }
    },
    flush: () => {
      if (closed) return;
      try {
        dest.flushSync();
      } catch {
        // Not open yet or already closed: nothing buffered can be written.
      }
    },
    close: () => {
      if (closed) return Promise.resolve();
      closed = true;
      return new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, CLOSE_TIMEOUT_MS);
        timer.unref();
        const done = (): void => {
          clearTimeout(timer);
          resolve();
        };
        dest.once('close', done);
        dest.once('error', done);
        dest.end();
      });
    },
  };
}

// The server's Logger (src/engine/logger.ts) on pino's destination (sonic-boom: buffered,
// asynchronous writes, reopen for logrotate). Two formats (log_format):
//   text  `2025-01-31T12:00:00.000Z INFO message {"field":"value"}`: the look kmip-server always had
//   json  one pino object per line: {"level":"info","time":"…","pid":1234,"msg":"message",…fields}
// Levels are PyKMIP's names (logging_level); CRITICAL keeps only what nothing here logs, as
// Python's logging does for a program that never logs at CRITICAL.
import pino from 'pino';
import type { Logger } from '../engine/logger.js';
import { LogFormat, LoggingLevel } from './server-config-values.js';

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

export interface ServerLoggerOptions {
  readonly level: LoggingLevel;
  readonly format: LogFormat;
  /** A file to append to (-l); standard error when undefined. */
  readonly path?: string | undefined;
}

export interface ServerLogger extends Logger {
  /** Resolves once the destination is open; rejects when the log file cannot be opened. */
  ready(): Promise<void>;
  /** Closes and reopens the log file by name (after logrotate moved it); no-op on stderr. */
  reopen(): void;
  /** Writes what is buffered now (before the process exits). */
  flush(): void;
}

function fieldsText(fields: Record<string, unknown> | undefined): string {
  if (fields === undefined) return '';
  try {
    return ` ${JSON.stringify(fields, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))}`;
  } catch {
    return ` (fields not serializable: ${Object.keys(fields).join(', ')})`;
  }
}

export function createServerLogger(o: ServerLoggerOptions): ServerLogger {
  const dest = pino.destination({ dest: o.path ?? 2, sync: false, append: true, mkdir: false });
  let isOpen = false;
  let reported = false;
  const opened = new Promise<void>((resolve, reject) => {
    dest.once('ready', () => {
      isOpen = true;
      resolve();
    });
    dest.once('error', (e: Error) => reject(e));
  });
  opened.catch(() => undefined);
  // After start-up a write error (disk full, a reopen that fails) must not stop the server.
  dest.on('error', (e: Error) => {
    if (!isOpen || reported) return;
    reported = true;
    process.stderr.write(`kmip-server: cannot write the log ${o.path ?? '(stderr)'}: ${e.message}\n`);
  });
  const min = RANK[o.level];
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
      if (METHOD_RANK[method] < min) return;
      if (json !== undefined) json[method](fields ?? {}, msg);
      else dest.write(`${new Date().toISOString()} ${TEXT_LABEL[method]} ${msg}${fieldsText(fields)}\n`);
    };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    ready: () => opened,
    reopen: () => {
      if (o.path !== undefined) dest.reopen();
    },
    flush: () => {
      try {
        dest.flushSync();
      } catch {
        // Not open yet or already closed: nothing buffered can be written.
      }
    },
  };
}

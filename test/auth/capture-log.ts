// A Logger that keeps every line, for tests that check what the authentication code logs.
import type { Logger } from '../../src/log/logger.js';

export interface CapturedLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly msg: string;
  readonly fields: Record<string, unknown> | undefined;
}

export interface CaptureLog extends Logger {
  readonly lines: CapturedLine[];
  /** Every line as text (message and fields), for "never logged" checks. */
  text(): string;
}

export function captureLog(): CaptureLog {
  const lines: CapturedLine[] = [];
  const at =
    (level: CapturedLine['level']) =>
    (msg: string, fields?: Record<string, unknown>): void => {
      lines.push({ level, msg, fields });
    };
  return {
    lines,
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    text: () => lines.map((l) => `${l.level} ${l.msg} ${JSON.stringify(l.fields ?? {})}`).join('\n'),
  };
}

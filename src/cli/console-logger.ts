// A Logger writing one line per event (time, level, message, fields as JSON) to a stream.
import { createWriteStream } from 'node:fs';
import type { Logger } from '../log/logger.js';

const LEVELS = ['DEBUG', 'INFO', 'WARNING', 'ERROR'] as const;
export type LogLevel = (typeof LEVELS)[number];

export function consoleLogger(level: LogLevel, path?: string): Logger {
  const out = path === undefined ? process.stderr : createWriteStream(path, { flags: 'a' });
  const min = LEVELS.indexOf(level);
  const line = (lvl: LogLevel) => (msg: string, fields?: Record<string, unknown>) => {
    if (LEVELS.indexOf(lvl) < min) return;
    const extra = fields === undefined ? '' : ` ${JSON.stringify(fields)}`;
    out.write(`${new Date().toISOString()} ${lvl} ${msg}${extra}\n`);
  };
  return { debug: line('DEBUG'), info: line('INFO'), warn: line('WARNING'), error: line('ERROR') };
}

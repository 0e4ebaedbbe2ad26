// The audit log file: one JSON line per operation (audit-record.ts), appended synchronously so
// lines are in the order the operations were answered, each carrying the SHA-256 of the line
// before it. Reopening a file continues its chain from its last line. A write that fails is
// reported to the server log and the request is still answered (the log must not take the
// server down); `kmip-server audit verify` then shows the break.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import type { AuditEvent } from '../engine/engine.js';
import type { Logger } from '../log/logger.js';
import { GENESIS, recordsOf, type AuditRecord } from './audit-record.js';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Up to the last 64 KiB of a file: enough to hold its last line. */
function tail(fd: number): string {
  const size = fstatSync(fd).size;
  const length = Math.min(size, 64 * 1024);
  const buf = Buffer.alloc(length);
  readSync(fd, buf, 0, length, size - length);
  return buf.toString('utf8');
}

/** The chain state after an existing file's last line. */
function resume(path: string): { prev: string; seq: number } {
  if (!existsSync(path)) return { prev: GENESIS, seq: 0 };
  const fd = openSync(path, 'r');
  try {
    const lines = tail(fd)
      .split('\n')
      .filter((l) => l !== '');
    const last = lines[lines.length - 1];
    if (last === undefined) return { prev: GENESIS, seq: 0 };
    let seq = 0;
    try {
      const rec = JSON.parse(last) as Partial<AuditRecord>;
      if (typeof rec.seq === 'number') seq = rec.seq + 1;
    } catch {
      // A damaged last line: the chain goes on from its hash; verify reports the line.
    }
    return { prev: sha256Hex(last), seq };
  } finally {
    closeSync(fd);
  }
}

export class AuditLog {
  readonly #fd: number;
  readonly #log: Logger | undefined;
  #prev: string;
  #seq: number;
  #closed = false;

  constructor(path: string, log?: Logger) {
    const { prev, seq } = resume(path);
    this.#fd = openSync(path, 'a', 0o600);
    this.#prev = prev;
    this.#seq = seq;
    this.#log = log;
  }

  /** The hash of the last line written (compare with a copy kept elsewhere to detect truncation). */
  get head(): string {
    return this.#prev;
  }

  get records(): number {
    return this.#seq;
  }

  /** Appends one line per operation of the event. */
  append(event: AuditEvent): void {
    if (this.#closed) return;
    for (const r of recordsOf(event)) {
      const line = JSON.stringify({ seq: this.#seq, ...r, prev: this.#prev });
      try {
        writeSync(this.#fd, line + '\n');
      } catch (e) {
        this.#log?.error('audit log write failed', { error: (e as Error).message, seq: this.#seq });
        return;
      }
      this.#prev = sha256Hex(line);
      this.#seq++;
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    closeSync(this.#fd);
    this.#log?.info('audit log closed', { records: this.#seq, head: this.#prev });
  }
}

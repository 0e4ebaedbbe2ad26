// Checks an audit log's hash chain: every line parses, carries the SHA-256 of the line before it
// (the first line: the genesis value) and the next sequence number. An altered line no longer
// hashes to the prev of the line after it; a removed line leaves a gap in the sequence and a prev
// that matches nothing. Only the last line has no successor to vouch for it: give the head hash
// kept elsewhere (the server logs it when it closes the audit log) to check the tail as well.
// AuditChain checks one line at a time, so a reader can stream a large file through it.
import { GENESIS, type AuditRecord } from './audit-record.js';
import { sha256Hex } from './audit-log.js';

export type AuditVerdict =
  | { readonly ok: true; readonly records: number; readonly head: string }
  | { readonly ok: false; readonly line: number; readonly reason: string };

export type AuditLineFailure = { readonly ok: false; readonly line: number; readonly reason: string };

const FIELDS = ['seq', 'time', 'identity', 'operation', 'uids', 'status', 'prev'] as const;

/** The chain so far: feed it the file's lines in order (without their newline). */
export class AuditChain {
  #prev = GENESIS;
  #expectSeq = 0;
  #lines = 0;

  get records(): number {
    return this.#lines;
  }

  /** Checks the next line; returns the record it holds, or why the chain breaks here. */
  add(line: string): { readonly ok: true; readonly record: AuditRecord } | AuditLineFailure {
    const n = ++this.#lines;
    let rec: Partial<AuditRecord>;
    try {
      rec = JSON.parse(line) as Partial<AuditRecord>;
    } catch {
      return { ok: false, line: n, reason: 'not a JSON audit record (altered or damaged)' };
    }
    const missing = FIELDS.filter((f) => !(f in rec));
    if (missing.length > 0)
      return { ok: false, line: n, reason: `not an audit record: no ${missing.join(', ')}` };
    const seq = typeof rec.seq === 'number' ? rec.seq : NaN;
    if (n === 1 && (rec.prev !== GENESIS || seq !== 0)) {
      return {
        ok: false,
        line: 1,
        reason: `the log starts at record ${seq}, not 0: the lines before it were removed`,
      };
    }
    if (seq !== this.#expectSeq) {
      return {
        ok: false,
        line: n,
        reason: `record ${seq} follows record ${this.#expectSeq - 1}: ${seq > this.#expectSeq ? 'lines were removed before this one' : 'lines are out of order or altered'}`,
      };
    }
    if (rec.prev !== this.#prev) {
      return {
        ok: false,
        line: n - 1,
        reason: `line ${n - 1} was altered: its SHA-256 is not the prev hash line ${n} recorded`,
      };
    }
    this.#expectSeq = seq + 1;
    this.#prev = sha256Hex(line);
    return { ok: true, record: rec as AuditRecord };
  }

  /** The verdict once every line was added; `expectedHead`, when given, must be the last line's hash. */
  finish(expectedHead?: string): AuditVerdict {
    if (expectedHead !== undefined && this.#prev !== expectedHead.toLowerCase()) {
      return {
        ok: false,
        line: this.#lines,
        reason: 'the last line does not hash to the expected head: the tail was altered or removed',
      };
    }
    return { ok: true, records: this.#lines, head: this.#prev };
  }
}

/** Verifies the text of an audit log; `expectedHead`, when given, must be its last line's hash. */
export function verifyAuditLog(text: string, expectedHead?: string): AuditVerdict {
  const lines = text.split('\n');
  const complete = lines[lines.length - 1] === '';
  lines.pop();
  if (!complete && text !== '') {
    return {
      ok: false,
      line: lines.length + 1,
      reason: 'the last line is incomplete (no newline): truncated or appended to',
    };
  }
  const chain = new AuditChain();
  for (const line of lines) {
    const r = chain.add(line);
    if (!r.ok) return r;
  }
  return chain.finish(expectedHead);
}

// The audit log as the web console shows it (src/audit: one hash-chained JSON line per operation):
// the newest records matching a filter (identity, operation, object), and each file's chain
// verdict. A server with workers writes one file per worker (`audit_log.worker-N`), each its own
// chain; all are read.
//
// The log only grows, and may grow large, so a view costs what it shows, not the file's size:
// records are read backwards from the end until enough match, and the chain is verified as the
// file grows — the first view reads it all, later views only the lines appended since (a file
// that shrank or was replaced is verified again from its start). An edit inside the part already
// verified shows at the next full pass (a restart); `kmip-server audit verify` always rereads all.
// Only complete lines count: a line being appended is left for the next view.
import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AuditChain } from '../audit/audit-verify.js';
import type { AuditRecord } from '../audit/audit-record.js';
import type { AuditChainInfo, AuditRecordInfo } from './console-api.js';

export interface AuditFilter {
  readonly identity?: string | undefined;
  readonly operation?: string | undefined;
  readonly object?: string | undefined;
}

export interface AuditQueryResult {
  /** Newest first, at most the limit. */
  readonly records: AuditRecordInfo[];
  /** Older matching records exist beyond the limit. */
  readonly more: boolean;
  readonly chains: AuditChainInfo[];
}

const CHUNK = 64 * 1024;
const NEWLINE = 0x0a;

/** The audit log file and the per-worker files beside it, in name order. */
export async function auditFiles(path: string): Promise<string[]> {
  const dir = dirname(path);
  const base = basename(path);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n === base || n.startsWith(`${base}.worker-`))
    .sort()
    .map((n) => join(dir, n));
}

function matches(r: AuditRecord, f: AuditFilter): boolean {
  return (
    (f.identity === undefined || r.identity === f.identity) &&
    (f.operation === undefined || r.operation === f.operation) &&
    (f.object === undefined || (Array.isArray(r.uids) && r.uids.includes(f.object)))
  );
}

function recordInfo(r: AuditRecord, file: string): AuditRecordInfo {
  return {
    seq: r.seq,
    time: String(r.time),
    identity: String(r.identity),
    operation: r.operation ?? null,
    uids: Array.isArray(r.uids) ? r.uids.map(String) : [],
    status: String(r.status),
    ...(r.reason === undefined ? {} : { reason: String(r.reason) }),
    ...(r.message === undefined ? {} : { message: String(r.message) }),
    file,
  };
}

function parse(line: string): AuditRecord | undefined {
  try {
    const r = JSON.parse(line) as unknown;
    return typeof r === 'object' && r !== null ? (r as AuditRecord) : undefined;
  } catch {
    return undefined;
  }
}

/** Up to `want` records matching `filter`, newest first, reading `file` backwards from `size`. */
async function newestMatching(
  file: string,
  size: number,
  filter: AuditFilter,
  want: number,
): Promise<AuditRecord[]> {
  const out: AuditRecord[] = [];
  const fd = await open(file, 'r');
  try {
    let end = size;
    // The start of the line that ends where the chunk read last began (cut at a byte boundary).
    let carry = Buffer.alloc(0);
    let first = true;
    while (end > 0 && out.length < want) {
      const start = Math.max(0, end - CHUNK);
      const buf = Buffer.alloc(end - start);
      await fd.read(buf, 0, buf.length, start);
      let data = Buffer.concat([buf, carry]);
      if (first) {
        // After the file's last newline: a line still being written, or nothing.
        data = data.subarray(0, data.lastIndexOf(NEWLINE) + 1);
        first = false;
      }
      carry = Buffer.alloc(0);
      if (start > 0) {
        // The first line may begin in the chunk before: keep its bytes for the next read.
        const nl = data.indexOf(NEWLINE);
        carry = nl < 0 ? data : data.subarray(0, nl);
        data = nl < 0 ? Buffer.alloc(0) : data.subarray(nl + 1);
      }
      const lines = data.toString('utf8').split('\n');
      for (let i = lines.length - 1; i >= 0 && out.length < want; i--) {
        const r = parse(lines[i] ?? '');
        if (r !== undefined && matches(r, filter)) out.push(r);
      }
      end = start;
    }
  } finally {
    await fd.close();
  }
  return out;
}

interface ChainProgress {
  readonly ino: number;
  /** Bytes verified: the end of the last complete line fed to the chain. */
  offset: number;
  readonly chain: AuditChain;
  broken?: { readonly line: number; readonly reason: string };
}

/** Reads one server's audit files; keeps each file's chain verification between views. */
export class AuditReader {
  readonly #path: string;
  readonly #progress = new Map<string, ChainProgress>();

  constructor(path: string) {
    this.#path = path;
  }

  /** Verifies the lines `file` gained since the last call, up to `size`. */
  async #verify(file: string, ino: number, size: number): Promise<ChainProgress> {
    let p = this.#progress.get(file);
    if (p === undefined || p.ino !== ino || size < p.offset) {
      p = { ino, offset: 0, chain: new AuditChain() };
      this.#progress.set(file, p);
    }
    if (p.broken !== undefined || size === p.offset) return p;
    const progress = p;
    let rest = Buffer.alloc(0);
    for await (const chunk of createReadStream(file, { start: progress.offset, end: size - 1 })) {
      let data = Buffer.concat([rest, chunk as Buffer]);
      let nl = data.indexOf(NEWLINE);
      while (nl >= 0 && progress.broken === undefined) {
        const r = progress.chain.add(data.subarray(0, nl).toString('utf8'));
        if (!r.ok) progress.broken = { line: r.line, reason: r.reason };
        progress.offset += nl + 1;
        data = data.subarray(nl + 1);
        nl = data.indexOf(NEWLINE);
      }
      if (progress.broken !== undefined) break;
      rest = data;
    }
    return progress;
  }

  async #queryFile(
    file: string,
    filter: AuditFilter,
    want: number,
  ): Promise<{ records: AuditRecordInfo[]; chain: AuditChainInfo }> {
    const name = basename(file);
    const st = await stat(file);
    const p = await this.#verify(file, st.ino, st.size);
    const records = (await newestMatching(file, st.size, filter, want)).map((r) => recordInfo(r, name));
    const verdict = p.chain.finish();
    const chain: AuditChainInfo =
      p.broken !== undefined
        ? { file: name, ok: false, records: p.chain.records, ...p.broken }
        : verdict.ok
          ? { file: name, ok: true, records: verdict.records, head: verdict.head }
          : { file: name, ok: false, records: verdict.line, line: verdict.line, reason: verdict.reason };
    return { records, chain };
  }

  /** The newest `limit` records matching `filter` over every file, newest first, and each file's verdict. */
  async query(filter: AuditFilter, limit: number): Promise<AuditQueryResult> {
    const files = await auditFiles(this.#path);
    const results = await Promise.all(files.map((f) => this.#queryFile(f, filter, limit + 1)));
    const all = results
      .flatMap((r) => r.records)
      .sort((a, b) => (a.time === b.time ? b.seq - a.seq : a.time < b.time ? 1 : -1));
    return { records: all.slice(0, limit), more: all.length > limit, chains: results.map((r) => r.chain) };
  }
}

// The audit log as the web console shows it (src/audit: one hash-chained JSON line per operation):
// the newest records matching a filter (identity, operation, object), and each file's chain
// verdict. A server with workers writes one file per worker (`audit_log.worker-N`), each its own
// chain; all are read. Files are streamed line by line up to their size when the query began, so
// a line being appended meanwhile is left for the next query, and memory holds only the records
// shown.
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
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
  readonly records: AuditRecordInfo[];
  readonly matched: number;
  readonly chains: AuditChainInfo[];
}

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

/** Calls `each` with every complete line of the first `size` bytes of a file. */
async function eachLine(file: string, size: number, each: (line: string) => void): Promise<void> {
  if (size === 0) return;
  let rest = '';
  for await (const chunk of createReadStream(file, { encoding: 'utf8', start: 0, end: size - 1 })) {
    const lines = (rest + (chunk as string)).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) each(line);
  }
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

async function queryFile(
  file: string,
  filter: AuditFilter,
  limit: number,
): Promise<{ records: AuditRecordInfo[]; matched: number; chain: AuditChainInfo }> {
  const name = basename(file);
  const size = (await stat(file)).size;
  const chain = new AuditChain();
  let broken: { line: number; reason: string } | undefined;
  const newest: AuditRecordInfo[] = [];
  let matched = 0;
  await eachLine(file, size, (line) => {
    let record: AuditRecord | undefined;
    if (broken === undefined) {
      const r = chain.add(line);
      if (r.ok) record = r.record;
      else broken = { line: r.line, reason: r.reason };
    }
    if (record === undefined) {
      // Past a break the chain proves nothing, but the records are still worth reading.
      try {
        record = JSON.parse(line) as AuditRecord;
      } catch {
        return;
      }
    }
    if (!matches(record, filter)) return;
    matched++;
    newest.push(recordInfo(record, name));
    // Trimmed in bulk: amortised constant time per record, whatever the limit.
    if (newest.length >= 2 * limit) newest.splice(0, newest.length - limit);
  });
  if (newest.length > limit) newest.splice(0, newest.length - limit);
  const verdict = chain.finish();
  const info: AuditChainInfo =
    broken !== undefined
      ? { file: name, ok: false, records: chain.records, ...broken }
      : verdict.ok
        ? { file: name, ok: true, records: verdict.records, head: verdict.head }
        : { file: name, ok: false, records: chain.records, line: verdict.line, reason: verdict.reason };
  return { records: newest, matched, chain: info };
}

/** The newest `limit` records matching `filter` over every file, newest first, and each file's verdict. */
export async function queryAudit(
  path: string,
  filter: AuditFilter,
  limit: number,
): Promise<AuditQueryResult> {
  const results = await Promise.all((await auditFiles(path)).map((f) => queryFile(f, filter, limit)));
  const records = results
    .flatMap((r) => r.records)
    .sort((a, b) => (a.time === b.time ? b.seq - a.seq : a.time < b.time ? 1 : -1))
    .slice(0, limit);
  return {
    records,
    matched: results.reduce((n, r) => n + r.matched, 0),
    chains: results.map((r) => r.chain),
  };
}

// The soak's report: one table row a minute, the verdict on drift, and the section it records in
// bench/RESULTS.md (`npm run soak -- --minutes N --record`), with the conditions of the run.
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { writeResultsSection } from './results-file.js';

export interface Sample {
  readonly minute: number;
  readonly ops: number;
  readonly errors: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly rssMiB: number;
  readonly rssAnonMiB: number;
  readonly heapMiB: number;
  readonly fds: number;
  readonly dbMiB: number;
  readonly reconnects: number;
  readonly slow: number;
  readonly drops: number;
  readonly load1: number;
}

export const TABLE_HEADER =
  '| min | ops | errors | p50 ms | p99 ms | RSS MiB | RSS anon MiB | heap MiB | fds | DB MiB | reconnects | slow | drops | load1 |\n' +
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n';

export function sampleRow(s: Sample): string {
  return `| ${s.minute} | ${s.ops} | ${s.errors} | ${s.p50Ms} | ${s.p99Ms} | ${s.rssMiB} | ${s.rssAnonMiB} | ${s.heapMiB} | ${s.fds} | ${s.dbMiB} | ${s.reconnects} | ${s.slow} | ${s.drops} | ${s.load1} |\n`;
}

/** SQLite's page cache (sqlite-store.ts: cache_size), plus a margin. */
const CACHE_FILLED_MIB = 80;

const drift = (from: number, to: number): number => (from === 0 ? 0 : ((to - from) / from) * 100);

export interface Verdict {
  readonly from: number;
  readonly to: number;
  readonly heap: number;
  readonly rssAnon: number;
  readonly fds: number;
  readonly flat: boolean;
  readonly text: string;
}

/**
 * Compares the last minute with the end of warm-up: a third of the run, and not before the
 * database has outgrown SQLite's page cache (anonymous memory grows with it until then).
 */
export function verdictOf(samples: readonly Sample[], minutes: number): Verdict | undefined {
  const cacheFull = samples.findIndex((s) => s.dbMiB >= CACHE_FILLED_MIB);
  const warm = samples[Math.max(0, Math.floor(minutes / 3) - 1, cacheFull)];
  const last = samples[samples.length - 1];
  if (warm === undefined || last === undefined) return undefined;
  const heap = drift(warm.heapMiB, last.heapMiB);
  const rssAnon = drift(warm.rssAnonMiB, last.rssAnonMiB);
  const fds = drift(warm.fds, last.fds);
  const flat = [heap, rssAnon, fds].every((v) => v <= 10);
  const errors = samples.reduce((n, s) => n + s.errors, 0);
  const requests = samples.reduce((n, s) => n + s.ops, 0);
  const text =
    `from minute ${warm.minute} to ${last.minute}: heap ${heap.toFixed(1)} %, RSS anon ${rssAnon.toFixed(1)} %, ` +
    `fds ${fds.toFixed(1)} %; ${errors} errors in ${requests} requests\n` +
    `verdict: ${flat ? 'flat (no drift over 10 %)' : 'DRIFT over 10 %: a leak to find'}` +
    (cacheFull < 0
      ? `\nnote: the database stayed under ${CACHE_FILLED_MIB} MiB: SQLite's cache may still be filling`
      : '');
  return { from: warm.minute, to: last.minute, heap, rssAnon, fds, flat, text };
}

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/** Writes the run into bench/RESULTS.md's soak section. */
export function recordSoak(o: {
  readonly minutes: number;
  readonly connections: number;
  readonly pauseMs: number;
  readonly samples: readonly Sample[];
  readonly verdict: Verdict;
  readonly startedAt: Date;
}): void {
  const loads = o.samples.map((s) => s.load1);
  const cpu = cpus();
  const text = [
    '## Soak',
    '',
    `\`npm run soak -- --minutes ${o.minutes}\`, started ${o.startedAt.toISOString()}, commit ${commit()}; ` +
      `${cpu.length} × ${cpu[0]?.model.trim() ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}.`,
    `kmip-server: one worker, SQLite. Load: ${o.connections} connections each cycling Create (named) → Get → Locate by ` +
      `name → Encrypt (AES-GCM, 256 B) → Destroy with ${o.pauseMs} ms between cycles; a client reconnecting for one ` +
      'Get every 200 ms; a client sending a Get a byte every 50 ms; a client dropping its connection mid-request or ' +
      'before the answer every 300 ms. Each minute: the load over that minute, then the server process seen from ' +
      'outside (RSS, its anonymous part, open descriptors) and from inside (heap used after a full GC).',
    `Machine load (1-minute load average, 2 cores shared with other work): ${Math.min(...loads)} to ${Math.max(...loads)}, ` +
      `mean ${(loads.reduce((a, b) => a + b, 0) / Math.max(1, loads.length)).toFixed(1)}; latencies reflect it.`,
    '',
    TABLE_HEADER.trimEnd(),
    ...o.samples.map((s) => sampleRow(s).trimEnd()),
    '',
    ...o.verdict.text.split('\n'),
    '',
    'RSS grows with the file-backed pages of the memory-mapped database (256 MiB map) as the database ' +
      "grows; its anonymous part grows with SQLite's 64 MiB page cache until the database outgrows it, " +
      'then stays flat. The verdict compares heap, anonymous memory and descriptors from the end of that ' +
      'warm-up to the last minute.',
  ].join('\n');
  writeResultsSection('soak', text);
}

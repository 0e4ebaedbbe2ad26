// `npm run bench:scale`: how Locate, Create and Get hold up as the store grows. The server is
// filled the way Zenko and Ceph fill it (kmip bench --prefill: one owner, a named AES key per
// bucket with an x-bucket attribute) to each size in turn, restarted (so memory is measured on a
// settled process, not the prefill's), and measured one request at a time: Locate by Name, by
// x-bucket, by Object Type with Maximum Items 10, Get; then named Create under load (8 connections
// × 16 in flight) and the workers' resident memory. SQLite at SCALE_SIZES (default 10k, 100k, 1M),
// PostgreSQL at SCALE_PG_SIZE (100k), pykmip-server at SCALE_PYKMIP_SIZE (10k; it creates ~250
// keys/s). Writes the "scale" section of bench/RESULTS.md. kmip-ts is filled through its own
// engine in-process (bench/prefill-direct.ts); pykmip-server through kmip bench --prefill's path.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import type { ConnectionOptions } from 'node:tls';
import { runLoad, type OperationStats } from '../src/bench/load-generator.js';
import { prefill, type PrefilledObject } from '../src/bench/prefill.js';
import { prefillDirect } from './prefill-direct.js';
import type { BenchOperation } from '../src/bench/requests.js';
import { startLocalServer } from './local-server.js';
import { writeResultsSection } from './results-file.js';
import { durableAppendsPerSecond } from './disk-probe.js';
import { postgresUnavailableReason, startThrowawayPostgres } from '../test/helpers/postgres.js';
import { startPykmipServer } from '../test/interop/pykmip-server.js';
import { pykmipUnavailableReason } from '../test/interop/run-driver.js';

const sizes = (process.env.SCALE_SIZES ?? '10000,100000,1000000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const PG_SIZE = Number(process.env.SCALE_PG_SIZE ?? 100_000);
const PYKMIP_SIZE = Number(process.env.SCALE_PYKMIP_SIZE ?? 10_000);
const SECONDS = Number(process.env.SCALE_SECONDS ?? 5);
const CREATE_SECONDS = Number(process.env.SCALE_CREATE_SECONDS ?? 5);

interface Row {
  readonly store: string;
  readonly objects: number;
  readonly shapes: Partial<Record<BenchOperation, OperationStats>>;
  readonly createPerSec?: number;
  /** The largest worker's resident memory: all of it, and its anonymous part (heap, caches). */
  readonly rssMiB?: number;
  readonly anonMiB?: number;
  readonly prefillPerSec?: number;
}

interface Target {
  readonly tls: ConnectionOptions;
  /** The processes whose memory counts (the workers, or the server process). */
  readonly pids: () => number[];
}

function log(text: string): void {
  process.stderr.write(`${text}\n`);
}

function tlsOf(port: number, certs: { ca: string; cert: string; key: string }): ConnectionOptions {
  return {
    host: '127.0.0.1',
    port,
    ca: readFileSync(certs.ca),
    cert: readFileSync(certs.cert),
    key: readFileSync(certs.key),
  };
}

/** The children of a process (a kmip-server's workers), from /proc. */
function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** A process's resident memory (VmRSS, or RssAnon: not the mapped database file) in MiB. */
function memoryMiB(pid: number, field: 'VmRSS' | 'RssAnon'): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m === null ? 0 : Number(m[1]) / 1024;
  } catch {
    return 0;
  }
}

async function fill(
  target: Target,
  count: number,
  pykmip: boolean,
): Promise<{ sample: PrefilledObject[]; perSec: number }> {
  if (count <= 0) return { sample: [], perSec: 0 };
  const r = await prefill({
    tls: target.tls,
    count,
    // PyKMIP refuses an Activation Date on Create and custom attributes, and serves one request at
    // a time: its keys are Pre-Active and have no x-bucket (Locate by x-bucket then finds none).
    ...(pykmip ? { activate: false, bucket: false, connections: 4, depth: 1, batch: 20 } : {}),
    onProgress: (done, ms) =>
      process.stderr.write(`\r  prefill ${done}/${count}, ${((done * 1000) / ms).toFixed(0)}/s   `),
  });
  process.stderr.write('\n');
  return { sample: [...r.sample], perSec: (r.created * 1000) / r.elapsedMs };
}

/** One request at a time, each shape in turn, then named Create under load, then memory. */
async function measure(
  target: Target,
  sample: readonly PrefilledObject[],
  shapes: readonly BenchOperation[],
  pykmip = false,
): Promise<Omit<Row, 'store' | 'objects'> & { created: number }> {
  const out: Partial<Record<BenchOperation, OperationStats>> = {};
  // Serve every sampled key once first: the first Get of a key records that it is no longer Fresh
  // (a durable write); the rows measure the Gets after that.
  if (sample.length > 0)
    await runLoad({
      tls: target.tls,
      connections: 4,
      depth: 4,
      mix: { get: 1 },
      count: sample.length,
      prefilled: sample,
    });
  for (const op of shapes) {
    const r = await runLoad({
      tls: target.tls,
      connections: 1,
      depth: 1,
      mix: { [op]: 1 },
      durationMs: SECONDS * 1000,
      prefilled: sample,
    });
    const s = r.byOperation[op];
    if (r.total.errors > 0) log(`  ${op}: ${r.total.errors} errors, first: ${r.firstError}`);
    else if (s !== undefined) out[op] = s;
    if (s !== undefined) log(`  ${op}: p50 ${s.p50Ms.toFixed(2)} ms, p99 ${s.p99Ms.toFixed(2)} ms`);
  }
  const rss = Math.max(0, ...target.pids().map((p) => memoryMiB(p, 'VmRSS')));
  const anon = Math.max(0, ...target.pids().map((p) => memoryMiB(p, 'RssAnon')));
  // PyKMIP serves one request at a time per connection: 4 connections, depth 1, no x-bucket.
  const c = await runLoad({
    tls: target.tls,
    connections: pykmip ? 4 : 8,
    depth: pykmip ? 1 : 16,
    mix: { 'create-named': 1 },
    durationMs: CREATE_SECONDS * 1000,
    bucketAttribute: !pykmip,
  });
  const ok = c.total.errors === 0;
  if (!ok) log(`  named Create: ${c.total.errors} errors, first: ${c.firstError}`);
  log(`  named Create: ${c.total.opsPerSec.toFixed(0)}/s; worker RSS ${rss.toFixed(0)} MiB`);
  return {
    shapes: out,
    ...(ok ? { createPerSec: c.total.opsPerSec } : {}),
    rssMiB: rss,
    anonMiB: anon,
    created: c.total.ops - c.total.errors,
  };
}

const SHAPES: readonly BenchOperation[] = ['locate', 'locate-attr', 'locate-type', 'get'];

/**
 * kmip-server (SQLite, or PostgreSQL at `databaseUrl`) filled to each size in turn: the server's
 * own Create in this process while the server is down (prefill-direct.ts), then the server
 * started afresh and measured.
 */
async function kmipSeries(name: string, targets: readonly number[], databaseUrl?: string): Promise<Row[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kmip-scale-'));
  const args = databaseUrl === undefined ? [] : ['--database-url', databaseUrl];
  const rows: Row[] = [];
  let stored = 0;
  let sample: PrefilledObject[] = [];
  try {
    for (const n of targets) {
      log(`${name}, ${n} objects:`);
      const count = n - stored;
      const filled =
        count <= 0
          ? undefined
          : await prefillDirect({
              dataDir,
              ...(databaseUrl !== undefined ? { databaseUrl } : {}),
              count,
              onProgress: (done, ms) =>
                process.stderr.write(`\r  prefill ${done}/${count}, ${((done * 1000) / ms).toFixed(0)}/s   `),
            });
      if (filled !== undefined) process.stderr.write('\n');
      stored = Math.max(stored, n);
      // A sample spread over every fill, so that reads touch old and new objects alike.
      sample = [...sample.slice(0, 500), ...(filled?.sample ?? []).slice(0, 500)];
      const server = await startLocalServer(args, '', dataDir);
      try {
        const pid = server.child.pid ?? 0;
        const m = await measure(
          { tls: tlsOf(server.port, server.certs), pids: () => childrenOf(pid) },
          sample,
          SHAPES,
        );
        stored += m.created;
        const perSec = filled === undefined ? undefined : (filled.created * 1000) / filled.elapsedMs;
        rows.push({
          store: name,
          objects: n,
          ...m,
          ...(perSec !== undefined ? { prefillPerSec: perSec } : {}),
        });
      } finally {
        await server.stop();
      }
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  return rows;
}

async function pykmipRow(n: number): Promise<Row | undefined> {
  const why = pykmipUnavailableReason();
  if (why !== undefined) {
    log(`pykmip-server skipped: ${why}`);
    return undefined;
  }
  log(`pykmip-server, ${n} objects:`);
  const py = await startPykmipServer();
  try {
    const target: Target = {
      tls: tlsOf(py.port, { ca: py.target.caCerts, cert: py.target.certFile, key: py.target.keyFile }),
      pids: () => [],
    };
    const filled = await fill(target, n, true);
    // Its memory is not measured: its processes are not ours to find.
    const { rssMiB: _rss, anonMiB: _anon, ...m } = await measure(target, filled.sample, SHAPES, true);
    return { store: 'pykmip-server (SQLite)', objects: n, ...m, prefillPerSec: filled.perSec };
  } finally {
    await py.stop();
  }
}

const disk = durableAppendsPerSecond();
const rows: Row[] = [...(await kmipSeries('kmip-ts, SQLite', sizes))];
if (PG_SIZE > 0) {
  const why = postgresUnavailableReason();
  if (why === undefined) {
    const pg = await startThrowawayPostgres('kmipscale', true);
    try {
      rows.push(...(await kmipSeries('kmip-ts, PostgreSQL', [PG_SIZE], pg.url)));
    } finally {
      await pg.stop();
    }
  } else log(`PostgreSQL skipped: ${why}`);
}
if (PYKMIP_SIZE > 0) {
  const r = await pykmipRow(PYKMIP_SIZE);
  if (r !== undefined) rows.push(r);
}

const ms = (s: OperationStats | undefined): string =>
  s === undefined ? '—' : `${s.p50Ms.toFixed(2)} / ${s.p99Ms.toFixed(2)}`;
const num = (n: number | undefined, digits = 0): string => (n === undefined ? '—' : n.toFixed(digits));
const sqlite = rows.filter((r) => r.store === 'kmip-ts, SQLite');
const first = sqlite[0];
const last = sqlite[sqlite.length - 1];
const perObject =
  first?.anonMiB !== undefined && last?.anonMiB !== undefined && last.objects > first.objects
    ? ((last.anonMiB - first.anonMiB) * 1024 * 1024) / (last.objects - first.objects)
    : undefined;
const cpu = cpus();
const text = [
  '## Scale: Locate, Create and Get as the store grows',
  '',
  `Run with \`npm run bench:scale\` (sizes: SCALE_SIZES=${sizes.join(',')}; SCALE_PG_SIZE=${PG_SIZE}; SCALE_PYKMIP_SIZE=${PYKMIP_SIZE}).`,
  `Machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; ${new Date().toISOString().slice(0, 10)}; load average at the end ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}.`,
  `Disk: ${disk.toFixed(0)} appends of 4 KiB, each with fdatasync, per second (before the run).`,
  'Filled as Zenko and Ceph fill a server: one owner, a named AES-256 key per bucket with an `x-bucket` attribute.',
  `Locate and Get: p50 / p99 ms, one request at a time (1 connection, depth 1), ${SECONDS} s each, over a sample of the stored keys.`,
  `Named Create: ops/s at 8 connections × 16 in flight (pykmip-server: 4 × 1, no x-bucket), ${CREATE_SECONDS} s, each key with a Name and an x-bucket. Worker RSS: the largest worker after the reads, all of it and (in brackets) its anonymous memory: the rest is the database file mapped (\`mmap_size\`, 256 MiB at most), which the kernel shares and reclaims.`,
  '',
  '| store | objects | Locate by Name | Locate by `x-bucket` | Locate Object Type + Maximum Items 10 | Get | named Create ops/s | worker RSS MiB | prefill keys/s |',
  '|---|---|---|---|---|---|---|---|---|',
  ...rows.map(
    (r) =>
      `| ${r.store} | ${r.objects} | ${ms(r.shapes.locate)} | ${ms(r.shapes['locate-attr'])} | ${ms(r.shapes['locate-type'])} | ${ms(r.shapes.get)} | ${num(r.createPerSec)} | ${num(r.rssMiB)}${r.anonMiB === undefined ? '' : ` (${num(r.anonMiB)})`} | ${num(r.prefillPerSec)} |`,
  ),
  '',
  first !== undefined && last !== undefined && first !== last
    ? `Named Create at ${last.objects} objects: ${num(((last.createPerSec ?? 0) / (first.createPerSec ?? 1)) * 100)} % of its rate at ${first.objects}. Worker anonymous memory from ${first.objects} to ${last.objects} objects: ${perObject === undefined ? '—' : `${perObject.toFixed(1)} bytes per object`}.`
    : '',
].join('\n');
console.log(text);
writeResultsSection('scale', text);

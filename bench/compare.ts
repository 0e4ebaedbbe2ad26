// `npm run bench:compare`: the same load, on one machine in one run, against (a) this server,
// (b) pykmip-server from Debian's python3-pykmip, (c) a plain TLS server answering each KMIP frame
// at once (the ceiling). Prints a table with the ratios and writes bench/RESULTS.md.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { runLoad, type LoadResult } from '../src/bench/load-generator.js';
import type { BenchOperation } from '../src/bench/requests.js';
import { startLocalServer } from './local-server.js';
import { startPykmipServer } from '../test/interop/pykmip-server.js';
import { pykmipUnavailableReason } from '../test/interop/run-driver.js';
import { measureIdle, type IdleResult } from './idle-connections.js';
import { postgresUnavailableReason, startThrowawayPostgres } from '../test/helpers/postgres.js';
import { writeResultsSection } from './results-file.js';
import { durableAppendsPerSecond } from './disk-probe.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const DEPTH = Number(process.env.BENCH_DEPTH ?? 8);
/** The Get row's load (issue 15: 16 connections × depth 8), against the TLS ceiling too. */
const GET_CONNECTIONS = 16;
const GET_DEPTH = 8;

interface Certs {
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}

async function load(
  port: number,
  certs: Certs,
  mix: Partial<Record<BenchOperation, number>>,
  connections = CONNECTIONS,
  depth = DEPTH,
): Promise<LoadResult> {
  const label = Object.keys(mix).join('+');
  const r = await runLoad({
    tls: {
      host: '127.0.0.1',
      port,
      ca: readFileSync(certs.ca),
      cert: readFileSync(certs.cert),
      key: readFileSync(certs.key),
    },
    connections,
    depth,
    mix,
    durationMs: SECONDS * 1000,
    onProgress: (done, ms) =>
      process.stderr.write(`\r  ${label}: ${((done * 1000) / ms).toFixed(0)} ops/s   `),
  });
  process.stderr.write('\n');
  if (r.total.errors > 0) process.stderr.write(`  ${r.total.errors} errors, first: ${r.firstError}\n`);
  return r;
}

async function startCeiling(serverCerts: Certs): Promise<{ port: number; stop: () => void }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join('bench', 'ceiling-server.ts'),
      serverCerts.ca,
      serverCerts.cert,
      serverCerts.key,
    ],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stderr?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /port=(\d+)/.exec(out);
      if (m !== null) resolve(Number(m[1]));
    });
    child.once('exit', (c) => reject(new Error(`ceiling server exited ${c}: ${out}`)));
  });
  return { port, stop: () => child.kill('SIGTERM') };
}

const rows: { name: string; ours?: LoadResult; pykmip?: LoadResult; ceiling?: LoadResult }[] = [];
const disk = durableAppendsPerSecond();

process.stderr.write('kmip-ts:\n');
// Its own data directory: the TLS ceiling row below reuses its certificates after it stops.
const oursDir = mkdtempSync(join(tmpdir(), 'kmip-bench-'));
const ours = await startLocalServer([], '', oursDir);
const certDir = join(ours.dataDir, 'certs');
const serverCerts: Certs = {
  ca: join(certDir, 'ca.crt'),
  cert: join(certDir, 'server.crt'),
  key: join(certDir, 'server.key'),
};
try {
  // A fresh worker is still compiling its hot paths: a short unmeasured load first.
  await runLoad({
    tls: {
      host: '127.0.0.1',
      port: ours.port,
      ca: readFileSync(ours.certs.ca),
      cert: readFileSync(ours.certs.cert),
      key: readFileSync(ours.certs.key),
    },
    connections: GET_CONNECTIONS,
    depth: GET_DEPTH,
    mix: { get: 1, create: 1, locate: 1 },
    durationMs: 3000,
  });
  rows.push({
    name: `Get (AES-256 key), ${GET_CONNECTIONS} × ${GET_DEPTH}`,
    ours: await load(ours.port, ours.certs, { get: 1 }, GET_CONNECTIONS, GET_DEPTH),
  });
  rows.push({ name: 'Create AES-256 (durable)', ours: await load(ours.port, ours.certs, { create: 1 }) });
  rows.push({
    name: 'Create AES-256 (durable), 4 × 1',
    ours: await load(ours.port, ours.certs, { create: 1 }, 4, 1),
  });
  rows.push({ name: 'Encrypt AES-GCM 64 B', ours: await load(ours.port, ours.certs, { encrypt: 1 }) });
  rows.push({ name: 'Locate by name', ours: await load(ours.port, ours.certs, { locate: 1 }) });
  rows.push({ name: 'GetAttributes', ours: await load(ours.port, ours.certs, { 'get-attributes': 1 }) });
  const peakGet = rows[0]?.ours?.total.opsPerSec ?? 0;
  // Latency at half of peak: one connection per request in flight, fewer of them, paced by depth 1.
  const half = await load(ours.port, ours.certs, { get: 1 }, Math.max(1, Math.round(CONNECTIONS / 2)), 1);
  rows.push({
    name: `Get at ~half load (${half.total.opsPerSec.toFixed(0)} of ${peakGet.toFixed(0)} ops/s)`,
    ours: half,
  });
} finally {
  await ours.stop();
}

const pgUnavailable = postgresUnavailableReason();
if (pgUnavailable === undefined) {
  process.stderr.write('kmip-ts on PostgreSQL (fsync on, same machine):\n');
  const pg = await startThrowawayPostgres('kmipbench', true);
  const onPg = await startLocalServer(['--database-url', pg.url]);
  try {
    rows.push({ name: 'Get on PostgreSQL', ours: await load(onPg.port, onPg.certs, { get: 1 }) });
    rows.push({
      name: 'Create AES-256 on PostgreSQL (durable)',
      ours: await load(onPg.port, onPg.certs, { create: 1 }),
    });
  } finally {
    await onPg.stop();
    await pg.stop();
  }
} else {
  process.stderr.write(`PostgreSQL rows skipped: ${pgUnavailable}\n`);
}

process.stderr.write('TLS ceiling:\n');
const ceiling = await startCeiling(serverCerts);
try {
  const row = rows[0];
  if (row !== undefined)
    row.ceiling = await load(ceiling.port, ours.certs, { get: 1 }, GET_CONNECTIONS, GET_DEPTH);
} finally {
  ceiling.stop();
  rmSync(oursDir, { recursive: true, force: true });
}

const unavailable = pykmipUnavailableReason();
if (unavailable === undefined) {
  process.stderr.write('pykmip-server:\n');
  const py = await startPykmipServer();
  const pyCerts: Certs = { ca: py.target.caCerts, cert: py.target.certFile, key: py.target.keyFile };
  try {
    const get = rows[0];
    if (get !== undefined) get.pykmip = await load(py.target.port, pyCerts, { get: 1 }, 4, 1);
    const create = await load(py.target.port, pyCerts, { create: 1 }, 4, 1);
    for (const r of [rows[1], rows[2]]) if (r !== undefined) r.pykmip = create;
  } finally {
    await py.stop();
  }
} else {
  process.stderr.write(`pykmip-server skipped: ${unavailable}\n`);
}

const IDLE = Number(process.env.BENCH_IDLE_CONNECTIONS ?? 10_000);
let idle: { ours: IdleResult; bare: IdleResult } | undefined;
if (IDLE > 0) {
  process.stderr.write(`${IDLE} idle TLS connections (kmip-ts, then a bare node TLS server):\n`);
  idle = { ours: await measureIdle(IDLE, false), bare: await measureIdle(IDLE, true) };
}

const fmt = (n: number | undefined): string => (n === undefined ? '—' : n.toFixed(0));
const ratio = (a: number | undefined, b: number | undefined): string =>
  a === undefined || b === undefined || b === 0 ? '—' : `${(a / b).toFixed(1)}×`;
const lines = [
  '| load | kmip-ts ops/s | p50 / p99 ms | pykmip-server ops/s | TLS ceiling ops/s | kmip-ts / pykmip | kmip-ts / ceiling |',
  '|---|---|---|---|---|---|---|',
  ...rows.map((r) =>
    [
      r.name,
      fmt(r.ours?.total.opsPerSec),
      r.ours === undefined ? '—' : `${r.ours.total.p50Ms.toFixed(2)} / ${r.ours.total.p99Ms.toFixed(2)}`,
      fmt(r.pykmip?.total.opsPerSec),
      fmt(r.ceiling?.total.opsPerSec),
      ratio(r.ours?.total.opsPerSec, r.pykmip?.total.opsPerSec),
      ratio(r.ours?.total.opsPerSec, r.ceiling?.total.opsPerSec),
    ]
      .join(' | ')
      .replace(/^/, '| ')
      .replace(/$/, ' |'),
  ),
];
const cpu = cpus();
const header = [
  '## Side by side: kmip-ts, pykmip-server and a bare TLS server',
  '',
  'Run with `npm run bench:compare` (BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_DEPTH; BENCH_IDLE_CONNECTIONS=0 skips the idle test).',
  `Machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; Node ${process.version}; ${new Date().toISOString().slice(0, 10)}.`,
  `Load: ${CONNECTIONS} TLS connections × pipeline depth ${DEPTH}, ${SECONDS} s per row, generator on the same machine (it takes part of the 2 cores).`,
  'pykmip-server rows: 4 connections, depth 1 (it serves one request at a time per connection).',
  `Disk: ${disk.toFixed(0)} appends of 4 KiB, each with fdatasync, per second (before the run); load average at the end ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}.`,
  '',
];
const idleLines =
  idle === undefined
    ? []
    : [
        '',
        `Idle connections: ${idle.ours.connections} TLS connections held open against one worker (${idle.ours.resumed} of them resumed a TLS session).`,
        '',
        '| server | RSS before | RSS with the connections open | per connection |',
        '|---|---|---|---|',
        ...[
          ['kmip-ts (one worker)', idle.ours],
          ['bare node TLS server (no KMIP)', idle.bare],
        ].map(([name, r]) => {
          const x = r as IdleResult;
          const per = ((x.serverRssMiB - x.serverRssMiBBefore) * 1024) / Math.max(1, x.connections);
          return `| ${name as string} | ${x.serverRssMiBBefore} MiB | ${x.serverRssMiB} MiB | ${per.toFixed(1)} KiB |`;
        }),
      ];
// What bounds a missed target is written by hand after the section (it depends on the run).
const table = [...header, ...lines, ...idleLines, ''].join('\n');
console.log(table);
writeResultsSection('compare', table);

// `npm run soak -- --minutes N`: runs kmip-server (one worker, SQLite) under a steady mixed load
// for N minutes with clients that misbehave alongside (reconnects, a byte-at-a-time sender, clients
// that drop mid-request), and records every minute the server's resident memory (all, and the
// anonymous part: the file-backed part is SQLite's memory map of a growing database), its heap
// after a full GC, its open file descriptors and the load's p99 latency. The verdict compares the
// last minute with the end of warm-up: a third of the run, and not before the database has grown
// past SQLite's 64 MiB page cache (anonymous memory grows with the database until then, by design).
// A drift over 10 % in heap, anonymous memory or descriptors is flagged as a leak to find.
// Options: --minutes N (60) --connections N (4) --pause-ms MS (100) --json FILE, --record (write
// the run into bench/RESULTS.md's soak section).
import { spawn, type ChildProcess } from 'node:child_process';
import {
  createWriteStream,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ConnectionOptions } from 'node:tls';
import { recordSoak, sampleRow, TABLE_HEADER, verdictOf, type Sample } from './soak-report.js';
import {
  droppingClient,
  makeActiveKeys,
  reconnectingClient,
  slowClient,
  steadyClient,
  Tally,
} from './soak-clients.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const i = args.indexOf(`--${name}`);
  const v = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} takes a positive number`);
  return v;
};
const minutes = option('minutes', 60);
const connections = option('connections', 4);
const pauseMs = option('pause-ms', 100);
const jsonIndex = args.indexOf('--json');
const jsonOut = jsonIndex >= 0 ? args[jsonIndex + 1] : undefined;
const record = args.includes('--record');
const startedAt = new Date();

async function startServer(dataDir: string): Promise<{ child: ChildProcess; port: number }> {
  const conf = join(dataDir, 'server.conf');
  writeFileSync(conf, '[server]\n');
  const probe = join(process.cwd(), 'bench', 'soak-probe.mjs');
  const child = spawn(
    process.execPath,
    [
      '--openssl-legacy-provider',
      '--expose-gc',
      '--import',
      probe,
      join(process.cwd(), 'dist', 'cli', 'kmip-server.js'),
      ...['-p', '0', '--data-dir', dataDir, '-f', conf, '-v', 'INFO', '--workers', '1'],
    ],
    { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] },
  );
  const log = createWriteStream(join(dataDir, 'server.log'));
  let seen = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`kmip-server did not start:\n${seen}`)), 60_000);
    child.stderr?.on('data', (d: Buffer) => {
      log.write(d);
      if (seen.length > 100_000) return;
      seen += d.toString();
      const m = /listening on [^\s]+:(\d+)/.exec(seen);
      if (m !== null) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`kmip-server exited with ${code}:\n${seen}`)));
  });
  return { child, port };
}

function heapOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not report its heap')), 30_000);
    const onMessage = (m: unknown): void => {
      const s = m as { kind?: unknown; heapUsed?: unknown };
      if (s.kind !== 'soak-sample' || typeof s.heapUsed !== 'number') return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(s.heapUsed);
    };
    child.on('message', onMessage);
    child.send('soak-sample');
  });
}

function statusKiB(pid: number, field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1] ?? 0);
}

const mib = (bytes: number): number => Math.round((bytes / 1048576) * 10) / 10;

const dataDir = mkdtempSync(join(tmpdir(), 'kmip-soak-'));
const { child, port } = await startServer(dataDir);
const pid = child.pid ?? 0;
const certs = join(dataDir, 'certs');
const tls: ConnectionOptions = {
  host: '127.0.0.1',
  port,
  servername: 'localhost',
  ca: readFileSync(join(certs, 'ca.crt')),
  cert: readFileSync(join(certs, 'client.crt')),
  key: readFileSync(join(certs, 'client.key')),
};
const tally = new Tally();
let running = true;
const isRunning = (): boolean => running;
const samples: Sample[] = [];
try {
  const active = await makeActiveKeys(tls, 20);
  const some = active[0] ?? '';
  const clients = [
    ...Array.from({ length: connections }, () => steadyClient(tls, active, tally, isRunning, pauseMs)),
    reconnectingClient(tls, some, tally, isRunning),
    slowClient(tls, some, tally, isRunning),
    droppingClient(tls, some, tally, isRunning),
  ];
  process.stdout.write(
    `soak: ${minutes} min, ${connections} steady connections (pause ${pauseMs} ms), kmip-server pid ${pid}, data ${dataDir}\n\n` +
      TABLE_HEADER,
  );
  for (let minute = 1; minute <= minutes; minute++) {
    await sleep(60_000);
    const heap = await heapOf(child);
    const db = join(dataDir, 'kmip.sqlite');
    const s: Sample = {
      minute,
      ops: tally.ops,
      errors: tally.errors,
      p50Ms: Math.round(tally.histogram.quantile(0.5) / 10) / 100,
      p99Ms: Math.round(tally.histogram.quantile(0.99) / 10) / 100,
      rssMiB: mib(statusKiB(pid, 'VmRSS') * 1024),
      rssAnonMiB: mib(statusKiB(pid, 'RssAnon') * 1024),
      heapMiB: mib(heap),
      fds: readdirSync(`/proc/${pid}/fd`).length,
      dbMiB: mib(statSync(db).size + (statSync(`${db}-wal`, { throwIfNoEntry: false })?.size ?? 0)),
      reconnects: tally.reconnects,
      slow: tally.slowRequests,
      drops: tally.drops,
      load1: Math.round((loadavg()[0] ?? 0) * 100) / 100,
    };
    if (tally.firstError !== undefined)
      process.stderr.write(`minute ${minute}: first error: ${tally.firstError}\n`);
    tally.reset();
    samples.push(s);
    process.stdout.write(sampleRow(s));
  }
  running = false;
  await Promise.all(clients);
} finally {
  running = false;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
}

const verdict = verdictOf(samples, minutes);
if (verdict !== undefined) {
  process.stdout.write(`\n${verdict.text}\n`);
  if (jsonOut !== undefined)
    writeFileSync(jsonOut, JSON.stringify({ minutes, connections, pauseMs, samples, verdict }, null, 2));
  if (record) recordSoak({ minutes, connections, pauseMs, samples, verdict, startedAt });
}
rmSync(dataDir, { recursive: true, force: true });

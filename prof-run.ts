import { readFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLoad } from './src/bench/load-generator.js';
const op = (process.argv[2] ?? 'get') as any;
const conns = Number(process.argv[3] ?? 16), depth = Number(process.argv[4] ?? 8), secs = Number(process.argv[5] ?? 10);
const dataDir = mkdtempSync(join(tmpdir(), 'kmip-prof-'));
writeFileSync(join(dataDir, 'server.conf'), '[server]\n');
const child = spawn(process.execPath, ['--openssl-legacy-provider', ...(process.env.PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof-srv'] : []), 'dist/cli/kmip-server.js', '-p', '0', '--data-dir', dataDir, '-f', join(dataDir, 'server.conf'), '-v', 'WARNING', '--workers', process.env.WORKERS ?? '1'], { stdio: ['ignore', 'ignore', 'pipe'] });
let out = '';
const port = await new Promise<number>((res) => child.stderr!.on('data', (d) => { out += d; const m = /port=(\d+)/.exec(out); if (m) res(Number(m[1])); }));
const certs = join(dataDir, 'certs');
try {
  const r = await runLoad({ tls: { host: '127.0.0.1', port, ca: readFileSync(join(certs, 'ca.crt')), cert: readFileSync(join(certs, 'client.crt')), key: readFileSync(join(certs, 'client.key')) }, connections: conns, depth, mix: { [op]: 1 }, durationMs: secs * 1000 });
  console.log(op, r.total.opsPerSec.toFixed(0), 'ops/s', r.total.p50Ms.toFixed(2), r.total.p99Ms.toFixed(2), 'errors', r.total.errors, r.firstError ?? '');
} finally { await new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); }); }

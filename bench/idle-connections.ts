// 10,000 idle TLS connections: opens them against one server worker (TLS sessions resumed after
// the first handshake), then reads the server's resident memory. Usage: tsx bench/idle-connections.ts [N]
import { readFileSync } from 'node:fs';
import { connect, type TLSSocket } from 'node:tls';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startLocalServer } from './local-server.js';

const BATCH = 200;

async function startCeilingProcess(
  dataDir: string,
): Promise<{ pid: number; port: number; stop: () => void }> {
  const certs = join(dataDir, 'certs');
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join('bench', 'ceiling-server.ts'),
      join(certs, 'ca.crt'),
      join(certs, 'server.crt'),
      join(certs, 'server.key'),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const port = await new Promise<number>((resolve) => {
    let out = '';
    child.stderr?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /port=(\d+)/.exec(out);
      if (m !== null) resolve(Number(m[1]));
    });
  });
  return { pid: child.pid ?? 0, port, stop: () => child.kill('SIGTERM') };
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+) kB/.exec(status);
  return m === null ? NaN : Number(m[1]) / 1024;
}

export interface IdleResult {
  readonly connections: number;
  readonly seconds: number;
  readonly resumed: number;
  readonly serverRssMiBBefore: number;
  readonly serverRssMiB: number;
}

/** Opens N idle connections to kmip-ts (or, with ceiling, the bare TLS server) and reads its RSS. */
export async function measureIdle(N: number, withCeiling: boolean): Promise<IdleResult> {
  const server = await startLocalServer(
    ['--workers', '1'],
    `max_connections = ${N + 100}\nidle_timeout = 0\n`,
  );
  // --ceiling: the same against the bare TLS server of bench/ceiling-server.ts, to see what TLS alone costs.
  const ceiling = withCeiling ? await startCeilingProcess(server.dataDir) : undefined;
  const pid = ceiling?.pid ?? server.child.pid ?? 0;
  const opts = {
    host: '127.0.0.1',
    port: ceiling?.port ?? server.port,
    ca: readFileSync(server.certs.ca),
    cert: readFileSync(server.certs.cert),
    key: readFileSync(server.certs.key),
  };
  const sockets: TLSSocket[] = [];
  let session: Buffer | undefined;
  const before = rssMiB(pid);
  const started = performance.now();
  try {
    for (let i = 0; i < N; i += BATCH) {
      await Promise.all(
        Array.from(
          { length: Math.min(BATCH, N - i) },
          () =>
            new Promise<void>((resolve, reject) => {
              const s = connect({ ...opts, ...(session !== undefined ? { session } : {}) });
              s.once('session', (sess: Buffer) => (session ??= sess));
              s.once('secureConnect', () => resolve());
              s.once('error', reject);
              sockets.push(s);
            }),
        ),
      );
      if ((i / BATCH) % 10 === 0)
        process.stderr.write(`\r${sockets.length} connections, server RSS ${rssMiB(pid).toFixed(0)} MiB   `);
    }
    const seconds = (performance.now() - started) / 1000;
    await new Promise((r) => setTimeout(r, 2000));
    const after = rssMiB(pid);
    const resumed = sockets.filter((s) => s.isSessionReused()).length;
    process.stderr.write('\n');
    return {
      connections: sockets.length,
      seconds: Number(seconds.toFixed(1)),
      resumed,
      serverRssMiBBefore: Number(before.toFixed(0)),
      serverRssMiB: Number(after.toFixed(0)),
    };
  } finally {
    for (const s of sockets) s.destroy();
    ceiling?.stop();
    await server.stop();
  }
}

if (process.argv[1]?.endsWith('idle-connections.ts') === true) {
  const n = Number(process.argv[2] ?? 10_000);
  console.log(JSON.stringify(await measureIdle(n, process.argv.includes('--ceiling')), null, 2));
}

// Starts the real pykmip-server (Debian python3-pykmip 0.10) on a free port with a throw-away
// configuration: demo certificates, a fresh SQLite database, a policy directory holding the interop
// policy, and a log file. Used to check the interop harness itself against PyKMIP's own server.
//
// Quirks, all handled by configuration (the package is not patched):
// - No flag sets every setting: the config file (-f) carries them, and -l moves the log away from
//   /var/log/pykmip/server.log, which it otherwise creates.
// - auth_suite=TLS1.2 (PROTOCOL_TLSv1_2 and a list of TLS 1.2 cipher suites): Python 3.11's
//   ssl.wrap_socket, still present there (removed in 3.12), handles it; Basic works too.
// - enable_tls_client_auth=True makes the server demand the clientAuth extended key usage; the demo
//   client certificates carry it. The client identity is the certificate's CN.
// - The entry point always watches the policy directory and reads it only after about a second,
//   so readiness waits for the "Loading policy: interop-shared" line, not just the listening one.
// - SIGTERM only takes effect at the next accept() timeout (10 s); SIGINT interrupts accept() at
//   once. The server forks a multiprocessing manager and a policy monitor: it runs in its own
//   process group so stop() can end all of them.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureDemoCertificates, type DemoCertificates } from '../../src/transport/demo-certs.js';
import { INTEROP_SHARED_POLICY, writeInteropPolicy } from './interop-policy.js';
import type { DriverTarget } from './run-driver.js';

export const PYKMIP_SERVER_BIN = process.env['PYKMIP_SERVER'] ?? '/usr/bin/pykmip-server';

export interface RunningPykmipServer {
  readonly host: string;
  readonly port: number;
  readonly dir: string;
  readonly logPath: string;
  readonly certs: DemoCertificates;
  /** Host, port and certificates for runScenario (identity A = demo-client, B = demo-client-2). */
  readonly target: DriverTarget;
  /** The server's log so far (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

export interface PykmipServerOptions {
  /** Where certificates are kept (made on first use); default: inside the temporary directory. */
  readonly certDir?: string;
  readonly readyTimeoutMs?: number;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function serverConfig(port: number, certs: DemoCertificates, dir: string): string {
  return [
    '[server]',
    'hostname=127.0.0.1',
    `port=${port}`,
    `certificate_path=${certs.server.cert}`,
    `key_path=${certs.server.key}`,
    `ca_path=${certs.ca.cert}`,
    'auth_suite=TLS1.2',
    `policy_path=${join(dir, 'policies')}`,
    'enable_tls_client_auth=True',
    'logging_level=DEBUG',
    `database_path=${join(dir, 'pykmip.db')}`,
    '',
  ].join('\n');
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is already gone
  }
}

export async function startPykmipServer(opts: PykmipServerOptions = {}): Promise<RunningPykmipServer> {
  // A short name: the server's temp directory is this one (below), and Python's multiprocessing
  // puts Unix sockets in it, whose paths must stay under 108 bytes.
  const dir = mkdtempSync(join(tmpdir(), 'pykmip-'));
  const certs = await ensureDemoCertificates(opts.certDir ?? join(dir, 'certs'));
  writeInteropPolicy(join(dir, 'policies'));
  const port = await freePort();
  const configPath = join(dir, 'server.conf');
  const logPath = join(dir, 'server.log');
  writeFileSync(configPath, serverConfig(port, certs, dir));

  let output = '';
  // Python's multiprocessing makes pymp-* directories in TMPDIR and removes them only at a clean
  // exit: the server's temp directory is `dir`, which stop() removes however the server stopped.
  const child = spawn(PYKMIP_SERVER_BIN, ['-f', configPath, '-l', logPath], {
    cwd: dir,
    env: { ...process.env, TMPDIR: dir },
    detached: true, // own process group: see stop()
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const log = (): string => (existsSync(logPath) ? readFileSync(logPath, 'utf8') : '');

  const stop = async (): Promise<void> => {
    if (!exited(child)) {
      const closed = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      signalGroup(child, 'SIGINT');
      const finished = await Promise.race([closed.then(() => true), sleep(15_000).then(() => false)]);
      if (!finished) signalGroup(child, 'SIGKILL');
      await Promise.race([closed, sleep(5_000)]);
    }
    signalGroup(child, 'SIGKILL'); // leftovers: the policy monitor or the manager
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (opts.readyTimeoutMs ?? 30_000);
  for (;;) {
    const text = log();
    if (
      text.includes('Starting connection service') &&
      text.includes(`Loading policy: ${INTEROP_SHARED_POLICY}`)
    ) {
      break;
    }
    if (exited(child) || Date.now() > deadline) {
      const why = exited(child) ? `exited (${child.exitCode ?? child.signalCode})` : 'not ready in time';
      const detail = `${output}\n${text}`.trim().slice(-3000);
      await stop();
      throw new Error(`pykmip-server ${why}:\n${detail}`);
    }
    await sleep(100);
  }

  const target: DriverTarget = {
    host: '127.0.0.1',
    port,
    caCerts: certs.ca.cert,
    certFile: certs.client.cert,
    keyFile: certs.client.key,
    certFile2: certs.client2.cert,
    keyFile2: certs.client2.key,
  };
  return { host: '127.0.0.1', port, dir, logPath, certs, target, log, stop };
}

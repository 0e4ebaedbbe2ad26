// The built commands (dist/cli/kmip.js, dist/cli/kmip-server.js) run as a user runs them: a
// separate process, arguments, environment, working directory, standard input; the exit status,
// standard output and standard error come back. `npm test` builds first; a targeted run says
// when dist/ is older than the sources.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { staleReason } from '../../scripts/build-state.mjs';

export const REPO = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
export const KMIP_JS = join(REPO, 'dist', 'cli', 'kmip.js');
export const KMIP_SERVER_JS = join(REPO, 'dist', 'cli', 'kmip-server.js');

/** A port nothing listens on right now (for a server whose port must be known beforehand). */
export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as { port: number };
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/** Throws when dist/ does not match the sources (the tests would run old code). */
export function requireBuilt(): void {
  const reason = staleReason(REPO);
  if (reason !== undefined) throw new Error(`dist/ is out of date (${reason}): run npm run build first`);
}

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Standard output as bytes (raw output). */
  readonly bytes: Buffer;
}

export interface RunOptions {
  /** Added to this process's environment (set HOME to keep a user's ~/.pykmip out). */
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  readonly input?: string | Buffer;
  readonly timeoutMs?: number;
}

function run(entry: string, args: readonly string[], o: RunOptions): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      ['--openssl-legacy-provider', entry, ...args],
      {
        env: { ...process.env, KMIP_MASTER_KEY: '', KMIP_SERVER_CONFIG: '', ...o.env },
        cwd: o.cwd ?? REPO,
        encoding: 'buffer',
        timeout: o.timeoutMs ?? 90_000,
        maxBuffer: 64 << 20,
      },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : 1;
        resolve({ code, stdout: stdout.toString(), stderr: stderr.toString(), bytes: stdout });
      },
    );
    child.stdin?.end(o.input);
  });
}

/** `kmip ARGS…`. */
export function kmip(args: readonly string[], o: RunOptions = {}): Promise<Run> {
  return run(KMIP_JS, args, o);
}

/** `kmip-server ARGS…` to completion (a subcommand, or a start that must fail). */
export function kmipServer(args: readonly string[], o: RunOptions = {}): Promise<Run> {
  return run(KMIP_SERVER_JS, args, o);
}

export interface ServerRun {
  readonly child: ChildProcess;
  readonly port: number;
  /** Standard error so far. */
  output(): string;
  /** SIGTERM, then the exit status. */
  stop(): Promise<number | null>;
}

/** Starts `kmip-server ARGS…` and waits for its "listening" line. */
export function startKmipServerProcess(args: readonly string[], o: RunOptions = {}): Promise<ServerRun> {
  const child = spawn(process.execPath, ['--openssl-legacy-provider', KMIP_SERVER_JS, ...args], {
    env: { ...process.env, KMIP_MASTER_KEY: '', KMIP_SERVER_CONFIG: '', ...o.env },
    cwd: o.cwd ?? REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async (): Promise<number | null> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    return exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kmip-server did not start in time:\n${out}`));
    }, o.timeoutMs ?? 90_000);
    const check = (): void => {
      const m = /kmip-server listening on [^\s]+:(\d+)/.exec(out);
      if (m === null) return;
      clearTimeout(timer);
      child.stderr?.off('data', check);
      resolve({ child, port: Number(m[1]), output: () => out, stop });
    };
    child.stderr?.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`kmip-server exited with ${code} before listening:\n${out}`));
    });
  });
}

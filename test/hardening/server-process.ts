// The real kmip-server as a child process (node + tsx on src/cli/kmip-server.ts), for the tests
// that kill it, restart it and run its subcommands: port 0, the port read from its log line.
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
const CLI = join(REPO, 'src', 'cli', 'kmip-server.ts');
const NODE_ARGS = ['--openssl-legacy-provider', '--import', 'tsx', CLI];

export interface ServerProcess {
  readonly proc: ChildProcess;
  readonly port: number;
  /** Everything written to standard error so far. */
  log(): string;
  /** Resolves with the exit code (or signal) when the process ends. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts `kmip-server --data-dir DIR -n 127.0.0.1 -p 0 ...args` and waits for it to listen. */
export function startServerProcess(
  dataDir: string,
  args: readonly string[] = [],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 60_000,
): Promise<ServerProcess> {
  const proc = spawn(
    process.execPath,
    [...NODE_ARGS, '--data-dir', dataDir, '-n', '127.0.0.1', '-p', '0', ...args],
    {
      cwd: REPO,
      env: { ...process.env, KMIP_MASTER_KEY: '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`kmip-server did not start in ${timeoutMs} ms:\n${stderr}`));
    }, timeoutMs);
    proc.stderr?.setEncoding('utf8');
    proc.stderr?.on('data', (chunk: string) => {
      stderr += chunk;
      const m = /kmip-server listening on [^\s]+:(\d+)/.exec(stderr);
      if (m?.[1] !== undefined) {
        clearTimeout(timer);
        resolve({ proc, port: Number(m[1]), log: () => stderr, exited });
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`kmip-server exited (${code ?? signal}) before listening:\n${stderr}`));
    });
  });
}

/** Runs kmip-server to completion (a subcommand, or a start that must fail). */
export function runServerCommand(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 60_000,
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [...NODE_ARGS, ...args], {
    cwd: REPO,
    env: { ...process.env, KMIP_MASTER_KEY: '', ...env },
    encoding: 'utf8',
    timeout: timeoutMs,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** runServerCommand without blocking this process's event loop (a load keeps running meanwhile). */
export function runServerCommandAsync(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 60_000,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...NODE_ARGS, ...args],
      {
        cwd: REPO,
        env: { ...process.env, KMIP_MASTER_KEY: '', ...env },
        encoding: 'utf8',
        timeout: timeoutMs,
      },
      (err, stdout, stderr) => {
        const code = (err as { code?: unknown } | null)?.code;
        resolve({ status: err === null ? 0 : typeof code === 'number' ? code : null, stdout, stderr });
      },
    );
  });
}

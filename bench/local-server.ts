// Starts this project's server for a benchmark: demo certificates and a SQLite database in a
// temporary directory, in a child process (so the load generator does not share its event loop).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LocalServer {
  readonly port: number;
  readonly dataDir: string;
  readonly certs: { ca: string; cert: string; key: string };
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * `dataDir`: reuse a data directory (its certificates, master key and database), which stays;
 * default a new temporary one, removed when the server stops.
 */
export async function startLocalServer(
  extraArgs: readonly string[] = [],
  conf = '',
  given?: string,
): Promise<LocalServer> {
  const dataDir = given ?? mkdtempSync(join(tmpdir(), 'kmip-bench-'));
  const removeOwnDir = (): void => {
    if (given === undefined) rmSync(dataDir, { recursive: true, force: true });
  };
  writeFileSync(join(dataDir, 'server.conf'), `[server]\n${conf}`);
  const entry = join(process.cwd(), 'dist', 'cli', 'kmip-server.js');
  const child = spawn(
    process.execPath,
    [
      '--openssl-legacy-provider',
      entry,
      '-p',
      '0',
      '--data-dir',
      dataDir,
      '-f',
      join(dataDir, 'server.conf'),
      '-v',
      'WARNING',
      ...extraArgs,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let out = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000);
    child.stderr?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /port=(\d+)/.exec(out);
      if (m !== null) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (code) => {
      removeOwnDir();
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  const certs = join(dataDir, 'certs');
  return {
    port,
    dataDir,
    certs: { ca: join(certs, 'ca.crt'), cert: join(certs, 'client.crt'), key: join(certs, 'client.key') },
    child,
    stop: () =>
      new Promise((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', () => {
          removeOwnDir();
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

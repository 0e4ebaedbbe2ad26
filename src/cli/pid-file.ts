// The running server's process id in a file (pid_file, default <data_dir>/kmip-server.pid), so
// that `kmip-server reload` can find the process to signal. Written once the server listens,
// removed when it stops (only while it still names this process).
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** pid_file, or kmip-server.pid in the data directory. */
export function pidFilePath(config: {
  readonly pidFile: string | undefined;
  readonly dataDir: string;
}): string {
  return config.pidFile ?? join(config.dataDir, 'kmip-server.pid');
}

export function writePidFile(path: string): void {
  writeFileSync(path, `${process.pid}\n`, { mode: 0o644 });
}

export function removePidFile(path: string): void {
  try {
    if (readFileSync(path, 'utf8').trim() === String(process.pid)) rmSync(path, { force: true });
  } catch {
    // Already gone.
  }
}

/** The process the file names when it is running; otherwise why not, for the message. */
export function runningPid(path: string): { readonly pid: number } | { readonly problem: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').trim();
  } catch {
    return { problem: `no pid file at ${path}: is kmip-server running with this data_dir (or pid_file)?` };
  }
  const pid = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(pid) || pid <= 1) return { problem: `${path} does not hold a process id` };
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as { code?: unknown }).code !== 'EPERM')
      return { problem: `${path} names process ${pid}, which is not running (a stale pid file)` };
  }
  return { pid };
}

// Worker processes for kmip-server (node:cluster): the primary forks them, they share the
// listening sockets and the store (SQLite in WAL mode, or PostgreSQL), and the primary restarts a
// worker that dies, forwards SIGTERM/SIGINT (stop), SIGHUP (reload certificates, CRLs and master
// keys) and SIGUSR1 (reopen the log file), and exits once every worker has finished its requests
// in flight.
import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import type { Logger } from '../log/logger.js';

export interface ListeningMessage {
  readonly kind: 'listening';
  readonly address: string;
  readonly port: number;
  /** The HTTPS listener's port, when there is one. */
  readonly httpsPort?: number | undefined;
}

/** Where the workers listen, once they all do. */
export type ListeningAddresses = Omit<ListeningMessage, 'kind'>;

export interface PrimaryHooks {
  /** A worker died after start-up and another was forked. */
  readonly onRestart?: () => void;
  /** Any other message from a worker (rate-limit leases, cluster-rate-limit.ts). */
  readonly onMessage?: (worker: Worker, message: unknown) => void;
}

/** How many workers a `workers` setting means: 0 = one per CPU core. */
export function workerCount(setting: number): number {
  return setting === 0 ? availableParallelism() : setting;
}

export function isWorkerProcess(): boolean {
  return cluster.isWorker;
}

/** Tells the primary this worker listens. */
export function reportListening(where: ListeningAddresses): void {
  const message: ListeningMessage = { kind: 'listening', ...where };
  process.send?.(message);
}

function isListening(m: unknown): m is ListeningMessage {
  return typeof m === 'object' && m !== null && (m as { kind?: unknown }).kind === 'listening';
}

/**
 * Runs the primary: forks `workers` workers, calls `onReady` once all listen, and resolves with
 * the exit code when a signal has stopped them all.
 */
export function runPrimary(
  workers: number,
  log: Logger,
  onReady: (where: ListeningAddresses) => void,
  hooks: PrimaryHooks = {},
): Promise<number> {
  let stopping = false;
  let listening = 0;
  const live = new Set<Worker>();
  return new Promise((resolve, reject) => {
    const fork = (): void => {
      const w = cluster.fork();
      live.add(w);
      w.on('message', (m: unknown) => {
        if (!isListening(m)) {
          hooks.onMessage?.(w, m);
          return;
        }
        listening++;
        if (listening === workers) onReady(m);
      });
      w.on('exit', (code, signal) => {
        live.delete(w);
        if (stopping) {
          if (live.size === 0) resolve(0);
          return;
        }
        if (listening < workers) {
          // A worker that dies before the server is up will die again: give up.
          stopping = true;
          for (const other of live) other.process.kill('SIGTERM');
          reject(
            new Error(
              `a worker exited during start-up (${signal ?? `status ${code}`}); see its output above`,
            ),
          );
          return;
        }
        log.error('worker died; starting another', { pid: w.process.pid, code, signal });
        hooks.onRestart?.();
        fork();
      });
    };
    const stop = (signal: NodeJS.Signals): void => {
      if (stopping) return;
      stopping = true;
      log.info(`${signal}: stopping ${live.size} workers after their requests in flight`);
      for (const w of live) w.process.kill('SIGTERM');
      if (live.size === 0) resolve(0);
    };
    process.on('SIGTERM', () => stop('SIGTERM'));
    process.on('SIGINT', () => stop('SIGINT'));
    // SIGHUP rereads the TLS material (certificates, CRLs) and the master keys, SIGUSR1 reopens
    // the log file: each worker for itself.
    for (const signal of ['SIGHUP', 'SIGUSR1'] as const) {
      process.on(signal, () => {
        for (const w of live) w.process.kill(signal);
      });
    }
    for (let i = 0; i < workers; i++) fork();
  });
}

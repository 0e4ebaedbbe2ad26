// Worker processes for kmip-server (node:cluster): the primary forks them, they share the
// listening socket and the store (SQLite in WAL mode, or PostgreSQL), and the primary restarts a
// worker that dies, forwards SIGTERM/SIGINT, and exits once every worker has finished its
// requests in flight.
import cluster, { type Worker } from 'node:cluster';
import { availableParallelism } from 'node:os';
import type { Logger } from '../engine/logger.js';

export interface ListeningMessage {
  readonly kind: 'listening';
  readonly address: string;
  readonly port: number;
}

/** How many workers a `workers` setting means: 0 = one per CPU core. */
export function workerCount(setting: number): number {
  return setting === 0 ? availableParallelism() : setting;
}

export function isWorkerProcess(): boolean {
  return cluster.isWorker;
}

/** Tells the primary this worker listens. */
export function reportListening(address: string, port: number): void {
  const message: ListeningMessage = { kind: 'listening', address, port };
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
  onReady: (address: string, port: number) => void,
  /** Other messages from workers (rate-limit leases, cluster-rate-limit.ts). */
  onWorkerMessage?: (worker: Worker, message: unknown) => void,
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
          onWorkerMessage?.(w, m);
          return;
        }
        listening++;
        if (listening === workers) onReady(m.address, m.port);
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
    // SIGHUP rereads the TLS material (certificates, CRLs) and the master keys: each worker does
    // it for itself.
    process.on('SIGHUP', () => {
      for (const w of live) w.process.kill('SIGHUP');
    });
    for (let i = 0; i < workers; i++) fork();
  });
}

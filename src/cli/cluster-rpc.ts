// Questions between a cluster's primary and its workers over node:cluster's IPC channel. The
// primary asks every worker (metrics, readiness): one request to every connected worker, the
// answers that come within a deadline; each worker answers the topics it registered. A worker asks
// the primary (the web console's whole-node statistics): one request, one answer or an error.
import cluster, { type Worker } from 'node:cluster';

interface RpcRequest {
  readonly kind: 'rpc-request';
  readonly id: number;
  readonly topic: string;
}

interface RpcResponse {
  readonly kind: 'rpc-response';
  readonly id: number;
  readonly value?: unknown;
  readonly error?: string;
}

function isRequest(m: unknown): m is RpcRequest {
  return typeof m === 'object' && m !== null && (m as { kind?: unknown }).kind === 'rpc-request';
}

function isResponse(m: unknown): m is RpcResponse {
  return typeof m === 'object' && m !== null && (m as { kind?: unknown }).kind === 'rpc-response';
}

const topics = new Map<string, () => Promise<unknown>>();
let answering = false;

/** In a worker: answers the primary's questions on `topic` with what `handler` resolves to. */
export function answerPrimary(topic: string, handler: () => Promise<unknown>): void {
  topics.set(topic, handler);
  if (answering) return;
  answering = true;
  process.on('message', (m: unknown) => {
    if (!isRequest(m)) return;
    const handle = topics.get(m.topic);
    const reply = (r: Omit<RpcResponse, 'kind' | 'id'>): void => {
      if (process.connected) process.send?.({ kind: 'rpc-response', id: m.id, ...r });
    };
    if (handle === undefined) {
      reply({ error: `no answer for ${m.topic}` });
      return;
    }
    handle().then(
      (value) => reply({ value }),
      (err: unknown) => reply({ error: err instanceof Error ? err.message : String(err) }),
    );
  });
}

export interface WorkerAnswers {
  /** The answers that came in time, one per worker. */
  readonly answers: readonly unknown[];
  /** Workers asked that failed to answer or answered with an error, with why. */
  readonly failures: readonly string[];
  readonly asked: number;
}

interface Pending {
  readonly waiting: Set<number>;
  readonly answers: unknown[];
  readonly failures: string[];
  readonly done: () => void;
}

let nextId = 0;
const pending = new Map<number, Pending>();
let listening = false;

/** In the primary: asks every connected worker; resolves when all answered or after timeoutMs. */
export function askWorkers(topic: string, timeoutMs = 5_000): Promise<WorkerAnswers> {
  if (!listening) {
    listening = true;
    cluster.on('message', (worker: Worker, m: unknown) => {
      if (!isResponse(m)) return;
      const p = pending.get(m.id);
      if (p === undefined || !p.waiting.delete(worker.id)) return;
      if (m.error !== undefined) p.failures.push(`worker ${worker.id}: ${m.error}`);
      else p.answers.push(m.value);
      if (p.waiting.size === 0) p.done();
    });
  }
  const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w?.isConnected() === true);
  const id = nextId++;
  return new Promise((resolve) => {
    const answers: unknown[] = [];
    const failures: string[] = [];
    const waiting = new Set(workers.map((w) => w.id));
    const done = (): void => {
      clearTimeout(timer);
      pending.delete(id);
      for (const w of waiting) failures.push(`worker ${w}: no answer within ${timeoutMs} ms`);
      resolve({ answers, failures, asked: workers.length });
    };
    const timer = setTimeout(done, timeoutMs);
    pending.set(id, { waiting, answers, failures, done });
    const request: RpcRequest = { kind: 'rpc-request', id, topic };
    if (workers.length === 0) done();
    for (const w of workers) {
      // With a callback, a channel that closed meanwhile is reported here, not as an 'error' event.
      w.send(request, (err: Error | null) => {
        if (err === null || !waiting.delete(w.id)) return;
        failures.push(`worker ${w.id}: ${err.message}`);
        if (waiting.size === 0) done();
      });
    }
  });
}

// Questions the other way: a worker asks the primary (the web console's whole-node statistics).

interface UpRequest {
  readonly kind: 'rpc-up-request';
  readonly id: number;
  readonly topic: string;
}

interface UpResponse {
  readonly kind: 'rpc-up-response';
  readonly id: number;
  readonly value?: unknown;
  readonly error?: string;
}

function isUpRequest(m: unknown): m is UpRequest {
  return typeof m === 'object' && m !== null && (m as { kind?: unknown }).kind === 'rpc-up-request';
}

function isUpResponse(m: unknown): m is UpResponse {
  return typeof m === 'object' && m !== null && (m as { kind?: unknown }).kind === 'rpc-up-response';
}

const primaryTopics = new Map<string, () => Promise<unknown>>();
let answeringWorkers = false;

/** In the primary: answers every worker's questions on `topic`. */
export function answerWorkers(topic: string, handler: () => Promise<unknown>): void {
  primaryTopics.set(topic, handler);
  if (answeringWorkers) return;
  answeringWorkers = true;
  cluster.on('message', (worker: Worker, m: unknown) => {
    if (!isUpRequest(m)) return;
    const reply = (r: Omit<UpResponse, 'kind' | 'id'>): void => {
      if (worker.isConnected()) worker.send({ kind: 'rpc-up-response', id: m.id, ...r });
    };
    const handle = primaryTopics.get(m.topic);
    if (handle === undefined) {
      reply({ error: `the primary has no answer for ${m.topic}` });
      return;
    }
    handle().then(
      (value) => reply({ value }),
      (err: unknown) => reply({ error: err instanceof Error ? err.message : String(err) }),
    );
  });
}

let nextUpId = 0;
const waitingUp = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
let listeningUp = false;

/** In a worker: asks the primary; rejects on its error or after timeoutMs. */
export function askPrimary(topic: string, timeoutMs = 5_000): Promise<unknown> {
  if (!listeningUp) {
    listeningUp = true;
    process.on('message', (m: unknown) => {
      if (!isUpResponse(m)) return;
      const w = waitingUp.get(m.id);
      if (w === undefined) return;
      waitingUp.delete(m.id);
      if (m.error !== undefined) w.reject(new Error(m.error));
      else w.resolve(m.value);
    });
  }
  const send = process.send?.bind(process);
  if (send === undefined) return Promise.reject(new Error('this process has no primary'));
  const id = nextUpId++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      waitingUp.delete(id);
      reject(new Error(`the primary did not answer ${topic} within ${timeoutMs} ms`));
    }, timeoutMs);
    waitingUp.set(id, {
      resolve: (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      reject: (e) => {
        clearTimeout(timer);
        reject(e);
      },
    });
    const request: UpRequest = { kind: 'rpc-up-request', id, topic };
    send(request, undefined, {}, (err: Error | null) => {
      if (err === null) return;
      waitingUp.delete(id);
      clearTimeout(timer);
      reject(err);
    });
  });
}

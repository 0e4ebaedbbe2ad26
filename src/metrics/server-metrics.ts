// The server's Prometheus metrics (prom-client), one registry per server: requests by operation
// and result, latency per operation, batch sizes, connections open and refused (by reason), HTTP
// statuses, store calls (latency, errors), objects by type and state, worker restarts. Counters
// and histograms are summed over a cluster's workers by the primary (cluster-metrics.ts); the
// object counts are the same in every worker (one database), so they aggregate by max.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { AnsweredRequest } from '../engine/engine.js';
import { operationName } from '../messages/operation-names.js';
import { enumValueName } from '../spec/registry.js';
import type { ListenerObserver } from '../transport/listener-events.js';
import type { ObjectCount } from '../store/store-health.js';

export interface ServerMetricsOptions {
  /** Node's process metrics (CPU, memory, event loop lag, GC) too; off by default (tests). */
  readonly processMetrics?: boolean;
  /** How long object counts are reused before the store is asked again (default 30 s). */
  readonly objectCountTtlMs?: number;
}

const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const BATCH_BUCKETS = [1, 2, 4, 8, 16, 32, 64, 128];

export class ServerMetrics implements ListenerObserver {
  readonly registry = new Registry();
  readonly #requests: Counter<'operation' | 'status' | 'reason'>;
  readonly #duration: Histogram<'operation'>;
  readonly #batchItems: Histogram;
  readonly #open: Gauge<'listener'>;
  readonly #connections: Counter<'listener'>;
  readonly #refused: Counter<'listener' | 'reason'>;
  readonly #http: Counter<'listener' | 'status'>;
  readonly #storeDuration: Histogram<'method'>;
  readonly #storeErrors: Counter<'method'>;
  readonly #restarts: Counter;
  #countObjects: (() => Promise<readonly ObjectCount[]>) | undefined;
  #counted: { at: number; counts: readonly ObjectCount[] } | undefined;

  constructor(o: ServerMetricsOptions = {}) {
    const registers = [this.registry];
    this.#requests = new Counter({
      name: 'kmip_requests_total',
      help: 'KMIP batch items answered, by operation, result status and result reason',
      labelNames: ['operation', 'status', 'reason'],
      registers,
    });
    this.#duration = new Histogram({
      name: 'kmip_request_duration_seconds',
      help: 'Time from a request message read to its response encoded, by operation ("Batch" for several items)',
      labelNames: ['operation'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.#batchItems = new Histogram({
      name: 'kmip_request_batch_items',
      help: 'Batch items per request message',
      buckets: BATCH_BUCKETS,
      registers,
    });
    this.#open = new Gauge({
      name: 'kmip_open_connections',
      help: 'Client connections open now, by listener (ttlv, https)',
      labelNames: ['listener'],
      registers,
    });
    this.#connections = new Counter({
      name: 'kmip_connections_total',
      help: 'Client connections accepted (TLS handshake and client identity passed), by listener',
      labelNames: ['listener'],
      registers,
    });
    this.#refused = new Counter({
      name: 'kmip_connections_refused_total',
      help: 'Connections refused: failed TLS handshakes by reason (CERT_HAS_EXPIRED …), CLIENT_IDENTITY, TOO_MANY_CONNECTIONS',
      labelNames: ['listener', 'reason'],
      registers,
    });
    this.#http = new Counter({
      name: 'kmip_http_responses_total',
      help: 'HTTP responses sent by the HTTPS listener, by status',
      labelNames: ['listener', 'status'],
      registers,
    });
    this.#storeDuration = new Histogram({
      name: 'kmip_store_operation_duration_seconds',
      help: 'Store calls (insert, get, update, remove, locate), by method',
      labelNames: ['method'],
      buckets: LATENCY_BUCKETS,
      registers,
    });
    this.#storeErrors = new Counter({
      name: 'kmip_store_errors_total',
      help: 'Store calls that failed, by method',
      labelNames: ['method'],
      registers,
    });
    this.#restarts = new Counter({
      name: 'kmip_worker_restarts_total',
      help: 'Worker processes that died and were replaced',
      registers,
    });
    const countObjects = (): Promise<readonly ObjectCount[]> =>
      this.#objectCounts(o.objectCountTtlMs ?? 30_000);
    new Gauge({
      name: 'kmip_objects',
      help: 'Managed objects by object type and state (counted at most once per 30 s)',
      labelNames: ['object_type', 'state'],
      aggregator: 'max',
      registers,
      async collect() {
        this.reset();
        // A database that is down must not take the other metrics with it.
        const counts = await countObjects().catch((): readonly ObjectCount[] => []);
        for (const c of counts) {
          const state = c.state === undefined ? 'none' : (enumValueName('State', c.state) ?? String(c.state));
          this.set(
            { object_type: enumValueName('ObjectType', c.objectType) ?? String(c.objectType), state },
            c.count,
          );
        }
      },
    });
    if (o.processMetrics === true) collectDefaultMetrics({ register: this.registry });
  }

  /** Where kmip_objects comes from (the store); without one it stays empty. */
  setObjectCounter(count: () => Promise<readonly ObjectCount[]>): void {
    this.#countObjects = count;
    this.#counted = undefined;
  }

  async #objectCounts(ttlMs: number): Promise<readonly ObjectCount[]> {
    const count = this.#countObjects;
    if (count === undefined) return [];
    const now = Date.now();
    if (this.#counted === undefined || now - this.#counted.at >= ttlMs) {
      this.#counted = { at: now, counts: await count() };
    }
    return this.#counted.counts;
  }

  /** The engine's observe hook. */
  requestAnswered(e: AnsweredRequest): void {
    for (const r of e.results) {
      const reason =
        r.resultReason === undefined
          ? ''
          : (enumValueName('ResultReason', r.resultReason) ?? String(r.resultReason));
      this.#requests.inc({
        operation: r.operation === undefined ? 'unknown' : operationName(r.operation),
        status: enumValueName('ResultStatus', r.resultStatus) ?? String(r.resultStatus),
        reason,
      });
    }
    const only = e.results.length === 1 ? e.results[0]?.operation : undefined;
    const operation = e.results.length > 1 ? 'Batch' : only === undefined ? 'unknown' : operationName(only);
    this.#duration.observe({ operation }, e.durationMs / 1000);
    this.#batchItems.observe(e.results.length);
  }

  connectionOpened(listener: string): void {
    this.#open.inc({ listener });
    this.#connections.inc({ listener });
  }

  connectionClosed(listener: string): void {
    this.#open.dec({ listener });
  }

  connectionRefused(listener: string, reason: string): void {
    this.#refused.inc({ listener, reason });
  }

  httpResponse(listener: string, status: number): void {
    this.#http.inc({ listener, status: String(status) });
  }

  storeCall(method: string, seconds: number, failed: boolean): void {
    this.#storeDuration.observe({ method }, seconds);
    if (failed) this.#storeErrors.inc({ method });
  }

  workerRestarted(): void {
    this.#restarts.inc();
  }
}

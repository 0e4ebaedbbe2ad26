// The admin listener's answers in a cluster's primary: /metrics sums every worker's registry and
// the primary's own (worker restarts) with prom-client's AggregatorRegistry, each metric by its
// aggregator (sum unless it says otherwise); /readyz is ready when every live worker is.
import { AggregatorRegistry, Gauge } from 'prom-client';
import type { AdminHandlers, Readiness, ReadinessCheck } from '../transport/admin-listener.js';
import { readinessOf } from '../transport/admin-listener.js';
import type { ServerMetrics } from '../metrics/server-metrics.js';
import { answerPrimary, askWorkers } from './cluster-rpc.js';

const METRICS = 'metrics';
const READINESS = 'readiness';

export type MetricsJson = Awaited<ReturnType<ServerMetrics['registry']['getMetricsAsJSON']>>;

/** In a worker: lets the primary ask for this worker's metrics and readiness. */
export function answerAdminQuestions(metrics: ServerMetrics, readiness: () => Promise<Readiness>): void {
  answerPrimary(METRICS, () => metrics.registry.getMetricsAsJSON());
  answerPrimary(READINESS, readiness);
}

function isMetricsJson(v: unknown): v is MetricsJson {
  return Array.isArray(v);
}

function isReadiness(v: unknown): v is Readiness {
  return typeof v === 'object' && v !== null && typeof (v as { ready?: unknown }).ready === 'boolean';
}

/** One exposition from several registries' JSON: each metric by its aggregator (sum by default). */
export async function aggregateMetrics(
  parts: readonly MetricsJson[],
): Promise<{ contentType: string; body: string }> {
  const registry = AggregatorRegistry.aggregate([...parts]);
  return { contentType: registry.contentType, body: await registry.metrics() };
}

/** The node's readiness from its workers': every check must pass in every worker that was asked. */
export function combineReadiness(
  reports: readonly Readiness[],
  failures: readonly string[],
  asked: number,
): Readiness {
  const checks: Record<string, ReadinessCheck> = {
    workers: {
      ok: asked > 0 && reports.length === asked,
      detail: [`${reports.length} of ${asked} workers answered`, ...failures].join('; '),
    },
  };
  // The detail of a failing check is the first failing worker's.
  for (const r of reports) {
    for (const [name, c] of Object.entries(r.checks)) {
      const seen = checks[name];
      if (seen === undefined || (seen.ok && !c.ok)) checks[name] = c;
    }
  }
  return readinessOf(checks);
}

/** In the primary: the metrics of every worker that answered in time. */
export async function workerMetrics(timeoutMs: number): Promise<MetricsJson[]> {
  const { answers } = await askWorkers(METRICS, timeoutMs);
  return answers.filter(isMetricsJson);
}

/** The parts summed into one registry's JSON (each metric by its aggregator). */
export function aggregateMetricsJson(parts: readonly MetricsJson[]): Promise<MetricsJson> {
  return AggregatorRegistry.aggregate([...parts]).getMetricsAsJSON();
}

/** In the primary: the admin handlers over the workers' answers. */
export function clusterAdminHandlers(own: ServerMetrics, timeoutMs = 5_000): AdminHandlers {
  const reporting = new Gauge({
    name: 'kmip_workers_reporting',
    help: 'Workers whose metrics this scrape includes (the others did not answer in time)',
    registers: [own.registry],
  });
  return {
    metrics: async () => {
      const parts = await workerMetrics(timeoutMs);
      // Set before the primary's own registry is read, so this scrape carries it.
      reporting.set(parts.length);
      return aggregateMetrics([await own.registry.getMetricsAsJSON(), ...parts]);
    },
    readiness: async () => {
      const { answers, failures, asked } = await askWorkers(READINESS, timeoutMs);
      return combineReadiness(answers.filter(isReadiness), failures, asked);
    },
  };
}

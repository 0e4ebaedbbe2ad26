// What the web console's server page shows from the server's Prometheus metrics
// (src/metrics/server-metrics.ts), read from prom-client's JSON form (the same for one process and
// for a cluster, whose primary sums the workers' registries): open connections by listener,
// connections accepted, requests answered, and failed batch items by operation and result reason.
import type { Registry } from 'prom-client';
import type { OperationErrors } from './console-api.js';

export type MetricsJson = Awaited<ReturnType<Registry['getMetricsAsJSON']>>;

export interface MetricsSummary {
  readonly connections: Record<string, number>;
  readonly connectionsAccepted: number;
  readonly requestsTotal: number;
  readonly errorsTotal: number;
  readonly errors: OperationErrors[];
}

const SUCCESS = 'Success';

function valuesOf(metrics: MetricsJson, name: string): MetricsJson[number]['values'] {
  return metrics.find((m) => m.name === name)?.values ?? [];
}

const label = (v: { labels: Record<string, string | number | undefined> }, name: string): string =>
  String(v.labels[name] ?? '');

/** Batch items answered and those that did not succeed, over every operation. */
export function requestTotals(metrics: MetricsJson): { requests: number; errors: number } {
  let requests = 0;
  let errors = 0;
  for (const v of valuesOf(metrics, 'kmip_requests_total')) {
    requests += v.value;
    if (label(v, 'status') !== SUCCESS) errors += v.value;
  }
  return { requests, errors };
}

export function summarizeMetrics(metrics: MetricsJson): MetricsSummary {
  const connections: Record<string, number> = {};
  for (const v of valuesOf(metrics, 'kmip_open_connections'))
    connections[label(v, 'listener')] = (connections[label(v, 'listener')] ?? 0) + v.value;
  const connectionsAccepted = valuesOf(metrics, 'kmip_connections_total').reduce((n, v) => n + v.value, 0);
  const byKey = new Map<string, OperationErrors>();
  for (const v of valuesOf(metrics, 'kmip_requests_total')) {
    if (label(v, 'status') === SUCCESS || v.value === 0) continue;
    const operation = label(v, 'operation');
    const reason = label(v, 'reason') || label(v, 'status');
    const key = `${operation}\0${reason}`;
    const seen = byKey.get(key);
    byKey.set(key, { operation, reason, count: (seen?.count ?? 0) + v.value });
  }
  const { requests, errors } = requestTotals(metrics);
  return {
    connections,
    connectionsAccepted,
    requestsTotal: requests,
    errorsTotal: errors,
    errors: [...byKey.values()].sort((a, b) => b.count - a.count || a.operation.localeCompare(b.operation)),
  };
}

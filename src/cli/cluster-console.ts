// The web console's server page in a cluster: any worker may serve it, but the numbers are the
// whole node's. The primary keeps the request-rate history over the summed metrics of every worker
// and answers the workers' questions for it over the cluster IPC channel (cluster-rpc.ts).
import type { ServerMetrics } from '../metrics/server-metrics.js';
import type { NodeStats } from '../console/server-facts.js';
import { requestTotals } from '../console/metrics-summary.js';
import { RequestRateHistory } from '../console/request-rate.js';
import { aggregateMetricsJson, workerMetrics } from './cluster-admin.js';
import { answerWorkers, askPrimary } from './cluster-rpc.js';

const NODE_STATS = 'console-node-stats';
const TIMEOUT_MS = 5_000;

function isNodeStats(v: unknown): v is NodeStats {
  return typeof v === 'object' && v !== null && Array.isArray((v as { metrics?: unknown }).metrics);
}

/** In the primary: samples the node's request rate and answers the workers' console questions. */
export function serveConsoleStats(own: ServerMetrics, workers: number): () => void {
  const startedAt = new Date(Date.now() - process.uptime() * 1000).toISOString();
  const summed = async (): Promise<{ metrics: NodeStats['metrics']; reporting: number }> => {
    const parts = await workerMetrics(TIMEOUT_MS);
    const metrics = await aggregateMetricsJson([await own.registry.getMetricsAsJSON(), ...parts]);
    return { metrics, reporting: parts.length };
  };
  const history = new RequestRateHistory({ read: async () => requestTotals((await summed()).metrics) });
  history.start();
  answerWorkers(NODE_STATS, async (): Promise<NodeStats> => {
    const { metrics, reporting } = await summed();
    return { metrics, rate: history.samples(), startedAt, workers: { configured: workers, reporting } };
  });
  return () => history.stop();
}

/** In a worker: the node's statistics, from the primary. */
export function consoleStatsViaPrimary(): () => Promise<NodeStats> {
  return async () => {
    const answer = await askPrimary(NODE_STATS, TIMEOUT_MS * 2);
    if (!isNodeStats(answer)) throw new Error('the primary sent no node statistics');
    return answer;
  };
}

// Assembles the web console (src/console, src/transport/console-*.ts) for a running server: its
// sessions and tokens, what its server page reports (this process's metrics, or the whole
// cluster's when a primary answers for its workers) and its routes on the HTTPS listener.
import type { Engine } from './engine/engine.js';
import type { Logger } from './log/logger.js';
import type { PolicyRegistry } from './engine/policy/index.js';
import type { ServerMetrics } from './metrics/server-metrics.js';
import type { Envelope } from './store/envelope.js';
import type { Store } from './store/store.js';
import { ConsoleTokens } from './console/console-tokens.js';
import { DEFAULT_MAX_AGE_MS, SessionSigner } from './console/console-session.js';
import { policiesInForce } from './console/policy-summary.js';
import { requestTotals } from './console/metrics-summary.js';
import { RequestRateHistory } from './console/request-rate.js';
import { MasterKeySource, serverFacts, type NodeStats } from './console/server-facts.js';
import type { RequestIdentity } from './transport/http-identity.js';
import type { Route } from './transport/http-router.js';
import { ConsoleAssets } from './transport/console-assets.js';
import { consoleRoutes } from './transport/console-routes.js';
import { KMIP_TS_VERSION } from './version.js';

export interface ConsoleSettings {
  /** The key that signs session cookies; every worker of a node must have the same. */
  readonly sessionKey: Buffer;
  /** The console_tokens file; undefined: sign-in by client certificate only. */
  readonly tokensFile?: string | undefined;
  /** console_admins: identities that see the server page and everyone's audit records. */
  readonly admins?: readonly string[];
  /** A session ends after this long without a request (default 30 minutes). */
  readonly idleTimeoutMs?: number;
  /** Where the built app is (default dist/ui). */
  readonly assetsDir?: string;
  /** How often the request rate is sampled for the chart (default 10 s). */
  readonly rateSampleMs?: number;
  /** The whole node's metrics and request rate (a cluster worker asks its primary); default: this process. */
  readonly nodeStats?: () => Promise<NodeStats>;
  readonly masterKeySource?: MasterKeySource;
  readonly masterKeyFile?: string | undefined;
}

export interface ConsoleParts {
  readonly engine: Engine;
  readonly certificate: RequestIdentity;
  readonly store: Store;
  readonly storeKind: string;
  readonly databasePath: string | undefined;
  readonly envelope: Envelope;
  readonly policies: PolicyRegistry;
  readonly metrics: ServerMetrics;
  readonly auditLog: string | undefined;
  readonly log: Logger;
  readonly maxMessageSize: number;
  readonly requestTimeoutMs: number;
}

export const DEFAULT_CONSOLE_IDLE_MS = 30 * 60_000;

/** This process's metrics and request rate, as a one-process node reports them. */
export function processNodeStats(
  metrics: ServerMetrics,
  intervalMs?: number,
): {
  stats: () => Promise<NodeStats>;
  stop: () => void;
} {
  const history = new RequestRateHistory({
    read: async () => requestTotals(await metrics.registry.getMetricsAsJSON()),
    ...(intervalMs === undefined ? {} : { intervalMs }),
  });
  history.start();
  const startedAt = new Date(Date.now() - process.uptime() * 1000).toISOString();
  return {
    stats: async () => ({
      metrics: await metrics.registry.getMetricsAsJSON(),
      rate: history.samples(),
      startedAt,
      workers: { configured: 1, reporting: 1 },
    }),
    stop: () => history.stop(),
  };
}

/** The console's routes, and what to stop when the server closes. */
export function consoleSetup(
  settings: ConsoleSettings,
  parts: ConsoleParts,
): { routes: Route[]; close: () => void } {
  const idleMs = settings.idleTimeoutMs ?? DEFAULT_CONSOLE_IDLE_MS;
  const signer = new SessionSigner(settings.sessionKey, {
    idleMs,
    maxAgeMs: Math.max(idleMs, DEFAULT_MAX_AGE_MS),
  });
  const tokens =
    settings.tokensFile === undefined ? undefined : new ConsoleTokens(settings.tokensFile, parts.log);
  let nodeStats = settings.nodeStats;
  let stop = (): void => undefined;
  if (nodeStats === undefined) {
    const local = processNodeStats(parts.metrics, settings.rateSampleMs);
    nodeStats = local.stats;
    stop = local.stop;
  }
  const routes = consoleRoutes({
    engine: parts.engine,
    identity: { signer, certificate: parts.certificate, tokens },
    admins: new Set(settings.admins ?? []),
    serverInfo: serverFacts({
      version: KMIP_TS_VERSION,
      nodeStats,
      store: parts.store,
      storeKind: parts.storeKind,
      databasePath: parts.databasePath,
      envelope: parts.envelope,
      masterKeySource: settings.masterKeySource ?? MasterKeySource.File,
      masterKeyFile: settings.masterKeyFile,
      policies: () => policiesInForce(parts.policies),
      auditLog: parts.auditLog !== undefined,
    }),
    auditLog: parts.auditLog,
    assets: new ConsoleAssets(settings.assetsDir),
    log: parts.log,
    maxMessageSize: parts.maxMessageSize,
    requestTimeoutMs: parts.requestTimeoutMs,
    idleMs,
  });
  return { routes, close: stop };
}

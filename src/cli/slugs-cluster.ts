// The opt-in SLUGS cache (`slugs_cache_ttl`) across kmip-server's worker processes: the primary
// holds the one cache and answers the workers' lookups over the cluster IPC channel, so every
// worker gives the same answer (src/auth/slugs-shared-cache.ts says why).
import cluster from 'node:cluster';
import type { Logger } from '../log/logger.js';
import { enabledPlugins, type AuthenticatorOptions, type AuthPluginConfig } from '../auth/authenticator.js';
import { SlugsLookupClient, answerSlugsLookup } from '../auth/slugs-shared-cache.js';

/** In the primary: answers every worker's SLUGS lookups from one cache. */
export function serveSlugsToWorkers(
  sections: readonly AuthPluginConfig[],
  cacheTtlMs: number,
  log: Logger,
): void {
  const plugins = enabledPlugins(sections, { log, cacheTtlMs });
  if (plugins.length === 0) return;
  log.info(`SLUGS answers of known users are cached for ${cacheTtlMs} ms, in the primary process`);
  cluster.on('message', (worker, message: unknown) => {
    answerSlugsLookup(plugins, message, (answer) => {
      if (worker.isConnected()) worker.send(answer);
    });
  });
}

/** In a worker: SLUGS lookups go to the primary. */
export function slugsLookupViaPrimary(): NonNullable<AuthenticatorOptions['lookup']> {
  const client = new SlugsLookupClient((message) => {
    if (process.send === undefined) throw new Error('this process has no primary');
    process.send(message);
  });
  process.on('message', (message: unknown) => void client.receive(message));
  return (plugin, user) => client.lookup(plugin, user);
}

// Starts a throwaway PostgreSQL cluster (test/helpers/postgres.ts) for manual runs and benchmarks,
// prints its URL, and stops and removes it on Ctrl-C or SIGTERM:
//   npx tsx scripts/pg-throwaway.ts            # prints postgres://kmip@127.0.0.1:<port>/kmip
//   KMIP_DATABASE_URL=<that URL> kmip-server …
import { postgresUnavailableReason, startThrowawayPostgres } from '../test/helpers/postgres.js';

const reason = postgresUnavailableReason();
if (reason !== undefined) {
  process.stderr.write(`pg-throwaway: ${reason}\n`);
  process.exit(1);
}
const pg = await startThrowawayPostgres(process.argv[2] ?? 'kmip');
process.stdout.write(`${pg.url}\n`);
process.stderr.write(`PostgreSQL in ${pg.dir}; Ctrl-C stops and removes it\n`);
const stop = (): void => {
  void pg.stop().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
setInterval(() => undefined, 1 << 30);

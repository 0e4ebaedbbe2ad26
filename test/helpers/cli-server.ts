// A kmip-ts server for the `kmip` command's tests: started in this process (test/helpers/
// kmip-test-server.ts), with a HOME whose ~/.pykmip/pykmip.conf points at it, as a PyKMIP user
// would configure the client. Everything goes when stop() runs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startTestServer, type TestServer } from './kmip-test-server.js';
import { kmip, requireBuilt, type Run, type RunOptions } from './built-cli.js';

export interface CliServer {
  readonly server: TestServer;
  /** The HOME holding .pykmip/pykmip.conf (inside the server's scratch directory). */
  readonly home: string;
  /** `kmip ARGS…` as the configured user. */
  run(args: readonly string[], o?: RunOptions): Promise<Run>;
  /** `kmip ARGS…` that must succeed: its trimmed standard output. */
  ok(args: readonly string[], o?: RunOptions): Promise<string>;
  /** `kmip --json ARGS…` that must succeed: its result. */
  json<T>(args: readonly string[]): Promise<T>;
  stop(): Promise<void>;
}

/** Checks that dist/ is built, then starts the server. */
export async function startCliServer(): Promise<CliServer> {
  requireBuilt();
  const server = await startTestServer();
  const home = join(server.dir, 'home');
  mkdirSync(join(home, '.pykmip'), { recursive: true });
  const c = server.certs;
  writeFileSync(
    join(home, '.pykmip', 'pykmip.conf'),
    `[client]\nhost=${server.host}\nport=${server.port}\ncertfile=${c.client.cert}\nkeyfile=${c.client.key}\n` +
      `ca_certs=${c.ca.cert}\ncert_reqs=CERT_REQUIRED\nssl_version=PROTOCOL_TLS\n`,
  );
  const run = (args: readonly string[], o: RunOptions = {}): Promise<Run> =>
    kmip(args, { ...o, env: { HOME: home, ...o.env } });
  const ok = async (args: readonly string[], o?: RunOptions): Promise<string> => {
    const r = await run(args, o);
    if (r.code !== 0) throw new Error(`kmip ${args.join(' ')} exited ${r.code}: ${r.stderr}`);
    return r.stdout.trim();
  };
  return {
    server,
    home,
    run,
    ok,
    json: async <T>(args: readonly string[]) => JSON.parse(await ok(['--json', ...args])) as T,
    stop: () => server.stop(),
  };
}

// A throwaway PostgreSQL cluster for tests and benchmarks: initdb into a temporary directory,
// pg_ctl start on a free 127.0.0.1 port (unix socket in the same directory), trust
// authentication for a `kmip` superuser, durability off (it is thrown away), and stop + remove
// afterwards. Uses Debian's binaries (/usr/lib/postgresql/<version>/bin, newest first) or
// KMIP_PG_BIN. initdb refuses to run as root, so as root every server command runs as the
// `postgres` user (present once Debian's postgresql package is installed), else as `nobody`.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

export interface ThrowawayPostgres {
  /** postgres://kmip@127.0.0.1:<port>/<database> of the database made at start. */
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  /** Makes another empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** The URL of database `name` (which need not exist yet). */
  urlOf(name: string): string;
  /** Stops the server and removes the directory; safe to call twice. */
  stop(): Promise<void>;
  /** Stops the server but keeps its data: a database outage (fast shutdown, clients cut off). */
  pause(): void;
  /** Starts a paused server again, on the same port. */
  resume(): void;
}

const SUPERUSER = 'kmip';

/** The directory holding initdb and pg_ctl, or undefined when PostgreSQL is not installed. */
export function postgresBinDir(): string | undefined {
  const fromEnv = process.env.KMIP_PG_BIN;
  if (fromEnv !== undefined && fromEnv !== '')
    return existsSync(join(fromEnv, 'initdb')) ? fromEnv : undefined;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')) && existsSync(join(root, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? undefined : join(root, versions[0], 'bin');
}

/**
 * Why the PostgreSQL tests cannot run here, or undefined when they can. With
 * KMIP_REQUIRE_POSTGRES=1 (CI) nothing is skipped: a missing PostgreSQL fails the tests.
 */
export function postgresUnavailableReason(): string | undefined {
  if (postgresBinDir() !== undefined || process.env.KMIP_REQUIRE_POSTGRES === '1') return undefined;
  return "PostgreSQL binaries not found (install Debian's postgresql package, or set KMIP_PG_BIN to the directory holding initdb and pg_ctl)";
}

/** As root, the account the server commands run as; undefined when they run as ourselves. */
function serverAccount(): { name: string; uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ['postgres', 'nobody']) {
    try {
      const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
      return { name, uid, gid };
    } catch {
      // no such user: try the next one
    }
  }
  throw new Error('running as root and neither a postgres nor a nobody user exists to run initdb as');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/**
 * A throwaway cluster. Tests run it without fsync (speed); `durable` keeps PostgreSQL's defaults
 * (fsync, synchronous commit), for benchmarks comparable with SQLite's synchronous=FULL.
 */
export async function startThrowawayPostgres(database = 'kmip', durable = false): Promise<ThrowawayPostgres> {
  const bin = postgresBinDir();
  if (bin === undefined) throw new Error(postgresUnavailableReason());
  const account = serverAccount();
  // As root, under /tmp: the server account must be able to reach the directory, and TMPDIR
  // may point somewhere only root can enter.
  const dir = mkdtempSync(join(account === undefined ? tmpdir() : '/tmp', 'kmip-pg-'));
  if (account !== undefined) chownSync(dir, account.uid, account.gid);
  const data = join(dir, 'data');
  const logFile = join(dir, 'server.log');
  const run = (tool: string, args: readonly string[]): void => {
    const argv = [join(bin, tool), ...args];
    const [cmd, ...rest] = account === undefined ? argv : ['runuser', '-u', account.name, '--', ...argv];
    const r = spawnSync(cmd ?? '', rest, { encoding: 'utf8', cwd: dir });
    if (r.status !== 0) {
      const log = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
      throw new Error(`${tool} failed (${r.status ?? r.signal}): ${r.stderr}${r.stdout}${log}`);
    }
  };
  let stopped = false;
  const stopNow = (): void => {
    if (stopped) return;
    stopped = true;
    try {
      if (existsSync(join(data, 'postmaster.pid')))
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  // A test process that dies without calling stop() must not leave a server running.
  process.once('exit', stopNow);
  try {
    run('initdb', ['-D', data, '-U', SUPERUSER, '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
    let port = 0;
    const startOn = (p: number): void => {
      const options = [
        `-p ${p}`,
        '-c listen_addresses=127.0.0.1',
        `-c unix_socket_directories=${dir}`,
        ...(durable ? [] : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
        '-c max_connections=200',
      ].join(' ');
      run('pg_ctl', ['-D', data, '-l', logFile, '-w', '-t', '60', '-o', options, 'start']);
    };
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      try {
        startOn(port);
        break;
      } catch (e) {
        // Another process took the port between our probe and the server's bind: try another.
        if (attempt >= 3) throw e;
      }
    }
    const urlOf = (name: string): string => `postgres://${SUPERUSER}@127.0.0.1:${port}/${name}`;
    const createDatabase = async (name: string): Promise<string> => {
      const c = new Client({ connectionString: urlOf('postgres') });
      await c.connect();
      try {
        await c.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      } finally {
        await c.end();
      }
      return urlOf(name);
    };
    const url = await createDatabase(database);
    return {
      url,
      port,
      dir,
      createDatabase,
      urlOf,
      stop: async () => {
        process.removeListener('exit', stopNow);
        stopNow();
      },
      pause: () => run('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']),
      resume: () => startOn(port),
    };
  } catch (e) {
    process.removeListener('exit', stopNow);
    stopNow();
    throw e;
  }
}

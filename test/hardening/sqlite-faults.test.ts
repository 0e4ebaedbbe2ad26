// The SQLite database stops taking writes under a running kmip-server (one worker): its files may
// grow no more (a file size limit set on the process with prlimit: a full disk as SQLite sees it),
// or they are made immutable (chattr +i: a read-only file; root on a file system that has the flag).
// Writes get General Failure at once, reads go on, the process lives, the fault is logged once and
// /readyz says not ready (storeWrites); when the cause is gone, writes succeed again without a
// restart, /readyz is ready again, and after a restart every acknowledged key is there.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { RawKmipClient, CREATE_AES_256, uidOf, uidPayload } from './raw-client.js';
import { startServerProcess, type ServerProcess } from './server-process.js';
import { httpGet } from '../helpers/https-request.js';
import type { Readiness } from '../../src/transport/admin-listener.js';

/** /readyz of the server whose log names its admin listener. */
async function readyz(server: ServerProcess): Promise<{ status: number; body: Readiness }> {
  const port = Number(/admin listener on http:\/\/[^:]+:(\d+)/.exec(server.log())?.[1] ?? 0);
  const r = await httpGet(port, '/readyz');
  return { status: r.status, body: JSON.parse(r.body.toString('utf8')) as Readiness };
}

async function readyzUntil(server: ServerProcess, status: number): Promise<Readiness> {
  let last = await readyz(server);
  for (let i = 0; i < 100 && last.status !== status; i++) {
    await sleep(100);
    last = await readyz(server);
  }
  assert.equal(last.status, status, JSON.stringify(last.body));
  return last.body;
}

const dirs: string[] = [];
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Fault {
  readonly name: string;
  readonly skip: string | false;
  /** Makes the database files unwritable for the server process. */
  readonly apply: (pid: number, db: string) => void;
  readonly clear: (pid: number, db: string) => void;
}

const dbFiles = (db: string): string[] => [db, `${db}-wal`];

/** Why chattr +i cannot be used here, or false. */
function immutableUnavailable(): string | false {
  if (process.getuid?.() !== 0) return 'making a file immutable needs root';
  const probe = mkdtempSync(join(tmpdir(), 'kmip-chattr-'));
  const file = join(probe, 'f');
  writeFileSync(file, 'x');
  const r = spawnSync('chattr', ['+i', file]);
  spawnSync('chattr', ['-i', file]);
  rmSync(probe, { recursive: true, force: true });
  return r.status === 0
    ? false
    : `chattr +i does not work here: ${r.error?.message ?? r.stderr.toString().trim()}`;
}

const FAULTS: readonly Fault[] = [
  {
    name: 'the files may grow no more (RLIMIT_FSIZE, a full disk to SQLite)',
    skip: spawnSync('prlimit', ['--version']).status === 0 ? false : 'prlimit (util-linux) is missing',
    apply: (pid, db) => {
      const limit = Math.max(...dbFiles(db).map((f) => statSync(f).size));
      execFileSync('prlimit', ['--pid', String(pid), `--fsize=${limit}:`]);
    },
    clear: (pid) => execFileSync('prlimit', ['--pid', String(pid), '--fsize=unlimited:']),
  },
  {
    name: 'the files are read-only (chattr +i)',
    skip: immutableUnavailable(),
    apply: (_pid, db) => execFileSync('chattr', ['+i', ...dbFiles(db)]),
    clear: (_pid, db) => execFileSync('chattr', ['-i', ...dbFiles(db)]),
  },
];

for (const fault of FAULTS) {
  describe(`SQLite: ${fault.name}`, { skip: fault.skip }, () => {
    test('writes fail with General Failure, reads go on; writes resume when the cause is gone; nothing acknowledged is lost', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'kmip-sqlite-fault-'));
      dirs.push(dir);
      const db = join(dir, 'kmip.sqlite');
      const ca = join(dir, 'certs', 'ca.crt');
      const client = { cert: join(dir, 'certs', 'client.crt'), key: join(dir, 'certs', 'client.key') };
      const conf = join(dir, 'server.conf');
      writeFileSync(conf, '[server]\nadmin_port = 0\n');
      let server: ServerProcess | undefined = await startServerProcess(dir, ['-f', conf, '--workers', '1']);
      const pid = server.proc.pid ?? 0;
      const acknowledged: string[] = [];
      let faulted = false;
      try {
        const c = await RawKmipClient.connect(server.port, ca, client);
        const create = async (): Promise<ReturnType<typeof uidOf> | Error> => {
          const r = await c.op('Create', CREATE_AES_256);
          if (r.status === 'Success') return uidOf(r);
          return new Error(`${r.reason ?? ''}: ${r.message ?? ''}`);
        };
        for (let i = 0; i < 10; i++) {
          const uid = await create();
          assert.ok(typeof uid === 'string', String(uid));
          acknowledged.push(uid);
        }
        // Served once before the fault: a first Get also records that the key is no longer Fresh
        // (KMIP 2.1 §4.24), which is a write.
        assert.equal((await c.op('Get', uidPayload(acknowledged[0] ?? ''))).status, 'Success');
        fault.apply(pid, db);
        faulted = true;
        for (let i = 0; i < 5; i++) {
          const r = await create();
          if (typeof r === 'string') {
            // A commit that still fitted (the WAL had room): acknowledged, so it must survive.
            acknowledged.push(r);
            continue;
          }
          assert.ok(r instanceof Error);
          assert.match(
            r.message,
            /^GeneralFailure: the server's database cannot take writes at the moment; retry later$/,
          );
        }
        const read = await c.op('Get', uidPayload(acknowledged[0] ?? ''));
        assert.equal(read.status, 'Success', `reads go on while writes fail: ${read.xml}`);
        // The log is written asynchronously: give the line a moment on a loaded machine.
        const faultLine = /ERROR database cannot be written \(.*\): writes fail until the cause is gone/;
        for (let i = 0; i < 100 && !faultLine.test(server.log()); i++) await sleep(50);
        assert.match(server.log(), faultLine);
        assert.equal(server.proc.exitCode, null, 'the server is alive');
        const down = await readyzUntil(server, 503);
        assert.match(down.checks['storeWrites']?.detail ?? '', /^the database refuses writes since /);
        assert.equal(down.checks['store']?.ok, true, 'reads still answer');

        fault.clear(pid, db);
        faulted = false;
        let resumed: string | undefined;
        for (let i = 0; i < 20 && resumed === undefined; i++) {
          const r = await create();
          if (typeof r === 'string') resumed = r;
          else await sleep(100);
        }
        assert.ok(resumed, 'writes resume once the cause is gone, without a restart');
        acknowledged.push(resumed);
        for (let i = 0; i < 100 && !/database available again after/.test(server.log()); i++) await sleep(50);
        assert.match(server.log(), /INFO database available again after [\d.]+ s/);
        assert.equal(
          server.log().match(/ERROR database cannot be written/g)?.length,
          1,
          'one log line per fault',
        );
        await readyzUntil(server, 200);
        c.close();

        server.proc.kill('SIGTERM');
        await server.exited;
        server = await startServerProcess(dir, ['--workers', '1']);
        const again = await RawKmipClient.connect(server.port, ca, client);
        try {
          for (const uid of acknowledged) {
            const r = await again.op('Get', uidPayload(uid));
            assert.equal(r.status, 'Success', `acknowledged ${uid} is missing after the restart`);
          }
        } finally {
          again.close();
        }
      } finally {
        if (faulted) fault.clear(pid, db);
        server?.proc.kill('SIGTERM');
        await server?.exited;
        server = undefined;
      }
    });
  });
}

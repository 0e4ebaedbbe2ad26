// The request log of the real kmip-server, in both log formats: exactly one INFO line per request
// (TTLV and HTTPS, answered or refused) with identity, operation, objects, result and duration,
// and never a key or a secret. Started on 0.0.0.0 with the demo certificates and the master key it
// generated, it warns about both; on 127.0.0.1 it does not. With -l FILE, SIGUSR1 (logrotate)
// makes every process of a two-worker server write to a new file of the same name.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { REPO, startServerProcess } from '../hardening/server-process.js';
import {
  CREATE_AES_256,
  RawKmipClient,
  keyMaterialOf,
  registerSecretPayload as registerSecret,
  uidOf,
  uidPayload,
} from '../hardening/raw-client.js';
import { httpsRequestTo } from '../helpers/https-request.js';
import { MEDIA_TYPE, MessageEncoding, encodeMessage } from '../../src/notation/message-encodings.js';
import { xmlToTtlv } from '../../src/notation/xml.js';
import { requestXml } from '../helpers/engine-harness.js';
import { ensureDemoCertificates, type DemoCertificates } from '../../src/transport/demo-certs.js';

interface RequestLine {
  readonly identity: string;
  readonly operation: string | null;
  readonly uids?: string[];
  readonly status: string;
  readonly reason?: string;
  readonly durationMs: number;
  readonly transport: string;
}

/** The request lines of a log, in order, whatever the format. */
function requestLines(log: string, format: 'text' | 'json'): RequestLine[] {
  const out: RequestLine[] = [];
  for (const line of log.split('\n')) {
    if (format === 'text') {
      const m = /^\d{4}-\d\d-\d\dT[\d:.]+Z INFO request (\{.*\})$/.exec(line);
      if (m?.[1] !== undefined) out.push(JSON.parse(m[1]) as RequestLine);
    } else if (line.startsWith('{')) {
      const entry = JSON.parse(line) as RequestLine & {
        msg: string;
        level: string;
        time: string;
        pid: number;
      };
      if (entry.msg !== 'request') continue;
      assert.equal(entry.level, 'info');
      assert.ok(!Number.isNaN(Date.parse(entry.time)) && entry.pid > 0, line);
      out.push(entry);
    }
  }
  return out;
}

/** The demo certificates kmip-server made in its data directory (already there: nothing is made). */
function demoCerts(dir: string): Promise<DemoCertificates> {
  return ensureDemoCertificates(join(dir, 'certs'));
}

for (const format of ['text', 'json'] as const) {
  const exposed = format === 'text';
  test(
    `${format} log: one line per request, nothing secret${exposed ? ', warnings on 0.0.0.0' : ''}`,
    { timeout: 120_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), `kmip-request-log-${format}-`));
      const server = await startServerProcess(dir, [
        '--workers',
        '1',
        '--https-port',
        '0',
        '--log-format',
        format,
        ...(exposed ? ['-n', '0.0.0.0'] : []),
      ]);
      try {
        const certs = await demoCerts(dir);
        let httpsPort = 0;
        for (let i = 0; i < 100 && httpsPort === 0; i++) {
          httpsPort = Number(/KMIP over HTTPS on https:\/\/[^:]+:(\d+)/.exec(server.log())?.[1] ?? 0);
          if (httpsPort === 0) await sleep(50);
        }
        const secret = randomBytes(20);
        const c = await RawKmipClient.connect(server.port, certs.ca.cert, certs.client);
        let created = '';
        let keyBytes: Uint8Array = new Uint8Array();
        try {
          created = uidOf(await c.op('Create', CREATE_AES_256)) ?? '';
          keyBytes = keyMaterialOf(await c.op('Get', uidPayload(created))) ?? keyBytes;
          assert.equal((await c.op('Register', registerSecret(secret.toString('hex')))).status, 'Success');
          assert.equal((await c.op('Get', uidPayload('no-such-key'))).reason, 'ItemNotFound');
        } finally {
          c.close();
        }
        const query = xmlToTtlv(
          requestXml('Query', '<QueryFunction type="Enumeration" value="QueryOperations"/>', '2.1'),
        );
        const ok = await httpsRequestTo(httpsPort, certs, {
          headers: { 'Content-Type': MEDIA_TYPE.json },
          body: encodeMessage(MessageEncoding.Json, query),
        });
        assert.equal(ok.status, 200);
        const refused = await httpsRequestTo(httpsPort, certs, {
          headers: { 'Content-Type': 'text/plain' },
          body: 'x',
        });
        assert.equal(refused.status, 415);
        assert.ok(keyBytes.length === 32, 'the Get returned the key');

        let lines: RequestLine[] = [];
        for (let i = 0; i < 100 && (lines = requestLines(server.log(), format)).length < 6; i++)
          await sleep(50);
        await sleep(200);
        lines = requestLines(server.log(), format);
        assert.deepEqual(
          lines.map((l) => [l.operation, l.status, l.reason, l.transport]),
          [
            ['Create', 'Success', undefined, 'ttlv'],
            ['Get', 'Success', undefined, 'ttlv'],
            ['Register', 'Success', undefined, 'ttlv'],
            ['Get', 'OperationFailed', 'ItemNotFound', 'ttlv'],
            ['Query', 'Success', undefined, 'https-json'],
            [null, 'OperationFailed', 'InvalidMessage', 'https-ttlv'],
          ],
        );
        for (const l of lines) {
          assert.equal(l.identity, 'demo-client');
          assert.ok(typeof l.durationMs === 'number' && l.durationMs >= 0);
        }
        assert.deepEqual(lines[0]?.uids, [created]);
        assert.deepEqual(lines[1]?.uids, [created]);
        const log = server.log();
        for (const bytes of [Buffer.from(keyBytes), secret]) {
          for (const spelling of [
            bytes.toString('hex'),
            bytes.toString('base64'),
            bytes.toString('hex').toUpperCase(),
          ]) {
            assert.ok(!log.includes(spelling), 'no key material or secret in the log');
          }
        }
        const warned = (what: RegExp): boolean =>
          log
            .split('\n')
            .some((l) => (format === 'text' ? /^\S+ WARNING / : /"level":"warn"/).test(l) && what.test(l));
        assert.equal(warned(/demo certificates .* in use on 0\.0\.0\.0/), exposed);
        assert.equal(
          warned(/master key is .*master\.key, generated next to the database, on 0\.0\.0\.0/),
          exposed,
        );
      } finally {
        server.proc.kill('SIGTERM');
        await server.exited;
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
}

test('SIGUSR1 reopens the -l log file in the primary and every worker', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kmip-logrotate-'));
  const logPath = join(dir, 'kmip.log');
  const proc = spawn(
    process.execPath,
    [
      '--openssl-legacy-provider',
      '--import',
      'tsx',
      join(REPO, 'src', 'cli', 'kmip-server.ts'),
      ...['--data-dir', dir, '-n', '127.0.0.1', '-p', '0', '--workers', '2', '-l', logPath],
    ],
    { cwd: REPO, env: { ...process.env, KMIP_MASTER_KEY: '' }, stdio: 'ignore' },
  );
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const read = (path: string): string => (existsSync(path) ? readFileSync(path, 'utf8') : '');
  const waitFor = async (path: string, pattern: RegExp, count = 1): Promise<string> => {
    for (let i = 0; i < 600; i++) {
      const text = read(path);
      if ((text.match(new RegExp(pattern, 'g')) ?? []).length >= count) return text;
      await sleep(100);
    }
    throw new Error(`${path} never had ${count} × ${String(pattern)}:\n${read(path)}`);
  };
  try {
    const started = await waitFor(logPath, /kmip-server listening on 127\.0\.0\.1:\d+/);
    const port = Number(/kmip-server listening on 127\.0\.0\.1:(\d+)/.exec(started)?.[1]);
    const certs = await demoCerts(dir);
    const query = async (): Promise<void> => {
      const c = await RawKmipClient.connect(port, certs.ca.cert, certs.client);
      try {
        assert.equal(
          (await c.op('Query', '<QueryFunction type="Enumeration" value="QueryOperations"/>')).status,
          'Success',
        );
      } finally {
        c.close();
      }
    };
    await query();
    await waitFor(logPath, / INFO request /);

    renameSync(logPath, `${logPath}.1`);
    proc.kill('SIGUSR1');
    // The primary and both workers each reopen and say so in the new file.
    await waitFor(logPath, /SIGUSR1: reopened the log file/, 3);
    await query();
    await waitFor(logPath, / INFO request /);
    assert.equal(
      (read(`${logPath}.1`).match(/ INFO request /g) ?? []).length,
      1,
      'the old file has the first request only',
    );
    proc.kill('SIGTERM');
    assert.equal(await exited, 0);
    assert.match(read(logPath), /kmip-server stopped/);
  } finally {
    proc.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

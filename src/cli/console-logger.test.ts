// The server logger: text keeps kmip-server's line (time, level, message, fields as JSON), json
// is one pino object per line, levels filter as PyKMIP's names say, reopen follows a renamed file
// (logrotate), and a log file that cannot be opened is reported at start-up.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createServerLogger } from './console-logger.js';
import { LogFormat, LoggingLevel } from './server-settings.js';

const dir = mkdtempSync(join(tmpdir(), 'kmip-logger-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** The file's lines once `count` have been written (writes are asynchronous). */
async function linesOf(path: string, count: number): Promise<string[]> {
  const read = (): string[] =>
    existsSync(path)
      ? readFileSync(path, 'utf8')
          .split('\n')
          .filter((l) => l !== '')
      : [];
  for (let i = 0; i < 100 && read().length < count; i++) await sleep(20);
  return read();
}

test('text: "<ISO time> <LEVEL> <message> <fields as JSON>", below the level nothing', async () => {
  const path = join(dir, 'text.log');
  const log = createServerLogger({ level: LoggingLevel.Info, format: LogFormat.Text, path });
  log.debug('hidden');
  log.info('request', { identity: 'demo-client', uids: ['1'], n: 10n });
  log.warn('careful');
  log.error('broken', { error: 'x' });
  log.flush();
  await log.close();
  const lines = await linesOf(path, 3);
  assert.equal(lines.length, 3);
  assert.match(
    lines[0] ?? '',
    /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z INFO request \{"identity":"demo-client","uids":\["1"\],"n":"10"\}$/,
  );
  assert.match(lines[1] ?? '', /^\S+ WARNING careful$/);
  assert.match(lines[2] ?? '', /^\S+ ERROR broken \{"error":"x"\}$/);
});

test('json: one object per line with level, time, pid, msg and the fields', async () => {
  const path = join(dir, 'json.log');
  const log = createServerLogger({ level: LoggingLevel.Debug, format: LogFormat.Json, path });
  log.debug('opened', { remote: '127.0.0.1' });
  log.info('request', { identity: 'demo-client', status: 'Success' });
  await log.close();
  const [first, second] = (await linesOf(path, 2)).map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(
    { ...first, time: undefined },
    {
      level: 'debug',
      time: undefined,
      pid: process.pid,
      remote: '127.0.0.1',
      msg: 'opened',
    },
  );
  assert.equal(second?.['level'], 'info');
  assert.equal(second?.['identity'], 'demo-client');
  assert.ok(!Number.isNaN(Date.parse(String(second?.['time']))));
});

test('CRITICAL keeps even errors out; WARNING keeps info out', async () => {
  const path = join(dir, 'levels.log');
  const critical = createServerLogger({ level: LoggingLevel.Critical, format: LogFormat.Text, path });
  critical.error('not at CRITICAL');
  critical.flush();
  const warning = createServerLogger({ level: LoggingLevel.Warning, format: LogFormat.Json, path });
  warning.info('not at WARNING');
  warning.warn('at WARNING');
  await Promise.all([critical.close(), warning.close()]);
  const lines = await linesOf(path, 1);
  assert.equal(lines.length, 1);
  assert.match(lines[0] ?? '', /"msg":"at WARNING"/);
});

test('reopen() writes to a new file of the same name after the old one was moved', async () => {
  const path = join(dir, 'rotated.log');
  const log = createServerLogger({ level: LoggingLevel.Info, format: LogFormat.Text, path });
  log.info('before rotation');
  await linesOf(path, 1);
  renameSync(path, `${path}.1`);
  log.reopen();
  log.info('after rotation');
  await log.close();
  assert.deepEqual(
    (await linesOf(`${path}.1`, 1)).map((l) => l.replace(/^\S+ /, '')),
    ['INFO before rotation'],
  );
  assert.deepEqual(
    (await linesOf(path, 1)).map((l) => l.replace(/^\S+ /, '')),
    ['INFO after rotation'],
  );
});

test('close() writes every line, even many written at once, and drops later ones', async () => {
  const path = join(dir, 'burst.log');
  const log = createServerLogger({ level: LoggingLevel.Info, format: LogFormat.Json, path });
  for (let i = 0; i < 2000; i++) log.info('request', { i });
  await log.close();
  log.info('after close');
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '');
  assert.deepEqual(
    lines.map((l) => (JSON.parse(l) as { i: number }).i),
    Array.from({ length: 2000 }, (_, i) => i),
  );
});

test('a log file that cannot be opened is an error at once', () => {
  assert.throws(
    () =>
      createServerLogger({
        level: LoggingLevel.Info,
        format: LogFormat.Text,
        path: join(dir, 'no-such-dir', 'x.log'),
      }),
    /ENOENT/,
  );
});

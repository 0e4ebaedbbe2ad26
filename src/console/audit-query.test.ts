import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { AuditEvent } from '../engine/engine.js';
import { AuditLog, sha256Hex } from '../audit/audit-log.js';
import { Operation, ResultReason, ResultStatus } from '../spec/generated/enums.js';
import { Tag } from '../spec/generated/tags.js';
import { AuditReader, auditFiles } from './audit-query.js';

function event(i: number, identity: string, operation: number, failed = false): AuditEvent {
  return {
    time: new Date(Date.UTC(2025, 0, 1, 0, 0, i)),
    identity,
    requests: [
      {
        operation,
        payload: {
          tag: Tag.RequestPayload,
          type: 'Structure',
          value: [{ tag: Tag.UniqueIdentifier, type: 'TextString', value: `k-${i}` }],
        },
      },
    ],
    results: [
      failed
        ? {
            operation,
            resultStatus: ResultStatus.OperationFailed,
            resultReason: ResultReason.PermissionDenied,
          }
        : { operation, resultStatus: ResultStatus.Success },
    ],
  };
}

function scratch(t: { after: (f: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'kmip-audit-query-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'audit.log');
}

test('the newest matching records of every worker file, newest first, and each chain verified', async (t) => {
  const path = scratch(t);
  const main = new AuditLog(path);
  const worker = new AuditLog(`${path}.worker-2`);
  for (let i = 0; i < 30; i++) {
    const log = i % 2 === 0 ? main : worker;
    log.append(
      event(i, i % 3 === 0 ? 'alice' : 'bob', i % 5 === 0 ? Operation.Destroy : Operation.Get, i === 7),
    );
  }
  main.close();
  worker.close();
  writeFileSync(`${path}.other`, 'not ours\n');
  assert.deepEqual(
    (await auditFiles(path)).map((f) => f.slice(path.length)),
    ['', '.worker-2'],
  );
  const reader = new AuditReader(path);
  const all = await reader.query({}, 1000);
  assert.equal(all.more, false);
  assert.equal(all.records.length, 30);
  assert.deepEqual(
    all.records.map((r) => r.uids[0]),
    Array.from({ length: 30 }, (_, i) => `k-${29 - i}`),
  );
  assert.deepEqual(
    all.chains.map((c) => [c.file, c.ok, c.records]),
    [
      ['audit.log', true, 15],
      ['audit.log.worker-2', true, 15],
    ],
  );
  const alice = await reader.query({ identity: 'alice', operation: 'Destroy' }, 1000);
  assert.deepEqual(
    alice.records.map((r) => r.uids[0]),
    ['k-15', 'k-0'],
  );
  const one = await reader.query({ object: 'k-7' }, 10);
  assert.equal(one.records[0]?.reason, 'PermissionDenied');
  assert.equal(one.records[0]?.status, 'OperationFailed');
  const limited = await reader.query({ identity: 'bob' }, 3);
  assert.equal(limited.more, true);
  assert.deepEqual(
    limited.records.map((r) => r.uids[0]),
    ['k-29', 'k-28', 'k-26'],
  );
});

test('an altered line breaks its file chain, a line being written is left for later, records still read', async (t) => {
  const path = scratch(t);
  const log = new AuditLog(path);
  for (let i = 0; i < 5; i++) log.append(event(i, 'alice', Operation.Get));
  log.close();
  const lines = readFileSync(path, 'utf8').split('\n');
  lines[2] = (lines[2] ?? '').replace('"alice"', '"mallory"');
  writeFileSync(path, lines.join('\n'));
  appendFileSync(path, '{"seq":5,"partial');
  const r = await new AuditReader(path).query({}, 100);
  assert.equal(r.chains[0]?.ok, false);
  assert.equal(r.chains[0]?.line, 3);
  assert.match(r.chains[0]?.reason ?? '', /altered/);
  assert.equal(r.records.length, 5);
  assert.ok(r.records.some((x) => x.identity === 'mallory'));
});

test('no audit file yet: no records, no chains', async (t) => {
  const path = scratch(t);
  assert.deepEqual(await new AuditReader(path).query({}, 10), { records: [], more: false, chains: [] });
});

test('records are read backwards across chunks, multi-byte text intact, as many as asked', async (t) => {
  const path = scratch(t);
  const log = new AuditLog(path);
  for (let i = 0; i < 3000; i++)
    log.append(event(i, i % 2 === 0 ? 'José Müller' : 'Zoë 東京', Operation.Get));
  log.close();
  const reader = new AuditReader(path);
  const all = await reader.query({}, 5000);
  assert.equal(all.records.length, 3000);
  assert.deepEqual(
    all.records.map((r) => r.uids[0]),
    Array.from({ length: 3000 }, (_, i) => `k-${2999 - i}`),
  );
  assert.ok(all.records.every((r, i) => r.identity === ((2999 - i) % 2 === 0 ? 'José Müller' : 'Zoë 東京')));
  const tokyo = await reader.query({ identity: 'Zoë 東京' }, 2);
  assert.deepEqual(
    tokyo.records.map((r) => r.uids[0]),
    ['k-2999', 'k-2997'],
  );
  assert.equal(tokyo.more, true);
});

test('the chain is verified as the file grows; a file cut short or replaced is verified again from its start', async (t) => {
  const path = scratch(t);
  const log = new AuditLog(path);
  for (let i = 0; i < 10; i++) log.append(event(i, 'alice', Operation.Get));
  const reader = new AuditReader(path);
  assert.deepEqual(
    (await reader.query({}, 1)).chains.map((c) => [c.ok, c.records]),
    [[true, 10]],
  );
  for (let i = 10; i < 15; i++) log.append(event(i, 'alice', Operation.Get));
  log.close();
  const grown = await reader.query({}, 1);
  assert.deepEqual(
    grown.chains.map((c) => [c.ok, c.records]),
    [[true, 15]],
  );
  const written = readFileSync(path, 'utf8').split('\n');
  assert.equal(grown.chains[0]?.head, sha256Hex(written[written.length - 2] ?? ''));

  // Cut short (the last two lines removed) and written again: the new start is checked.
  const lines = readFileSync(path, 'utf8').split('\n');
  writeFileSync(path, lines.slice(0, 12).join('\n') + '\n');
  assert.deepEqual(
    (await reader.query({}, 1)).chains.map((c) => [c.ok, c.records]),
    [[true, 12]],
  );
  // An edit inside the part verified: a reader that starts afresh (a restart) sees it.
  const edited = lines.slice(0, 12);
  edited[3] = (edited[3] ?? '').replace('"alice"', '"bobby"');
  writeFileSync(path, edited.join('\n') + '\n');
  const fresh = await new AuditReader(path).query({}, 1);
  assert.equal(fresh.chains[0]?.ok, false);
  assert.equal(fresh.chains[0]?.line, 4);
});

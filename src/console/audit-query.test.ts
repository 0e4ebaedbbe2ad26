import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { AuditEvent } from '../engine/engine.js';
import { AuditLog } from '../audit/audit-log.js';
import { Operation, ResultReason, ResultStatus } from '../spec/generated/enums.js';
import { Tag } from '../spec/generated/tags.js';
import { auditFiles, queryAudit } from './audit-query.js';

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
  const all = await queryAudit(path, {}, 1000);
  assert.equal(all.matched, 30);
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
  const alice = await queryAudit(path, { identity: 'alice', operation: 'Destroy' }, 1000);
  assert.deepEqual(
    alice.records.map((r) => r.uids[0]),
    ['k-15', 'k-0'],
  );
  const one = await queryAudit(path, { object: 'k-7' }, 10);
  assert.equal(one.records[0]?.reason, 'PermissionDenied');
  assert.equal(one.records[0]?.status, 'OperationFailed');
  const limited = await queryAudit(path, { identity: 'bob' }, 3);
  assert.equal(limited.matched, 20);
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
  const r = await queryAudit(path, {}, 100);
  assert.equal(r.chains[0]?.ok, false);
  assert.equal(r.chains[0]?.line, 3);
  assert.match(r.chains[0]?.reason ?? '', /altered/);
  assert.equal(r.matched, 5);
  assert.ok(r.records.some((x) => x.identity === 'mallory'));
});

test('no audit file yet: no records, no chains', async (t) => {
  const path = scratch(t);
  assert.deepEqual(await queryAudit(path, {}, 10), { records: [], matched: 0, chains: [] });
});

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { AuditEvent } from '../engine/engine.js';
import { Operation, ResultReason, ResultStatus } from '../spec/generated/enums.js';
import { Tag } from '../spec/generated/tags.js';
import { AuditLog, sha256Hex } from './audit-log.js';
import { GENESIS } from './audit-record.js';
import { verifyAuditLog } from './audit-verify.js';
import { tempDir } from '../../test/helpers/temp-dir.js';

const uid = (v: string) => ({ tag: Tag.UniqueIdentifier, type: 'TextString' as const, value: v });

function event(i: number): AuditEvent {
  return {
    time: new Date(Date.UTC(2025, 0, 1, 0, 0, i)),
    identity: i % 2 === 0 ? 'alice' : 'bob',
    requests: [
      {
        operation: Operation.Get,
        payload: { tag: Tag.RequestPayload, type: 'Structure', value: [uid(`k-${i}`)] },
      },
    ],
    results: [
      i % 3 === 0
        ? {
            operation: Operation.Get,
            resultStatus: ResultStatus.OperationFailed,
            resultReason: ResultReason.ItemNotFound,
            resultMessage: 'no such object',
          }
        : {
            operation: Operation.Get,
            resultStatus: ResultStatus.Success,
            payload: [
              uid(`k-${i}`),
              { tag: Tag.KeyMaterial, type: 'ByteString', value: new Uint8Array(32).fill(0xab) },
            ],
          },
    ],
  };
}

function writeLog(n: number): string {
  const path = join(tempDir('kmip-audit-'), 'audit.log');
  const log = new AuditLog(path);
  for (let i = 0; i < n; i++) log.append(event(i));
  log.close();
  return path;
}

const lines = (path: string): string[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '');

test('one JSON line per operation: time, identity, operation, identifiers, result; chained by SHA-256', () => {
  const path = writeLog(4);
  const all = lines(path);
  assert.equal(all.length, 4);
  const first = JSON.parse(all[0] ?? '') as Record<string, unknown>;
  assert.deepEqual(first, {
    seq: 0,
    time: '2025-01-01T00:00:00.000Z',
    identity: 'alice',
    operation: 'Get',
    uids: ['k-0'],
    status: 'OperationFailed',
    reason: 'ItemNotFound',
    message: 'no such object',
    prev: GENESIS,
  });
  const second = JSON.parse(all[1] ?? '') as Record<string, unknown>;
  assert.equal(second.status, 'Success');
  assert.equal(second.prev, sha256Hex(all[0] ?? ''));
  assert.doesNotMatch(readFileSync(path, 'utf8'), /abab|q6ur/i, 'no key material (hex or base64) in the log');
  assert.deepEqual(verifyAuditLog(readFileSync(path, 'utf8')), {
    ok: true,
    records: 4,
    head: sha256Hex(all[3] ?? ''),
  });
});

test('a reopened log continues the chain and the sequence', () => {
  const path = writeLog(3);
  const log = new AuditLog(path);
  log.append(event(3));
  log.close();
  const r = verifyAuditLog(readFileSync(path, 'utf8'));
  assert.equal(r.ok, true);
  assert.equal(JSON.parse(lines(path)[3] ?? '').seq, 3);
});

test('verify names the line: removed, altered, reordered, truncated tail, wrong head', () => {
  const path = writeLog(6);
  const all = lines(path);
  const text = (ls: string[]): string => ls.map((l) => l + '\n').join('');
  const removed = verifyAuditLog(text([...all.slice(0, 2), ...all.slice(3)]));
  assert.deepEqual(removed.ok ? undefined : removed.line, 3);
  assert.match(removed.ok ? '' : removed.reason, /removed/);
  const altered = [...all];
  altered[3] = (altered[3] ?? '').replace('"alice"', '"mallory"').replace('"bob"', '"mallory"');
  const a = verifyAuditLog(text(altered));
  assert.deepEqual(a.ok ? undefined : [a.line, a.reason], [
    4,
    'line 4 was altered: its SHA-256 is not the prev hash line 5 recorded',
  ]);
  const first = verifyAuditLog(text(all.slice(1)));
  assert.deepEqual(first.ok ? undefined : first.line, 1);
  const swapped = [all[0], all[2], all[1], ...all.slice(3)] as string[];
  assert.equal(verifyAuditLog(text(swapped)).ok, false);
  const partial = verifyAuditLog(text(all).slice(0, -10));
  assert.deepEqual(partial.ok ? undefined : partial.line, 6);
  const ok = verifyAuditLog(text(all));
  assert.equal(ok.ok, true);
  const head = ok.ok ? ok.head : '';
  assert.equal(
    verifyAuditLog(text(all.slice(0, -1)), head).ok,
    false,
    'a removed last line is caught with the head',
  );
  assert.equal(verifyAuditLog(text(all), head).ok, true);
});

test('appending after close is ignored, not an error', () => {
  const path = writeLog(1);
  const log = new AuditLog(path);
  log.close();
  log.append(event(1));
  assert.equal(lines(path).length, 1);
});

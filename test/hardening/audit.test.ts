// The audit log of a real server (in process, TLS): one JSON line per operation with who, what,
// which object and the result; no key material; hash-chained, continued across restarts; and
// `kmip-server audit verify` passes it whole and names the line when one is removed or altered.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { randomBytes } from 'node:crypto';
import {
  RawKmipClient,
  CREATE_AES_256,
  keyMaterialOf,
  registerSecretPayload as registerSecret,
  uidOf,
  uidPayload,
} from './raw-client.js';
import { readFrames, startTestServer, tlsClient } from './server-fixture.js';
import { runServerCommand } from './server-process.js';

interface Line {
  seq: number;
  time: string;
  identity: string;
  operation: string | null;
  uids: string[];
  status: string;
  reason?: string;
  prev: string;
}

test(
  'every operation is one audit line, without key material, and audit verify checks the chain',
  { timeout: 120_000 },
  async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'kmip-audit-')), 'audit.log');
    const t = await startTestServer({ auditLog: path });
    const secret = randomBytes(24);
    const seenKeys: Buffer[] = [secret];
    let uid = '';
    try {
      const alice = await RawKmipClient.connect(t.port, t.certs.ca.cert, t.certs.client);
      const bob = await RawKmipClient.connect(t.port, t.certs.ca.cert, t.certs.client2);
      uid = uidOf(await alice.op('Create', CREATE_AES_256)) ?? '';
      const got = await alice.op('Get', uidPayload(uid));
      seenKeys.push(Buffer.from(keyMaterialOf(got) ?? []));
      assert.equal((await alice.op('Register', registerSecret(secret.toString('hex')))).status, 'Success');
      assert.equal((await bob.op('Get', uidPayload(uid))).status, 'OperationFailed');
      assert.equal((await alice.op('Destroy', uidPayload(uid))).status, 'Success');
      alice.close();
      bob.close();
      // A frame that is TTLV but not a request: audited as a refused request.
      const raw = await tlsClient(t.port, t.certs.ca.cert);
      const reply = readFrames(raw, 1);
      raw.write(Buffer.from('42007801000000084200940700000000', 'hex'));
      await reply;
      raw.destroy();
    } finally {
      await t.close();
    }
    const text = readFileSync(path, 'utf8');
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Line);
    assert.deepEqual(
      lines.map((l) => [l.seq, l.identity, l.operation, l.status, l.reason ?? null]),
      [
        [0, 'demo-client', 'Create', 'Success', null],
        [1, 'demo-client', 'Get', 'Success', null],
        [2, 'demo-client', 'Register', 'Success', null],
        [3, 'demo-client-2', 'Get', 'OperationFailed', lines[3]?.reason ?? null],
        [4, 'demo-client', 'Destroy', 'Success', null],
        [5, 'demo-client', null, 'OperationFailed', 'InvalidMessage'],
      ],
    );
    assert.ok(lines[3]?.reason !== undefined, 'a refusal names its reason');
    for (const i of [0, 1, 3, 4]) assert.deepEqual(lines[i]?.uids, [uid], `line ${i + 1} names the object`);
    for (const l of lines) assert.ok(!Number.isNaN(Date.parse(l.time)));
    for (const key of seenKeys) {
      assert.ok(key.length >= 24);
      for (const form of [key.toString('hex'), key.toString('base64'), key.subarray(0, 12).toString('hex')]) {
        assert.ok(
          !text.toLowerCase().includes(form.toLowerCase()),
          `key material (${form.slice(0, 8)}…) in the audit log`,
        );
      }
    }

    // A restart continues the chain.
    const again = await startTestServer({ auditLog: path });
    const c = await RawKmipClient.connect(again.port, again.certs.ca.cert, again.certs.client);
    await c.op('Get', uidPayload(uid));
    c.close();
    await again.close();
    const ok = runServerCommand(['audit', 'verify', path]);
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    assert.match(ok.stdout, /ok, 7 record\(s\), chain intact; head [0-9a-f]{64}/);
    const head = /head ([0-9a-f]{64})/.exec(ok.stdout)?.[1] ?? '';
    assert.match(
      again.log
        .matching(/audit log closed/)
        .map((l) => JSON.stringify(l.fields))
        .join(),
      new RegExp(head),
    );

    const all = readFileSync(path, 'utf8')
      .split('\n')
      .filter((l) => l !== '');
    const tampered = join(mkdtempSync(join(tmpdir(), 'kmip-audit-t-')), 'audit.log');
    writeFileSync(tampered, [...all.slice(0, 2), ...all.slice(3)].map((l) => l + '\n').join(''));
    const removed = runServerCommand(['audit', 'verify', tampered]);
    assert.equal(removed.status, 1);
    assert.match(removed.stdout, /audit\.log:3: .*removed/);
    writeFileSync(
      tampered,
      all.map((l, i) => (i === 1 ? l.replace('"Get"', '"Locate"') : l) + '\n').join(''),
    );
    const altered = runServerCommand(['audit', 'verify', tampered]);
    assert.equal(altered.status, 1);
    assert.match(altered.stdout, /audit\.log:2: line 2 was altered/);
    writeFileSync(
      tampered,
      all
        .slice(0, -1)
        .map((l) => l + '\n')
        .join(''),
    );
    assert.equal(
      runServerCommand(['audit', 'verify', tampered]).status,
      0,
      'a cut tail alone passes the chain…',
    );
    assert.equal(
      runServerCommand(['audit', 'verify', tampered, '--head', head]).status,
      1,
      '…but not the head check',
    );
  },
);

// Durability: the real kmip-server process under a create/destroy load is killed with SIGKILL
// mid-load, restarted on the same data directory, and asked for every object. Each key whose
// Create response reached a client must be there (Get succeeds); each whose Destroy response
// reached a client must be gone. Objects whose Destroy was still in flight may be either.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { RawKmipClient, CREATE_AES_256, uidOf, uidPayload } from './raw-client.js';
import { startServerProcess, type ServerProcess } from './server-process.js';

const dir = mkdtempSync(join(tmpdir(), 'kmip-durability-'));
const running: ServerProcess[] = [];
after(() => {
  for (const p of running) p.proc.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const CLIENTS = 4;
const IN_FLIGHT = 8;
/** Acknowledged creates before the kill. */
const KILL_AFTER = 300;

interface Ledger {
  readonly created: Set<string>;
  readonly destroyed: Set<string>;
  readonly destroyInFlight: Set<string>;
  creates: number;
}

async function load(c: RawKmipClient, ledger: Ledger, stop: () => boolean): Promise<void> {
  const lane = async (): Promise<void> => {
    while (!stop()) {
      const live = [...ledger.created].filter(
        (u) => !ledger.destroyed.has(u) && !ledger.destroyInFlight.has(u),
      );
      const victim =
        live.length > 20 && Math.random() < 0.35 ? live[Math.floor(Math.random() * live.length)] : undefined;
      if (victim === undefined) {
        const r = await c.op('Create', CREATE_AES_256);
        const uid = uidOf(r);
        assert.equal(r.status, 'Success', r.xml);
        assert.ok(uid);
        ledger.created.add(uid);
        ledger.creates++;
      } else {
        ledger.destroyInFlight.add(victim);
        const r = await c.op('Destroy', uidPayload(victim));
        assert.equal(r.status, 'Success', r.xml);
        ledger.destroyInFlight.delete(victim);
        ledger.destroyed.add(victim);
      }
    }
  };
  await Promise.allSettled(Array.from({ length: IN_FLIGHT }, lane));
}

test(
  'SIGKILL mid-load loses no acknowledged Create and resurrects no acknowledged Destroy',
  { timeout: 180_000 },
  async () => {
    const first = await startServerProcess(dir);
    running.push(first);
    const ca = join(dir, 'certs', 'ca.crt');
    const clientCert = { cert: join(dir, 'certs', 'client.crt'), key: join(dir, 'certs', 'client.key') };
    const ledger: Ledger = {
      created: new Set(),
      destroyed: new Set(),
      destroyInFlight: new Set(),
      creates: 0,
    };
    const clients = await Promise.all(
      Array.from({ length: CLIENTS }, () => RawKmipClient.connect(first.port, ca, clientCert)),
    );
    let killed = false;
    const loads = clients.map((c) => load(c, ledger, () => killed));
    while (ledger.creates < KILL_AFTER) await new Promise((r) => setTimeout(r, 5));
    // Requests are in flight on every connection at this moment.
    first.proc.kill('SIGKILL');
    killed = true;
    const exit = await first.exited;
    assert.equal(exit.signal, 'SIGKILL');
    await Promise.all(loads);
    for (const c of clients) c.close();
    assert.ok(ledger.destroyed.size > 10, `only ${ledger.destroyed.size} destroys were acknowledged`);

    const second = await startServerProcess(dir);
    running.push(second);
    const c = await RawKmipClient.connect(second.port, ca, clientCert);
    try {
      const lost: string[] = [];
      const resurrected: string[] = [];
      const checks = [...ledger.created].map(async (uid) => {
        if (ledger.destroyInFlight.has(uid)) return;
        const r = await c.op('Get', uidPayload(uid));
        if (ledger.destroyed.has(uid)) {
          if (r.status === 'Success') resurrected.push(uid);
          else assert.equal(r.reason, 'ItemNotFound', r.xml);
        } else if (r.status !== 'Success') lost.push(`${uid}: ${r.reason} ${r.message}`);
      });
      await Promise.all(checks);
      assert.deepEqual(lost, [], 'acknowledged objects lost');
      assert.deepEqual(resurrected, [], 'acknowledged destroys undone');
      assert.ok(ledger.created.size >= KILL_AFTER);
    } finally {
      c.close();
      second.proc.kill('SIGTERM');
      await second.exited;
    }
  },
);

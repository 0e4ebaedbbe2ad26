// contrib/: the systemd unit passes `systemd-analyze verify` (with ExecStart pointed at a program
// that exists here) with nothing to say, runs as the kmip user with the hardening the issue asks
// for and an exposure score systemd rates OK, and the sysusers.d file makes that user.
// Skipped where systemd's tools are not installed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { REPO } from '../hardening/server-process.js';

const UNIT = join(REPO, 'contrib', 'kmip-server.service');
const SYSUSERS = join(REPO, 'contrib', 'kmip-server.sysusers');
const tool = (name: string): boolean => spawnSync(name, ['--version']).status === 0;

/** The unit's settings of one section, as key → values. */
function section(text: string, name: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header?.[1] !== undefined) current = header[1];
    else if (current === name) {
      const eq = line.indexOf('=');
      const key = line.slice(0, eq);
      out.set(key, [...(out.get(key) ?? []), line.slice(eq + 1)]);
    }
  }
  return out;
}

/** The unit with ExecStart on node (systemd-analyze checks the program exists). */
function runnableCopy(dir: string): string {
  const path = join(dir, 'kmip-server.service');
  writeFileSync(
    path,
    readFileSync(UNIT, 'utf8').replace(
      /^ExecStart=.*$/m,
      `ExecStart=${process.execPath} ${join(REPO, 'dist', 'cli', 'kmip-server.js')}`,
    ),
  );
  return path;
}

test('the unit runs kmip-server as kmip, hardened, and stops it gracefully', () => {
  const service = section(readFileSync(UNIT, 'utf8'), 'Service');
  const one = (key: string): string | undefined => service.get(key)?.at(-1);
  assert.equal(one('User'), 'kmip');
  assert.equal(one('Group'), 'kmip');
  assert.equal(one('NoNewPrivileges'), 'yes');
  assert.equal(one('ProtectSystem'), 'strict');
  assert.equal(one('ProtectHome'), 'yes');
  assert.equal(one('PrivateTmp'), 'yes');
  assert.equal(one('CapabilityBoundingSet'), '');
  assert.equal(one('StateDirectory'), 'kmip');
  assert.equal(one('KillMode'), 'mixed', 'SIGTERM to the primary, which stops its workers');
  assert.equal(one('ExecReload'), '/bin/kill -HUP $MAINPID');
  assert.equal(service.get('MemoryDenyWriteExecute'), undefined, 'V8 needs writable executable memory');
});

describe(
  'systemd tools',
  { skip: tool('systemd-analyze') ? false : 'systemd-analyze is not installed' },
  () => {
    test('systemd-analyze verify has nothing to say; security rates the exposure OK', () => {
      const dir = mkdtempSync(join(tmpdir(), 'kmip-unit-'));
      try {
        const unit = runnableCopy(dir);
        const verify = spawnSync('systemd-analyze', ['verify', unit], { encoding: 'utf8' });
        assert.equal(verify.status, 0, verify.stderr);
        assert.equal(verify.stderr.trim(), '', 'no unknown keys, no bad values');
        const security = spawnSync('systemd-analyze', ['security', '--offline=yes', '--no-pager', unit], {
          encoding: 'utf8',
        });
        const score = /Overall exposure level for kmip-server\.service: ([\d.]+) (\w+)/.exec(security.stdout);
        assert.ok(score !== null, security.stdout + security.stderr);
        assert.ok(Number(score[1]) <= 2.0, `exposure ${score[1]} ${score[2]}`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    test(
      'the sysusers.d file makes the kmip user and group, home /var/lib/kmip, no shell',
      {
        skip: tool('systemd-sysusers') ? false : 'systemd-sysusers is not installed',
      },
      () => {
        const root = mkdtempSync(join(tmpdir(), 'kmip-sysusers-'));
        try {
          mkdirSync(join(root, 'etc'));
          for (const f of ['passwd', 'group', 'shadow', 'gshadow']) writeFileSync(join(root, 'etc', f), '');
          const r = spawnSync('systemd-sysusers', [`--root=${root}`, SYSUSERS], { encoding: 'utf8' });
          assert.equal(r.status, 0, r.stderr);
          const passwd = readFileSync(join(root, 'etc', 'passwd'), 'utf8');
          assert.match(passwd, /^kmip:x:\d+:\d+:kmip-ts KMIP server:\/var\/lib\/kmip:\/\S*nologin$/m);
          assert.match(readFileSync(join(root, 'etc', 'group'), 'utf8'), /^kmip:x:\d+:/m);
        } finally {
          rmSync(root, { recursive: true, force: true });
        }
      },
    );
  },
);

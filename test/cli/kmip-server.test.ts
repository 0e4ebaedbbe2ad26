// The server as users start it: `kmip-server` with no configuration makes a data directory with
// demo certificates, a master key and a database, listens, answers a KMIP request over mutual TLS,
// stops cleanly on SIGTERM, and reuses everything on the next start.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from 'node:tls';
import { test } from 'node:test';
import { encodeTtlv } from '../../src/ttlv/encode.js';
import { decodeTtlv } from '../../src/ttlv/decode.js';
import { xmlToTtlv, ttlvToXml } from '../../src/notation/xml.js';
import { requestXml } from '../helpers/engine-harness.js';

const SERVER = join(process.cwd(), 'src', 'cli', 'kmip-server.ts');

interface Started {
  readonly child: ChildProcess;
  readonly port: number;
  readonly output: () => string;
}

function start(dataDir: string): Promise<Started> {
  // An empty configuration file: every setting takes its default (the file names none).
  writeFileSync(join(dataDir, 'server.conf'), '[server]\n');
  const child = spawn(
    process.execPath,
    [
      '--openssl-legacy-provider',
      '--import',
      'tsx',
      SERVER,
      '-p',
      '0',
      '--data-dir',
      dataDir,
      '-f',
      join(dataDir, 'server.conf'),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, KMIP_SERVER_CONFIG: '' } },
  );
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 30 s:\n${out}`)), 30_000);
    const check = (): void => {
      const m = /listening on [^\s:]+:(\d+)/.exec(out);
      if (m !== null) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]), output: () => out });
      }
    };
    child.stderr?.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code}:\n${out}`));
    });
  });
}

function stop(s: Started): Promise<number | null> {
  return new Promise((resolve) => {
    s.child.removeAllListeners('exit');
    s.child.on('exit', (code) => resolve(code));
    s.child.kill('SIGTERM');
  });
}

async function discoverVersions(port: number, certs: string): Promise<string> {
  const socket = connect({
    host: '127.0.0.1',
    port,
    ca: readFileSync(join(certs, 'ca.crt')),
    cert: readFileSync(join(certs, 'client.crt')),
    key: readFileSync(join(certs, 'client.key')),
  });
  await new Promise<void>((resolve, reject) => socket.once('secureConnect', resolve).once('error', reject));
  socket.write(encodeTtlv(xmlToTtlv(requestXml('DiscoverVersions', '', '1.2'))));
  const chunks: Buffer[] = [];
  const reply = await new Promise<Buffer>((resolve, reject) => {
    socket.on('data', (d: Buffer) => {
      chunks.push(d);
      const all = Buffer.concat(chunks);
      if (all.length >= 8 && all.length >= 8 + all.readUInt32BE(4)) resolve(all);
    });
    socket.once('error', reject);
  });
  socket.end();
  return ttlvToXml(decodeTtlv(reply));
}

test('kmip-server starts with no configuration, answers over mutual TLS, stops on SIGTERM and reuses its data', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kmip-server-cli-'));
  const first = await start(dataDir);
  const certs = join(dataDir, 'certs');
  try {
    assert.match(first.output(), /\[client\]/, 'prints the pykmip.conf section to use');
    for (const f of ['ca.crt', 'server.crt', 'server.key', 'client.crt', 'client.key']) {
      assert.ok(statSync(join(certs, f)).isFile(), `${f} is created`);
    }
    assert.equal(statSync(join(dataDir, 'master.key')).mode & 0o777, 0o600, 'the master key is private');
    const reply = await discoverVersions(first.port, certs);
    assert.match(reply, /ResultStatus type="Enumeration" value="Success"/);
    assert.match(reply, /ProtocolVersionMajor type="Integer" value="2"/);
  } finally {
    const code = await stop(first);
    assert.equal(code, 0, `SIGTERM ends the process with status 0:\n${first.output()}`);
  }
  assert.match(first.output(), /stopped/);
  const caBefore = readFileSync(join(certs, 'ca.crt'), 'utf8');
  const keyBefore = readFileSync(join(dataDir, 'master.key'), 'utf8');
  const second = await start(dataDir);
  try {
    assert.equal(readFileSync(join(certs, 'ca.crt'), 'utf8'), caBefore, 'the demo CA is reused');
    assert.equal(readFileSync(join(dataDir, 'master.key'), 'utf8'), keyBefore, 'the master key is reused');
    assert.match(await discoverVersions(second.port, certs), /Success/);
  } finally {
    await stop(second);
  }
});

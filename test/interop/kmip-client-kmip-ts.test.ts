// The client suite (kmip-client-suite.ts) against this project's server, started in-process with
// the demo certificates, in KMIP 1.4 and 2.1; negotiation must settle on 2.1.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startKmipServer } from '../../src/server.js';
import { ensureDemoCertificates } from '../../src/transport/demo-certs.js';
import { buildTlsServerOptions } from '../../src/transport/tls-options.js';
import { silentLogger } from '../../src/engine/logger.js';
import { defineClientSuite, type SuiteServer } from './kmip-client-suite.js';

async function start(): Promise<SuiteServer> {
  const dir = mkdtempSync(join(tmpdir(), 'kmip-client-suite-'));
  const certs = await ensureDemoCertificates(join(dir, 'certs'));
  const tls = buildTlsServerOptions({
    certificatePath: certs.server.cert,
    keyPath: certs.server.key,
    caPath: certs.ca.cert,
    authSuite: 'TLS1.2',
    tlsCipherSuites: [],
  });
  const server = await startKmipServer({
    host: '127.0.0.1',
    port: 0,
    tls: tls.options,
    enableTlsClientAuth: true,
    databasePath: join(dir, 'kmip.sqlite'),
    masterKeys: [{ id: 'client-suite', key: randomBytes(32) }],
    log: silentLogger,
  });
  return {
    host: '127.0.0.1',
    port: server.address.port,
    certs,
    stop: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

defineClientSuite({
  label: 'KmipClient against kmip-ts',
  skip: undefined,
  start,
  versions: ['1.4', '2.1'],
  negotiated: '2.1',
});

// This project's server, started in-process on a free port with fresh demo certificates (mutual
// TLS, client identity from the certificate) and a throw-away SQLite database: for client and
// CLI tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startKmipServer } from '../../src/server.js';
import { ensureDemoCertificates, type DemoCertificates } from '../../src/transport/demo-certs.js';
import { buildTlsServerOptions } from '../../src/transport/tls-options.js';
import { silentLogger } from '../../src/engine/logger.js';

export interface TestServer {
  readonly host: string;
  readonly port: number;
  readonly certs: DemoCertificates;
  /** A scratch directory removed by stop(). */
  readonly dir: string;
  stop(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'kmip-test-server-'));
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
    masterKeys: [{ id: 'test', key: randomBytes(32) }],
    log: silentLogger,
  });
  return {
    host: '127.0.0.1',
    port: server.address.port,
    certs,
    dir,
    stop: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// This project's server, started in-process on a free port with demo certificates (mutual TLS,
// client identity from the certificate) and a throw-away SQLite database: the one place tests
// start a real TLS server. Options pass straight to startKmipServer.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { startKmipServer, type KmipServerOptions, type RunningServer } from '../../src/server.js';
import { ensureDemoCertificates, type DemoCertificates } from '../../src/transport/demo-certs.js';
import { TlsMaterial } from '../../src/transport/tls-material.js';
import { silentLogger } from '../../src/log/logger.js';

export interface TestServer {
  readonly host: string;
  readonly port: number;
  readonly certs: DemoCertificates;
  readonly server: RunningServer;
  /** A scratch directory removed by stop(). */
  readonly dir: string;
  stop(): Promise<void>;
}

export interface TestServerOptions {
  /** Demo certificates to reuse (made in the scratch directory when absent). */
  readonly certs?: DemoCertificates;
  /** The CA client certificates must chain to (default: the demo CA). */
  readonly caPath?: string;
  /** Revocation lists (server.reload() rereads them with the certificates). */
  readonly crlPath?: string;
  /** Anything else startKmipServer takes (policy path, limits, logger, audit log …). */
  readonly server?: Partial<Omit<KmipServerOptions, 'tls' | 'host' | 'port'>>;
  /** Files to make in the scratch directory first; the options returned are added to `server`. */
  readonly prepare?: (dir: string) => Partial<Omit<KmipServerOptions, 'tls' | 'host' | 'port'>>;
}

export async function startTestServer(o: TestServerOptions = {}): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'kmip-test-server-'));
  const certs = o.certs ?? (await ensureDemoCertificates(join(dir, 'certs')));
  const tls = TlsMaterial.fromFiles({
    certificatePath: certs.server.cert,
    keyPath: certs.server.key,
    caPath: o.caPath ?? certs.ca.cert,
    crlPath: o.crlPath,
    authSuite: 'TLS1.2',
    tlsCipherSuites: [],
  });
  const server = await startKmipServer({
    host: '127.0.0.1',
    port: 0,
    tls,
    enableTlsClientAuth: true,
    databasePath: join(dir, 'kmip.sqlite'),
    masterKeys: [{ id: 'test', key: randomBytes(32) }],
    log: silentLogger,
    ...o.server,
    ...o.prepare?.(dir),
  });
  return {
    host: '127.0.0.1',
    port: server.address.port,
    certs,
    server,
    dir,
    stop: async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

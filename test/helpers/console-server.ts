// A test server with the web console on its HTTPS listener: demo certificates, a console_tokens
// file holding one token for `operator`, `demo-client` as the console administrator, an audit
// log, all in the server's scratch directory (removed by stop()).
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { appendToken, mintToken } from '../../src/console/console-tokens.js';
import type { ConsoleSettings } from '../../src/server-console.js';
import { startTestServer, type TestServer, type TestServerOptions } from './kmip-test-server.js';

export interface ConsoleTestServer {
  readonly t: TestServer;
  /** The HTTPS listener's port. */
  readonly port: number;
  readonly origin: string;
  /** A token that signs in as `operator`. */
  readonly token: string;
  readonly tokensFile: string;
  readonly auditLog: string;
  stop(): Promise<void>;
}

export const TOKEN_IDENTITY = 'operator';
export const ADMIN_IDENTITY = 'demo-client';

export async function startConsoleServer(
  o: { readonly console?: Partial<ConsoleSettings>; readonly server?: TestServerOptions['server'] } & Omit<
    TestServerOptions,
    'server'
  > = {},
): Promise<ConsoleTestServer> {
  const { token, hash } = mintToken(TOKEN_IDENTITY);
  let tokensFile = '';
  let auditLog = '';
  const t = await startTestServer({
    ...o,
    server: { httpsPort: 0, ...o.server },
    prepare: (dir) => {
      const more = o.prepare?.(dir) ?? {};
      tokensFile = join(dir, 'console-tokens');
      auditLog = join(dir, 'audit.log');
      appendToken(tokensFile, hash, TOKEN_IDENTITY, 'test token');
      return {
        ...more,
        auditLog,
        console: {
          sessionKey: randomBytes(32),
          tokensFile,
          admins: [ADMIN_IDENTITY],
          ...o.console,
        },
      };
    },
  });
  const port = t.server.httpsAddress?.port ?? 0;
  return {
    t,
    port,
    origin: `https://127.0.0.1:${port}`,
    token,
    tokensFile,
    auditLog,
    stop: () => t.stop(),
  };
}

// `kmip-server --write-client-config [FILE] [--force]`: writes the pykmip.conf [client] section
// for this server's demo certificates (made first if missing) to FILE, by default
// ~/.pykmip/pykmip.conf — the first file PyKMIP's clients and the kmip command read. An existing
// file is kept unless --force is given. The server is not started.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { ServerConfigError } from '../config/config-error.js';
import { ensureDemoCertificates } from '../transport/demo-certs.js';
import type { ServerConfig } from './server-config.js';
import { clientHost, clientSection } from './kmip-server-announce.js';
import { serverFiles } from './kmip-server-state.js';

export function defaultClientConfigPath(env: Readonly<Record<string, string | undefined>>): string {
  return join(env['HOME'] ?? homedir(), '.pykmip', 'pykmip.conf');
}

/** Writes the file; returns the line to print. Throws ServerConfigError for what the user must change. */
export async function writeClientConfig(
  config: ServerConfig,
  target: string | undefined,
  force: boolean,
  env: Readonly<Record<string, string | undefined>>,
): Promise<string> {
  if (config.certificatePath !== undefined) {
    throw new ServerConfigError(
      'the server uses its own certificates (certificate_path): write the [client] section yourself, ' +
        "with a client certificate your CA issued ('kmip help config' lists the keys)",
      '<command line>',
      0,
      '--write-client-config',
    );
  }
  if (config.port === 0) {
    throw new ServerConfigError(
      'port 0 (any free port) cannot go in a client configuration: give the port with -p',
      '<command line>',
      0,
      '--write-client-config',
    );
  }
  const path = target === undefined ? defaultClientConfigPath(env) : resolve(target);
  if (existsSync(path) && !force) {
    throw new ServerConfigError(
      `${path} exists; --force replaces it (or give another FILE)`,
      '<command line>',
      0,
      '--write-client-config',
    );
  }
  const demo = await ensureDemoCertificates(serverFiles(config).certsDir);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, clientSection(demo, clientHost(config.hostname), config.port), { mode: 0o600 });
  return (
    `wrote ${path}: the [client] section for ${clientHost(config.hostname)}:${config.port} with the demo ` +
    `client certificate in ${demo.dir}${demo.created.length > 0 ? ' (made now)' : ''}; try \`kmip query\``
  );
}

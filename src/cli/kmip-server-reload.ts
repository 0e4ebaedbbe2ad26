// kmip-server reload [server options]: the running server rereads its certificate, key, CA bundle
// and CRLs (and the master key file) without a restart. The files are checked here first: when
// they do not make a usable TLS configuration nothing is signalled and the problem is printed.
// Otherwise the server (its pid from pid_file) gets SIGHUP; its primary passes it to every
// worker, each swaps the material in for new connections, and established connections go on.
import { join, resolve } from 'node:path';
import { parseServerArgs } from './server-config-args.js';
import { resolveServerConfig } from './server-config-resolve.js';
import { ServerConfigError } from '../config/config-error.js';
import { pairPaths } from '../transport/demo-certs.js';
import { buildTlsServerOptions } from '../transport/tls-options.js';
import { parseKeyEntries } from '../store/master-key.js';
import { masterKeyFileOf } from './master-keys-config.js';
import { existsSync, readFileSync } from 'node:fs';
import { pidFilePath, runningPid } from './pid-file.js';

export function reloadUsage(): string {
  return [
    'usage: kmip-server reload [server options]',
    '',
    '  Checks the TLS files (certificate_path, key_path, ca_path, crl_path) and the master key file,',
    '  then signals the running kmip-server (SIGHUP; its pid is in pid_file, by default',
    '  <data_dir>/kmip-server.pid) to reread them. New connections use the new material; established',
    '  ones are not interrupted. Nothing is signalled when a file is unusable.',
    '',
    'Server options (-f, --data-dir, ...) say where the files and the pid file are.',
    '',
  ].join('\n');
}

/** Runs the subcommand; `argv` is what follows `reload`. Returns the exit code. */
export function runReload(argv: readonly string[], out: (line: string) => void): number {
  try {
    return reload(argv, out);
  } catch (e) {
    process.stderr.write(`kmip-server reload: ${(e as Error).message}\nNothing was signalled.\n`);
    return 1;
  }
}

function reload(argv: readonly string[], out: (line: string) => void): number {
  const args = parseServerArgs(argv);
  if (args.help) {
    out(reloadUsage());
    return 0;
  }
  if (args.positionals.length > 0) {
    throw new ServerConfigError(`reload takes no arguments\n\n${reloadUsage()}`, '<command line>');
  }
  const config = resolveServerConfig(argv, process.env);
  const dataDir = resolve(config.dataDir);
  // Without configured certificates the server uses the demo ones in <data_dir>/certs.
  const demo = join(dataDir, 'certs');
  const tls = buildTlsServerOptions({
    ...config,
    certificatePath: config.certificatePath ?? pairPaths(demo, 'server').cert,
    keyPath: config.keyPath ?? pairPaths(demo, 'server').key,
    caPath: config.caPath ?? pairPaths(demo, 'ca').cert,
  });
  for (const w of tls.warnings) out(`warning: ${w}`);
  // The key file must still parse (a token key in it is opened by the server, not here).
  const keyFile = masterKeyFileOf(config);
  if ((process.env.KMIP_MASTER_KEY ?? '') === '' && existsSync(keyFile)) {
    parseKeyEntries(readFileSync(keyFile, 'utf8'), keyFile);
  }
  const running = runningPid(pidFilePath({ ...config, dataDir }));
  if ('problem' in running) throw new Error(running.problem);
  process.kill(running.pid, 'SIGHUP');
  out(
    `kmip-server (pid ${running.pid}) signalled to reload: certificate ${String(tls.summary.certificate ?? '')}` +
      `${tls.summary.crls === undefined ? '' : `, ${tls.summary.crls} CRL(s) revoking ${tls.summary.revoked}`}; ` +
      'its log says when each worker has taken them',
  );
  return 0;
}

#!/usr/bin/env node
// `npm start [-- kmip-server options]`: builds dist/ only when a source is newer than what was
// built from it (or its output is missing), then runs dist/cli/kmip-server.js in this process's
// place: its output, exit status and signals (Ctrl-C, SIGTERM, SIGHUP) pass straight through.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { staleReason } from './build-state.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const reason = staleReason(root);
if (reason !== undefined) {
  process.stderr.write(`npm start: building (${reason})…\n`);
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const built = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], {
    stdio: 'inherit',
  });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const child = spawn(
  process.execPath,
  ['--openssl-legacy-provider', join(root, 'dist', 'cli', 'kmip-server.js'), ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 1 : 128)));

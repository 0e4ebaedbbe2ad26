#!/usr/bin/env node
// `npm start [-- kmip-server options]`: builds dist/ only when a source is newer than what was
// built from it (or its output is missing), the server and the web console each on its own, then
// runs dist/cli/kmip-server.js in this process's place: its output, exit status and signals
// (Ctrl-C, SIGTERM, SIGHUP) pass straight through.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileReason, consoleReason } from './build-state.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Runs one build step (a Node script and its arguments); stops `npm start` when it fails. */
function build(reason, script, ...args) {
  process.stderr.write(`npm start: building (${reason})…\n`);
  const built = spawnSync(process.execPath, [script, ...args], { stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}

const compile = compileReason(root);
if (compile !== undefined)
  build(
    compile,
    join(root, 'node_modules', 'typescript', 'bin', 'tsc'),
    '-p',
    join(root, 'tsconfig.build.json'),
  );
const bundle = consoleReason(root);
if (bundle !== undefined) build(bundle, join(root, 'scripts', 'build-console.mjs'));
const child = spawn(
  process.execPath,
  ['--openssl-legacy-provider', join(root, 'dist', 'cli', 'kmip-server.js'), ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 1 : 128)));

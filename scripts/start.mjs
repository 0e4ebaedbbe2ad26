#!/usr/bin/env node
// `npm start [-- kmip-server options]`: builds dist/ only when a source is newer than what was
// built from it (or its output is missing), then runs dist/cli/kmip-server.js in this process's
// place: its output, exit status and signals (Ctrl-C, SIGTERM, SIGHUP) pass straight through.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The sources tsconfig.build.json compiles: src/**\/*.ts but tests, the generator and fixtures. */
function sources(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (!['build', 'vectors', 'fixtures'].includes(name)) out.push(...sources(path));
    } else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** Why a build is needed, or undefined when dist/ is current. */
export function staleReason(base = root) {
  const configs = ['tsconfig.json', 'tsconfig.build.json'].map((f) => statSync(join(base, f)).mtimeMs);
  const newestConfig = Math.max(...configs);
  for (const src of sources(join(base, 'src'))) {
    const out = join(base, 'dist', relative(join(base, 'src'), src).replace(/\.ts$/, '.js'));
    if (!existsSync(out)) return `${relative(base, out)} is missing`;
    const built = statSync(out).mtimeMs;
    if (statSync(src).mtimeMs > built) return `${relative(base, src)} changed since the last build`;
    if (newestConfig > built) return 'the TypeScript configuration changed since the last build';
  }
  return undefined;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const reason = staleReason();
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
}

// Is dist/ current? Two builds make it: tsc compiles each source tsconfig.build.json takes
// (src/**/*.ts but tests, the registry generator and fixtures) to the .js beside it in dist/, and
// scripts/build-console.mjs bundles the web console (console/**) into dist/ui. Used by `npm start`
// (scripts/start.mjs) to run only the build that is needed, and by the tests that run the built
// commands.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

function files(dir, keep) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (!['build', 'vectors', 'fixtures'].includes(name)) out.push(...files(path, keep));
    } else if (keep(name)) out.push(path);
  }
  return out;
}

const compiled = (name) => name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts');

/** Why tsc must run again, or undefined when dist/ holds what src/ compiles to. */
export function compileReason(base) {
  const configs = ['tsconfig.json', 'tsconfig.build.json'].map((f) => statSync(join(base, f)).mtimeMs);
  const newestConfig = Math.max(...configs);
  for (const src of files(join(base, 'src'), compiled)) {
    const out = join(base, 'dist', relative(join(base, 'src'), src).replace(/\.ts$/, '.js'));
    if (!existsSync(out)) return `${relative(base, out)} is missing`;
    const built = statSync(out).mtimeMs;
    if (statSync(src).mtimeMs > built) return `${relative(base, src)} changed since the last build`;
    if (newestConfig > built) return 'the TypeScript configuration changed since the last build';
  }
  return undefined;
}

/** Why the web console must be bundled again, or undefined when dist/ui is current (or there is no console/). */
export function consoleReason(base) {
  const dir = join(base, 'console');
  if (!existsSync(dir)) return undefined;
  const bundle = join(base, 'dist', 'ui', 'console.js');
  if (!existsSync(bundle)) return `${relative(base, bundle)} is missing`;
  const built = statSync(bundle).mtimeMs;
  const inputs = [...files(dir, () => true), join(base, 'scripts', 'build-console.mjs')];
  for (const input of inputs)
    if (existsSync(input) && statSync(input).mtimeMs > built)
      return `${relative(base, input)} changed since the last build`;
  return undefined;
}

/** Why dist/ under `base` must be rebuilt (either part), or undefined when it is current. */
export function staleReason(base) {
  return compileReason(base) ?? consoleReason(base);
}

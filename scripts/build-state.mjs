// Is dist/ current? Each source tsconfig.build.json compiles (src/**/*.ts but tests, the registry
// generator and fixtures) against the .js built from it. Used by `npm start` (scripts/start.mjs)
// to build only when needed, and by the tests that run the built commands.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

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
export function staleReason(base) {
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

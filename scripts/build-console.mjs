#!/usr/bin/env node
// Builds the web console (console/, TypeScript + Preact) into dist/ui: one bundled, minified ES
// module (console.js), the style sheet and the icon. No network, no CDN: everything the browser
// loads comes from this directory (the Content Security Policy allows nothing else).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'ui');
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [join(root, 'console', 'main.tsx')],
  outfile: join(out, 'console.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['chrome110', 'firefox115', 'safari16'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});
for (const file of ['console.css', 'icon.svg']) copyFileSync(join(root, 'console', file), join(out, file));

// bench/RESULTS.md holds one section per benchmark script (bench:compare, bench:scale), each
// between <!-- name --> and <!-- /name -->; a script rewrites its own section and keeps the others.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const RESULTS_FILE = join('bench', 'RESULTS.md');

export function writeResultsSection(name: string, text: string, file = RESULTS_FILE): void {
  const begin = `<!-- ${name} -->`;
  const end = `<!-- /${name} -->`;
  const block = `${begin}\n${text.trimEnd()}\n${end}`;
  const old = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const start = old.indexOf(begin);
  const stop = old.indexOf(end);
  const next =
    start >= 0 && stop > start
      ? `${old.slice(0, start)}${block}${old.slice(stop + end.length)}`
      : `${old.trimEnd()}${old.trim() === '' ? '' : '\n\n'}${block}\n`;
  writeFileSync(file, next.endsWith('\n') ? next : `${next}\n`);
}

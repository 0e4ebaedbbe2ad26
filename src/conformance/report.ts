// The conformance report: one line per case (pass, known failure with its reason, or the first
// difference), then passed/total per profile and KMIP version, then the totals.
import type { CaseResult } from './runner.js';
import { kmipVersionOf, profileOf } from './case-names.js';

/** Case name -> why no server can pass it (see src/conformance/known-failures.ts). */
export type KnownFailures = Readonly<Record<string, string>>;

export function caseLine(r: CaseResult, known: KnownFailures = {}, width = r.name.length): string {
  const reason = known[r.name];
  if (r.passed) return `${r.name.padEnd(width)}  pass`;
  if (reason !== undefined) return `${r.name.padEnd(width)}  known   ${reason}`;
  return `${r.name.padEnd(width)}  FAIL    step ${r.step}: ${r.difference}`;
}

export function formatTable(results: readonly CaseResult[], known: KnownFailures = {}): string {
  const width = Math.max(4, ...results.map((r) => r.name.length));
  const lines = [`${'case'.padEnd(width)}  result  first difference`];
  for (const r of results) lines.push(caseLine(r, known, width));
  const versions = [...new Set(results.map((r) => kmipVersionOf(r.name)))].sort();
  const cells = new Map<string, { pass: number; total: number }>();
  for (const r of results) {
    for (const key of [`${profileOf(r.name)} ${kmipVersionOf(r.name)}`, `${profileOf(r.name)} all`]) {
      const c = cells.get(key) ?? { pass: 0, total: 0 };
      c.total++;
      if (r.passed) c.pass++;
      cells.set(key, c);
    }
  }
  const profiles = [...new Set(results.map((r) => profileOf(r.name)))].sort();
  const pw = Math.max(7, ...profiles.map((p) => p.length));
  lines.push(
    '',
    ['profile'.padEnd(pw), ...[...versions, 'all'].map((v) => `KMIP ${v}`.padStart(9))].join(' '),
  );
  for (const p of profiles) {
    const row = [...versions, 'all'].map((v) => {
      const c = cells.get(`${p} ${v}`);
      return (c === undefined ? '-' : `${c.pass}/${c.total}`).padStart(9);
    });
    lines.push([p.padEnd(pw), ...row].join(' '));
  }
  const passed = results.filter((r) => r.passed).length;
  const knownCount = results.filter((r) => !r.passed && known[r.name] !== undefined).length;
  const failed = results.length - passed - knownCount;
  lines.push('', `${passed} passed, ${knownCount} known failures, ${failed} failed (of ${results.length})`);
  return lines.join('\n');
}

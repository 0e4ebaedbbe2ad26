// Runs a set of OASIS case files: each case against a fresh server, except the profiles whose
// cases build on each other (the tape-library and self-encrypting-drive cases locate keys that
// earlier cases of the same profile registered), which share one server per profile and version,
// in case-number order.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { runCase, type CaseResult, type Send } from './runner.js';
import { caseNumberOf, kmipVersionOf, profileOf } from './case-names.js';

export interface Target {
  readonly send: Send;
  close(): Promise<void>;
}

const SEQUENTIAL_PROFILES: ReadonlySet<string> = new Set(['TL', 'SASED']);

/** The .xml files under `dir` (searched recursively; a file path is that one file), sorted. */
export function listCaseFiles(dir: string): string[] {
  if (!statSync(dir).isDirectory()) return [dir];
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith('.xml')) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * Runs the cases of `files`; `connect` gives the server a case (or a sequential group) runs
 * against, and `onCase` hears of each result as it comes (progress). The results come back in
 * file order.
 */
export async function runSuite(
  files: readonly string[],
  connect: () => Promise<Target>,
  onCase: (result: CaseResult) => void = () => undefined,
): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  const record = (r: CaseResult): void => {
    results.push(r);
    onCase(r);
  };
  const shared = new Map<string, string[]>();
  for (const f of files) {
    const name = basename(f, '.xml');
    const profile = profileOf(name);
    if (SEQUENTIAL_PROFILES.has(profile)) {
      const key = `${profile}-${kmipVersionOf(name)}-${name.includes('-O-') ? 'O' : 'M'}`;
      shared.set(key, [...(shared.get(key) ?? []), f]);
      continue;
    }
    const target = await connect();
    try {
      record(await runCase(name, readFileSync(f, 'utf8'), target.send));
    } finally {
      await target.close();
    }
  }
  for (const group of shared.values()) {
    const ordered = [...group].sort(
      (a, b) => caseNumberOf(basename(a, '.xml')) - caseNumberOf(basename(b, '.xml')),
    );
    const target = await connect();
    const session = { generated: new Set<string>(), publicKeys: new Set<string>() };
    try {
      for (const f of ordered) {
        record(await runCase(basename(f, '.xml'), readFileSync(f, 'utf8'), target.send, session));
      }
    } finally {
      await target.close();
    }
  }
  return results.sort(
    (a, b) =>
      files.findIndex((f) => basename(f, '.xml') === a.name) -
      files.findIndex((f) => basename(f, '.xml') === b.name),
  );
}

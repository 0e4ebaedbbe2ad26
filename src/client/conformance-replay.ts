// Replays OASIS KMIP test cases (KMIP XML files) against a server through the client: each
// request goes out as written (its own protocol version and header) over the client's
// connection, and src/conformance/runner.ts compares the reply with the case's expected one.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { runCase, type CaseResult } from '../conformance/runner.js';
import type { KmipClientCore } from './kmip-client-core.js';

/** The .xml files under `path` (a directory, searched recursively, or one file), sorted. */
export function caseFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  const out: string[] = [];
  for (const name of readdirSync(path))
    out.push(
      ...(name.endsWith('.xml') || statSync(join(path, name)).isDirectory()
        ? caseFiles(join(path, name))
        : []),
    );
  return out.filter((f) => f.endsWith('.xml')).sort();
}

export interface ReplayOptions {
  /** Only files whose path contains this text. */
  readonly filter?: string;
  /** Called after each case (progress). */
  readonly onCase?: (result: CaseResult) => void;
}

export async function replayCases(
  client: KmipClientCore,
  path: string,
  o: ReplayOptions = {},
): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const file of caseFiles(path).filter((f) => o.filter === undefined || f.includes(o.filter))) {
    const result = await runCase(basename(file, '.xml'), readFileSync(file, 'utf8'), (req) =>
      client.sendMessage(req),
    );
    results.push(result);
    o.onCase?.(result);
  }
  return results;
}

// Runs every OASIS case in test/vectors/oasis against an in-process engine and prints the table
// (a fresh store per case). Usage: tsx scripts/conformance-report.ts [name-filter]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, basename } from 'node:path';
import { createHarness } from '../test/helpers/engine-harness.js';
import { runCase, formatTable, type CaseResult } from '../src/conformance/runner.js';
import { decodeTtlv } from '../src/ttlv/decode.js';

function walk(dir: string, out: string[]): string[] {
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (n.endsWith('.xml')) out.push(p);
  }
  return out;
}

const filter = process.argv[2] ?? '';
const files = walk('test/vectors/oasis', [])
  .filter((f) => f.includes(filter))
  .sort();
const results: CaseResult[] = [];
for (const f of files) {
  const h = await createHarness();
  try {
    results.push(
      await runCase(basename(f, '.xml'), readFileSync(f, 'utf8'), async (req) =>
        decodeTtlv(await h.engine.handleMessage(req, { identity: 'conformance' })),
      ),
    );
  } finally {
    await h.close();
  }
}
console.log(formatTable(results));

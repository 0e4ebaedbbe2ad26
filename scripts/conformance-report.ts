// Runs every OASIS case in test/vectors/oasis against an in-process engine and prints the table.
// Usage: tsx scripts/conformance-report.ts [name-filter]
import { createHarness } from '../test/helpers/engine-harness.js';
import { formatTable } from '../src/conformance/runner.js';
import { listCaseFiles, runSuite } from '../src/conformance/suite.js';
import { decodeTtlv } from '../src/ttlv/decode.js';

const filter = process.argv[2] ?? '';
const files = listCaseFiles('test/vectors/oasis').filter((f) => f.includes(filter));
const results = await runSuite(files, async () => {
  const h = await createHarness();
  return {
    send: async (req) => decodeTtlv(await h.engine.handleMessage(req, { identity: 'conformance' })),
    close: () => h.close(),
  };
});
console.log(formatTable(results));

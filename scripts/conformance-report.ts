// Runs every OASIS case in test/vectors/oasis (KMIP Profiles v1.0, v1.4 and v2.1 test cases)
// against an in-process engine and prints the table, known failures marked with their reason.
// Usage: tsx scripts/conformance-report.ts [name-filter]
import { createHarness } from '../test/helpers/engine-harness.js';
import { formatTable } from '../src/conformance/report.js';
import { KNOWN_FAILURES } from '../src/conformance/known-failures.js';
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
console.log(formatTable(results, KNOWN_FAILURES));

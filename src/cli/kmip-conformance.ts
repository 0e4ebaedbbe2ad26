// `kmip conformance DIR`: replays the OASIS KMIP XML test cases in DIR against the configured
// server as the conformance test does (src/conformance/suite.ts), shows each case as it finishes
// on stderr, and prints the table with the known failures marked (src/conformance/report.ts).
import { existsSync } from 'node:fs';
import { caseLine, formatTable } from '../conformance/report.js';
import { KNOWN_FAILURES } from '../conformance/known-failures.js';
import { replayCases } from '../client/conformance-replay.js';
import { UsageError, flag, stringOption } from './kmip-args.js';
import type { Command } from './kmip-command.js';

export const conformance: Command = {
  name: 'conformance',
  args: 'DIR',
  summary: 'replay OASIS KMIP XML test cases against the server and print a table',
  details:
    'Example: kmip conformance test/vectors/oasis/v1.4/mandatory --filter SKLC. Progress goes to stderr. ' +
    'Cases listed in src/conformance/known-failures.ts are marked "known" with their reason. ' +
    'Exit status 1 when a case fails that is not a known failure.',
  options: [
    { name: 'filter', value: 'TEXT', help: 'only the case files whose path contains TEXT' },
    { name: 'no-fail', help: 'exit 0 even when cases fail' },
  ],
  async run(ctx) {
    const dir = ctx.positionals[0];
    if (dir === undefined || !existsSync(dir))
      throw new UsageError(
        `give a directory of KMIP XML test cases${dir === undefined ? '' : ` ('${dir}' does not exist)`}`,
      );
    const filter = stringOption(ctx.options, 'filter');
    let total = 0;
    let done = 0;
    const results = await replayCases(ctx.client(), dir, {
      ...(filter !== undefined ? { filter } : {}),
      onStart: (n) => (total = n),
      onCase: (r) => process.stderr.write(`[${++done}/${total}] ${caseLine(r, KNOWN_FAILURES)}\n`),
    });
    if (results.length === 0) throw new UsageError(`no .xml test cases in ${dir}`);
    const marked = results.map((r) => ({ ...r, knownFailure: KNOWN_FAILURES[r.name] }));
    ctx.result(marked, formatTable(results, KNOWN_FAILURES));
    const failed = results.some((r) => !r.passed && KNOWN_FAILURES[r.name] === undefined);
    return failed && !flag(ctx.options, 'no-fail') ? 1 : 0;
  },
};

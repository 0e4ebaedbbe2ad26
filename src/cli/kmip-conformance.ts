// `kmip conformance DIR`: replays the OASIS KMIP XML test cases in DIR against the configured
// server and prints the pass/fail table (src/conformance/runner.ts formatTable).
import { existsSync } from 'node:fs';
import { formatTable } from '../conformance/report.js';
import { replayCases } from '../client/conformance-replay.js';
import { UsageError, flag, stringOption } from './kmip-args.js';
import type { Command } from './kmip-command.js';

export const conformance: Command = {
  name: 'conformance',
  args: 'DIR',
  summary: 'replay OASIS KMIP XML test cases against the server and print a table',
  details:
    'Example: kmip conformance test/vectors/oasis/v1.4/mandatory --filter SKLC. Exit status 1 when a case fails.',
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
    const results = await replayCases(ctx.client(), dir, filter !== undefined ? { filter } : {});
    if (results.length === 0) throw new UsageError(`no .xml test cases in ${dir}`);
    ctx.result(results, formatTable(results));
    const failed = results.some((r) => !r.passed);
    return failed && !flag(ctx.options, 'no-fail') ? 1 : 0;
  },
};

// `kmip conformance DIR`: replays the OASIS KMIP XML test cases in DIR against the configured
// server and prints the pass/fail table (src/conformance/runner.ts formatTable). The objects the
// cases create are destroyed afterwards (kmip-cleanup.ts), unless --keep.
import { existsSync } from 'node:fs';
import { formatTable, type CaseResult } from '../conformance/runner.js';
import { replayCases } from '../client/conformance-replay.js';
import { UsageError, flag, stringOption } from './kmip-args.js';
import { clientOptionsFromCli, type Command } from './kmip-command.js';
import { RecordingClient, cleanUp } from './kmip-cleanup.js';

export const conformance: Command = {
  name: 'conformance',
  args: 'DIR',
  summary: 'replay OASIS KMIP XML test cases against the server and print a table',
  details:
    'Example: kmip conformance test/vectors/oasis/v1.4/mandatory --filter SKLC. Exit status 1 when a case fails.',
  options: [
    { name: 'filter', value: 'TEXT', help: 'only the case files whose path contains TEXT' },
    { name: 'no-fail', help: 'exit 0 even when cases fail' },
    { name: 'keep', help: 'leave the objects the cases created on the server' },
  ],
  async run(ctx) {
    const dir = ctx.positionals[0];
    if (dir === undefined || !existsSync(dir))
      throw new UsageError(
        `give a directory of KMIP XML test cases${dir === undefined ? '' : ` ('${dir}' does not exist)`}`,
      );
    const filter = stringOption(ctx.options, 'filter');
    const client = new RecordingClient(clientOptionsFromCli(ctx.options));
    let results: CaseResult[];
    try {
      results = await replayCases(client, dir, filter !== undefined ? { filter } : {});
    } finally {
      if (!flag(ctx.options, 'keep')) await cleanUp(client, client.created, 'the cases created', ctx.note);
      await client.close();
    }
    if (results.length === 0) throw new UsageError(`no .xml test cases in ${dir}`);
    ctx.result(results, formatTable(results));
    const failed = results.some((r) => !r.passed);
    return failed && !flag(ctx.options, 'no-fail') ? 1 : 0;
  },
};

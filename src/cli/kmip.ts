#!/usr/bin/env -S node --openssl-legacy-provider
// kmip: a KMIP client on the command line, one subcommand per operation, configured like PyKMIP's
// client (pykmip.conf [client] section) with options on top. Human output by default, --json for
// scripts (errors too, on standard error). Exit status: 0 done, 1 the server refused (or a
// conformance case failed, or no connection), 2 usage.
import {
  GLOBAL_OPTIONS,
  clientOptionsFrom,
  makeContext,
  missingConfigNote,
  settingsFromCli,
  settingsLine,
  settingsSource,
  type Command,
} from './kmip-command.js';
import { KmipClient } from '../client/kmip-client.js';
import { KmipClientError } from '../client/errors.js';
import { parseKmipArgs } from './kmip-program.js';
import { errorReport, writeError } from './kmip-errors.js';
import { KMIP_COMMANDS } from './kmip-commands.js';
import { completionCommand } from './kmip-completion.js';

const COMMANDS: readonly Command[] = [...KMIP_COMMANDS, completionCommand(() => COMMANDS, GLOBAL_OPTIONS)];

function jsonRequested(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).includes('--json');
}

async function main(argv: readonly string[]): Promise<number> {
  const parsed = await parseKmipArgs(argv, COMMANDS, GLOBAL_OPTIONS);
  if ('exitCode' in parsed) return parsed.exitCode;
  const { command, options, positionals } = parsed;
  let source: string | undefined;
  const ctx = makeContext(options, positionals, () => {
    const settings = settingsFromCli(options);
    source = settingsSource(settings, options);
    if (options['verbose'] === true) process.stderr.write(`kmip: ${settingsLine(settings, options)}\n`);
    const note = missingConfigNote(settings, options);
    if (note !== undefined) ctx.note(note);
    return new KmipClient(clientOptionsFrom(settings, options));
  });
  try {
    return (await command.run(ctx)) ?? 0;
  } catch (err) {
    // A connection that failed is most often a setting: say where the settings came from.
    if (err instanceof KmipClientError && source !== undefined && err.code !== 'protocol')
      throw new KmipClientError(err.code, `${err.message} (settings from ${source})`, { cause: err });
    throw err;
  } finally {
    await ctx.opened?.close();
  }
}

const argv = process.argv.slice(2);
main(argv).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const report = errorReport(err);
    writeError(report, jsonRequested(argv));
    process.exit(report.exitCode);
  },
);

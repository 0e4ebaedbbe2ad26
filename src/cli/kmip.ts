#!/usr/bin/env -S node --openssl-legacy-provider
// kmip: a KMIP client on the command line, one subcommand per operation, configured like PyKMIP's
// client (pykmip.conf [client] section) with options on top. Human output by default, --json for
// scripts. Exit status: 0 done, 1 the server refused (or a conformance case failed), 2 usage.
import { UsageError, optionHelp, parseArgs } from './kmip-args.js';
import { GLOBAL_OPTIONS, clientFromOptions, makeContext, type Command } from './kmip-command.js';
import { activate, create, createKeyPair, destroy, get, locate, register, revoke } from './kmip-objects.js';
import {
  addAttribute,
  deleteAttribute,
  getAttributeList,
  getAttributes,
  modifyAttribute,
  setAttribute,
} from './kmip-attributes.js';
import { decrypt, encrypt } from './kmip-crypto.js';
import { discoverVersions, query } from './kmip-query.js';
import { decode } from './kmip-decode.js';
import { conformance } from './kmip-conformance.js';
import { bench } from './kmip-bench.js';
import { KmipClientError, KmipResultError } from '../client/errors.js';

const COMMANDS: readonly Command[] = [
  create,
  createKeyPair,
  register,
  get,
  getAttributes,
  getAttributeList,
  addAttribute,
  setAttribute,
  modifyAttribute,
  deleteAttribute,
  locate,
  activate,
  revoke,
  destroy,
  encrypt,
  decrypt,
  query,
  discoverVersions,
  decode,
  conformance,
  bench,
];

const byName = new Map(COMMANDS.map((c) => [c.name, c]));

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    'Usage: kmip [options] <command> [arguments]',
    '',
    'A KMIP client: talks to a KMIP server (kmip-server, pykmip-server, an appliance) over mutual TLS.',
    'Settings (host, port, certfile, keyfile, ca_certs …) come from the [client] section of',
    '~/.pykmip/pykmip.conf and /etc/pykmip/pykmip.conf, as for PyKMIP; the options below override them.',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Options:',
    optionHelp(GLOBAL_OPTIONS),
    '',
    "Run 'kmip <command> --help' for a command's arguments and options.",
  ].join('\n');
}

function commandHelp(c: Command): string {
  return [
    `Usage: kmip ${c.name}${c.args === '' ? '' : ` ${c.args}`} [options]`,
    '',
    `${c.summary.charAt(0).toUpperCase()}${c.summary.slice(1)}.`,
    ...(c.details !== undefined ? ['', c.details] : []),
    ...(c.options.length > 0 ? ['', 'Options:', optionHelp(c.options)] : []),
    '',
    'Global options:',
    optionHelp(GLOBAL_OPTIONS),
  ].join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseArgs(argv, GLOBAL_OPTIONS, (name) => byName.get(name)?.options);
  const command = args.command === undefined ? undefined : byName.get(args.command);
  if (args.command !== undefined && command === undefined) {
    throw new UsageError(`unknown command '${args.command}'; run 'kmip --help' for the list`);
  }
  if (command === undefined || args.options['help'] === true) {
    process.stdout.write(`${command === undefined ? mainHelp() : commandHelp(command)}\n`);
    return command === undefined && args.options['help'] !== true ? 2 : 0;
  }
  const ctx = makeContext(args.options, args.positionals, () => clientFromOptions(args.options));
  try {
    return (await command.run(ctx)) ?? 0;
  } finally {
    await ctx.opened?.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`kmip: ${err.message}\n`);
      process.exit(2);
    }
    if (err instanceof KmipResultError || err instanceof KmipClientError || err instanceof Error) {
      process.stderr.write(`kmip: ${err.message}\n`);
    } else process.stderr.write(`kmip: ${String(err)}\n`);
    process.exit(1);
  },
);

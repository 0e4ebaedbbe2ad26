// The `kmip` command line on commander: global options, one subcommand per Command (its options
// from the Command's OptionSpecs), --help on each, --version, "did you mean" for a mistyped
// command or option, `kmip help [COMMAND|TOPIC]`. Parsing only: what a command does is its run().
import { Command as Program, CommanderError, Option } from 'commander';
import { UsageError, checkEnumOption, type OptionSpec, type OptionValues } from './kmip-args.js';
import type { Command } from './kmip-command.js';
import { HELP_TOPICS, helpTopic } from './kmip-help-topics.js';
import { KMIP_TS_VERSION } from '../version.js';

export interface Invocation {
  readonly command: Command;
  readonly options: OptionValues;
  readonly positionals: readonly string[];
}

/** What parsing produced: a command to run, or an exit status (help or version was printed). */
export type Parsed = Invocation | { readonly exitCode: number };

function commanderOption(spec: OptionSpec): Option {
  const o = new Option(`--${spec.name}${spec.value === undefined ? '' : ` <${spec.value}>`}`, spec.help);
  if (spec.choices !== undefined) o.choices(spec.choices);
  if (spec.required === true) o.makeOptionMandatory();
  if (spec.repeat === true)
    o.argParser((v: string, previous: string[] | undefined) => [...(previous ?? []), v]);
  return o;
}

/** 'UID [NAME...]' -> commander's '<UID> [NAME...]'. */
function commanderArguments(synopsis: string): string {
  return synopsis
    .split(/\s+/)
    .filter((a) => a !== '')
    .map((a) => (a.startsWith('[') || a.startsWith('<') ? a : `<${a}>`))
    .join(' ');
}

/** The values of `specs` as the command reads them, keyed by option name. */
function optionValues(
  specs: readonly OptionSpec[],
  options: readonly Option[],
  all: OptionValues,
): OptionValues {
  const out: OptionValues = {};
  specs.forEach((spec, i) => {
    const o = options[i] as Option;
    const v = all[o.attributeName()];
    // A flag named no-X is commander's negation of X: true when given.
    if (spec.value === undefined && spec.name.startsWith('no-')) out[spec.name] = v === false;
    else out[spec.name] = v;
    const given = out[spec.name];
    for (const value of typeof given === 'string' ? [given] : Array.isArray(given) ? given : [])
      checkEnumOption(spec, value);
  });
  return out;
}

export function sentence(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

/** The commander program for `commands`, with `globals` on every subcommand. */
export function buildProgram(
  commands: readonly Command[],
  globals: readonly OptionSpec[],
  chosen: (i: Invocation) => void,
): Program {
  const program = new Program('kmip')
    .description(
      'A KMIP client: talks to a KMIP server (kmip-server, pykmip-server, an appliance) over mutual ' +
        'TLS. Settings (host, port, certfile, keyfile, ca_certs …) come from the [client] section of ' +
        '~/.pykmip/pykmip.conf and /etc/pykmip/pykmip.conf, as for PyKMIP; the options below override ' +
        "them ('kmip help config').",
    )
    .usage('[options] <command> [arguments]')
    .version(KMIP_TS_VERSION, '-V, --version', 'print the version and exit')
    .helpOption('-h, --help', 'show help')
    .helpCommand(false)
    .configureHelp({ showGlobalOptions: true, subcommandTerm: (c) => c.name() })
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: () => undefined });
  const globalOptions = globals.map(commanderOption);
  for (const o of globalOptions) program.addOption(o);
  program.addHelpText(
    'after',
    `\nHelp topics: ${HELP_TOPICS.map((t) => `kmip help ${t.name}`).join(', ')}.\n` +
      "Run 'kmip <command> --help' for a command's arguments and options.",
  );
  for (const c of commands) {
    const sub = program
      .command(c.name)
      .summary(c.summary)
      .description(sentence(c.summary))
      .helpOption('-h, --help', 'show help')
      .configureHelp({ showGlobalOptions: true })
      .showSuggestionAfterError(true)
      .exitOverride()
      .configureOutput({ outputError: () => undefined });
    if (c.args !== '') sub.arguments(commanderArguments(c.args));
    const options = c.options.map(commanderOption);
    for (const o of options) sub.addOption(o);
    if (c.details !== undefined) sub.addHelpText('after', `\n${c.details}`);
    sub.action((...args: unknown[]) => {
      const cmd = args[args.length - 1] as Program;
      const all = cmd.optsWithGlobals<OptionValues>();
      chosen({
        command: c,
        options: { ...optionValues(globals, globalOptions, all), ...optionValues(c.options, options, all) },
        positionals: cmd.args,
      });
    });
  }
  program
    .command('help')
    .argument('[TOPIC]')
    .summary('help on a command, or a topic: ' + HELP_TOPICS.map((t) => t.name).join(', '))
    .description('Help on a command (as with --help) or on a topic.')
    .exitOverride()
    .configureOutput({ outputError: () => undefined })
    .action((topic: string | undefined) => {
      if (topic === undefined) return program.outputHelp();
      const sub = program.commands.find((x) => x.name() === topic);
      if (sub !== undefined) return sub.outputHelp();
      const text = helpTopic(topic);
      if (text === undefined) {
        throw new UsageError(
          `no command or help topic '${topic}'; topics: ${HELP_TOPICS.map((t) => t.name).join(', ')}`,
        );
      }
      process.stdout.write(text);
    });
  return program;
}

/** Parses argv (without node and the script); commander's own errors become UsageErrors. */
export async function parseKmipArgs(
  argv: readonly string[],
  commands: readonly Command[],
  globals: readonly OptionSpec[],
): Promise<Parsed> {
  let invocation: Invocation | undefined;
  const program = buildProgram(commands, globals, (i) => (invocation = i));
  if (argv.length === 0) {
    process.stderr.write(program.helpInformation());
    return { exitCode: 2 };
  }
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') return { exitCode: 0 };
    // A command group with no subcommand: commander printed its help on standard error.
    if (err.code === 'commander.help') return { exitCode: 2 };
    throw new UsageError(err.message.replace(/^error: /, '').replace(/\n\((Did you mean .*)\)$/, ' ($1)'));
  }
  return invocation ?? { exitCode: 0 };
}

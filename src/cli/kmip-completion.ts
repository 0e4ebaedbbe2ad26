// `kmip completion bash|zsh`: a shell completion script made from the command table itself, so
// it offers exactly the subcommands and options `kmip` has, the values of options that take a
// fixed set (choices, KMIP enumerations), the help topics, and file names elsewhere.
//   bash: eval "$(kmip completion bash)"   (or save it in /etc/bash_completion.d/kmip)
//   zsh:  eval "$(kmip completion zsh)"    (or save it as _kmip in a directory of $fpath)
import { UsageError, enumChoices, type OptionSpec } from './kmip-args.js';
import type { Command } from './kmip-command.js';
import { HELP_TOPICS } from './kmip-help-topics.js';

interface Entry {
  readonly name: string;
  readonly summary: string;
  readonly options: readonly OptionSpec[];
}

function valuesOf(o: OptionSpec): readonly string[] | undefined {
  if (o.choices !== undefined) return o.choices;
  return o.enumeration === undefined ? undefined : enumChoices(o.enumeration);
}

/** Every command with its options, plus `help` (its topics are handled on their own). */
function entries(commands: readonly Command[]): Entry[] {
  return [
    ...commands.map((c) => ({ name: c.name, summary: c.summary, options: c.options })),
    { name: 'help', summary: 'help on a command or a topic', options: [] },
  ];
}

const flags = (options: readonly OptionSpec[]): string =>
  [...options.map((o) => `--${o.name}`), '--help'].join(' ');

export function bashCompletion(commands: readonly Command[], globals: readonly OptionSpec[]): string {
  const all = entries(commands);
  const valued = [...globals, ...all.flatMap((e) => e.options)].filter((o) => o.value !== undefined);
  const valuedNames = [...new Set(valued.map((o) => `*:--${o.name}`))];
  const globalValued = globals.filter((o) => o.value !== undefined).map((o) => `--${o.name}`);
  const valueCases = all.flatMap((e) =>
    e.options.flatMap((o) => {
      const values = valuesOf(o);
      return values === undefined ? [] : [`    '${e.name}:--${o.name}') words='${values.join(' ')}' ;;`];
    }),
  );
  const optionCases = all.map((e) => `    '${e.name}') opts='${flags(e.options)}' ;;`);
  const helpWords = [...HELP_TOPICS.map((t) => t.name), ...all.map((e) => e.name)].join(' ');
  return `# bash completion for kmip (kmip completion bash); load with: eval "$(kmip completion bash)"
_kmip() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
  local cmd='' i w words='' opts=''
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    case "$w" in
      ${globalValued.join('|')}) ((i++)) ;;
      -*) ;;
      *) cmd="$w"; break ;;
    esac
  done
  case "$cmd:$prev" in
${valueCases.join('\n')}
    ${valuedNames.join('|')})
      # another option's value: file names (complete -o default)
      return ;;
  esac
  if [[ -n "$words" ]]; then
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
    return
  fi
  if [[ -z "$cmd" ]]; then
    if [[ "$cur" == -* ]]; then
      COMPREPLY=($(compgen -W '${flags(globals)} --version' -- "$cur"))
    else
      COMPREPLY=($(compgen -W '${all.map((e) => e.name).join(' ')}' -- "$cur"))
    fi
    return
  fi
  case "$cmd" in
${optionCases.join('\n')}
  esac
  if [[ "$cmd" == help ]]; then
    COMPREPLY=($(compgen -W '${helpWords}' -- "$cur"))
  elif [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$opts ${flags(globals).replace(' --help', '')}" -- "$cur"))
  fi
}
complete -o default -o bashdefault -F _kmip kmip
`;
}

/** Text safe inside a zsh _arguments spec in single quotes: no quotes, brackets or colons. */
function zshText(s: string): string {
  return s
    .replace(/'/g, '')
    .replace(/[[\]:]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function zshOption(o: OptionSpec): string {
  const values = valuesOf(o);
  const head = `${o.repeat === true ? '*' : ''}--${o.name}[${zshText(o.help)}]`;
  if (o.value === undefined) return `'${head}'`;
  const action = values !== undefined ? `(${values.join(' ')})` : '_files';
  return `'${head}:${zshText(o.value)}:${action}'`;
}

export function zshCompletion(commands: readonly Command[], globals: readonly OptionSpec[]): string {
  const all = entries(commands);
  const globalSpecs = globals.map(zshOption).join(' \\\n    ');
  const described = all.map((e) => `    '${e.name}:${zshText(e.summary)}'`).join('\n');
  const cases = all
    .map((e) => {
      if (e.name === 'help')
        return `      help) _values 'topic or command' ${[...HELP_TOPICS.map((t) => t.name), ...all.map((x) => x.name)].join(' ')} ;;`;
      const specs = [...e.options.map(zshOption), "'*:argument:_files'"].join(' ');
      return `      ${e.name}) _arguments ${specs} ;;`;
    })
    .join('\n');
  return `#compdef kmip
# zsh completion for kmip (kmip completion zsh); load with: eval "$(kmip completion zsh)"
_kmip() {
  local curcontext="$curcontext" state line
  local -a commands
  commands=(
${described}
  )
  _arguments -C \\
    ${globalSpecs} \\
    '(- *)--help[show help]' '(- *)--version[print the version]' \\
    '1:command:->command' '*::argument:->argument'
  case $state in
    command) _describe -t commands 'kmip command' commands ;;
    argument)
      case $words[1] in
${cases}
      esac ;;
  esac
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  _kmip "$@"
else
  compdef _kmip kmip
fi
`;
}

/** The `completion` subcommand; `commands` is read when it runs (it lists itself too). */
export function completionCommand(
  commands: () => readonly Command[],
  globals: readonly OptionSpec[],
): Command {
  return {
    name: 'completion',
    args: 'SHELL',
    summary: 'print a shell completion script: bash or zsh',
    details: [
      'bash: eval "$(kmip completion bash)" in ~/.bashrc, or kmip completion bash > /etc/bash_completion.d/kmip',
      'zsh:  eval "$(kmip completion zsh)" in ~/.zshrc (after compinit), or save it as _kmip in $fpath',
    ].join('\n'),
    options: [],
    server: false,
    async run(ctx) {
      const shell = ctx.positionals[0];
      if (shell === 'bash') process.stdout.write(bashCompletion(commands(), globals));
      else if (shell === 'zsh') process.stdout.write(zshCompletion(commands(), globals));
      else throw new UsageError(`no completion for '${shell ?? ''}': give bash or zsh`);
    },
  };
}

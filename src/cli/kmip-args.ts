// Argument parsing for `kmip`: global options anywhere on the line, one subcommand, its own
// options and positional arguments. `--opt value` and `--opt=value`; flags take no value and
// `--no-<flag>` sets them false; options marked `repeat` collect every occurrence; `--` ends
// options.

export interface OptionSpec {
  readonly name: string;
  /** Placeholder shown in help ('FILE'); absent for a flag. */
  readonly value?: string;
  readonly help: string;
  readonly repeat?: boolean;
}

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export interface ParsedArgs {
  readonly command: string | undefined;
  readonly options: OptionValues;
  readonly positionals: readonly string[];
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

function specFor(specs: readonly OptionSpec[], name: string): OptionSpec | undefined {
  return specs.find((s) => s.name === name);
}

/**
 * Parses argv. `globals` apply everywhere; `commandSpecs(command)` gives the chosen command's
 * options (undefined for an unknown command, whose name is still returned).
 */
export function parseArgs(
  argv: readonly string[],
  globals: readonly OptionSpec[],
  commandSpecs: (command: string) => readonly OptionSpec[] | undefined,
): ParsedArgs {
  const options: OptionValues = {};
  const positionals: string[] = [];
  let command: string | undefined;
  let specs: readonly OptionSpec[] = globals;
  let ended = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (ended || !arg.startsWith('-') || arg === '-') {
      if (command === undefined) {
        command = arg;
        specs = [...globals, ...(commandSpecs(arg) ?? [])];
      } else positionals.push(arg);
      continue;
    }
    if (arg === '--') {
      ended = true;
      continue;
    }
    if (arg === '-h') {
      options['help'] = true;
      continue;
    }
    const eq = arg.indexOf('=');
    let name = arg.slice(2, eq < 0 ? undefined : eq);
    let spec = specFor(specs, name);
    let negated = false;
    if (spec === undefined && name.startsWith('no-') && specFor(specs, name.slice(3))?.value === undefined) {
      name = name.slice(3);
      spec = specFor(specs, name);
      negated = spec !== undefined;
    }
    if (spec === undefined || !arg.startsWith('--')) {
      throw new UsageError(`unknown option ${arg}${command === undefined ? '' : ` for '${command}'`}`);
    }
    if (spec.value === undefined) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      options[name] = !negated;
      continue;
    }
    let value: string;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      const next = argv[i + 1];
      if (next === undefined) throw new UsageError(`--${name} needs a value (${spec.value})`);
      value = next;
      i++;
    }
    if (spec.repeat === true) {
      const seen = options[name];
      options[name] = [...(Array.isArray(seen) ? seen : []), value];
    } else options[name] = value;
  }
  return { command, options, positionals };
}

export function stringOption(o: OptionValues, name: string): string | undefined {
  const v = o[name];
  return typeof v === 'string' ? v : undefined;
}

export function listOption(o: OptionValues, name: string): string[] {
  const v = o[name];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

export function flag(o: OptionValues, name: string): boolean {
  return o[name] === true;
}

export function intOption(o: OptionValues, name: string): number | undefined {
  const v = stringOption(o, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`--${name} must be a non-negative integer, not '${v}'`);
  return Number(v);
}

/** Help lines for options, aligned. */
export function optionHelp(specs: readonly OptionSpec[]): string {
  const heads = specs.map((s) => `  --${s.name}${s.value === undefined ? '' : ` ${s.value}`}`);
  const width = Math.max(...heads.map((h) => h.length)) + 2;
  return specs.map((s, i) => `${(heads[i] as string).padEnd(width)}${s.help}`).join('\n');
}

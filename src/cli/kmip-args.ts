// The options of `kmip` and its subcommands, as data: each command lists its OptionSpecs and
// src/cli/kmip-program.ts turns them into commander options (help, "did you mean", completion
// all come from the same list). Commands read the parsed values with the getters below.
import { enumInfo, enumValueByName } from '../spec/registry.js';

export interface OptionSpec {
  readonly name: string;
  /** Placeholder shown in help ('FILE'); absent for a flag. */
  readonly value?: string;
  readonly help: string;
  readonly repeat?: boolean;
  /** The command cannot run without it. */
  readonly required?: boolean;
  /** The value must be one of these (checked before the command runs; offered by completion). */
  readonly choices?: readonly string[];
  /** The value names a value of this KMIP enumeration ('CryptographicAlgorithm'): checked, listed. */
  readonly enumeration?: string;
}

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

/** A mistake on the command line: exit status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function stringOption(o: OptionValues, name: string): string | undefined {
  const v = o[name];
  return typeof v === 'string' ? v : undefined;
}

/** A required option's value (commander has checked it is there). */
export function requiredOption(o: OptionValues, name: string): string {
  const v = stringOption(o, name);
  if (v === undefined) throw new UsageError(`--${name} is required`);
  return v;
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

/** The names an enumeration's values go by on the command line (XML names: 'AES', 'SHA_256'). */
export function enumChoices(enumeration: string): string[] {
  return (enumInfo(enumeration)?.values ?? []).map((v) => v.xmlName);
}

const squash = (s: string): string => s.toLowerCase().replace(/[\s_-]/g, '');

/**
 * Checks an enumeration option's value as the client reads it (a spec or XML name, a number or
 * 0x hex); anything else is a UsageError listing the valid values (and the near miss, if any).
 */
export function checkEnumOption(spec: OptionSpec, value: string): void {
  if (spec.enumeration === undefined || /^(0x[0-9a-f]+|\d+)$/i.test(value)) return;
  const info = enumInfo(spec.enumeration);
  if (info === undefined || enumValueByName(spec.enumeration, value) !== undefined) return;
  const near = info.values.find(
    (v) => squash(v.xmlName) === squash(value) || squash(v.name) === squash(value),
  );
  throw new UsageError(
    `--${spec.name}: '${value}' is not a ${info.name}${near === undefined ? '' : ` (did you mean ${near.xmlName}?)`}; ` +
      `valid values: ${info.values.map((v) => v.xmlName).join(', ')}`,
  );
}

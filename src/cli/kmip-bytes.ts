// How `kmip` prints a result that is bytes (decrypted data, a signature, a MAC, a digest, random
// bytes): "label: <hex>" lines by default (--format base64 for base64), the bytes as they are
// with --raw (for pipes), into a file with --out, or in the JSON result with --json.
import { writeFileSync } from 'node:fs';
import { UsageError, flag, stringOption, type OptionSpec } from './kmip-args.js';
import type { CommandContext } from './kmip-command.js';
import type { BytesEncoding } from './kmip-output.js';

export const BYTES_OUTPUT_OPTIONS: readonly OptionSpec[] = [
  { name: 'out', value: 'FILE', help: 'write the result bytes to FILE' },
  { name: 'raw', help: 'write the result bytes to standard output as they are (for pipes)' },
  {
    name: 'format',
    value: 'ENC',
    choices: ['hex', 'base64'],
    help: 'how bytes are printed, also in --json output (default hex)',
  },
];

/**
 * Prints `result[key]` (the bytes) and the other byte fields of `result` the chosen way. `label`
 * names the bytes in human output.
 */
export function printBytes<K extends string>(
  ctx: CommandContext,
  result: { readonly [P in K]: Uint8Array } & Readonly<Record<string, unknown>>,
  key: K,
  label = key,
): void {
  const out = stringOption(ctx.options, 'out');
  const raw = flag(ctx.options, 'raw');
  const encoding = (stringOption(ctx.options, 'format') ?? 'hex') as BytesEncoding;
  if (raw && (ctx.json || out !== undefined))
    throw new UsageError('--raw writes the bytes to standard output: it goes with neither --json nor --out');
  const data = result[key];
  if (raw) return ctx.write(data);
  if (out !== undefined) writeFileSync(out, data, { mode: 0o600 });
  const lines = Object.entries(result).flatMap(([k, v]) =>
    v instanceof Uint8Array && (k !== key || out === undefined)
      ? [`${k === key ? label : k}: ${Buffer.from(v).toString(encoding)}`]
      : [],
  );
  ctx.result(result, lines.length === 0 ? undefined : lines.join('\n'), encoding);
}

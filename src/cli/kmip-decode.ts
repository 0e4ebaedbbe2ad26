// `kmip decode <hex | file | ->`: prints TTLV messages as an indented tree with spec names
// (src/ttlv/pretty.ts), or as KMIP JSON with --json. The input is binary TTLV or hex text (spaces,
// colons, newlines and a 0x prefix allowed); several messages one after another are all printed.
import { existsSync, readFileSync } from 'node:fs';
import { decodeTtlvPrefix } from '../ttlv/decode.js';
import { prettyPrint } from '../notation/pretty.js';
import { ttlvToJson } from '../notation/json.js';
import type { TtlvItem } from '../ttlv/item.js';
import { UsageError } from './kmip-args.js';
import type { Command } from './kmip-command.js';
import { hexBytes } from './kmip-output.js';

/** Binary TTLV as it is; anything else is read as hex text. */
export function ttlvBytes(input: Buffer): Buffer {
  if (input.length > 0 && input[0] === 0x42) return input;
  return hexBytes(input.toString('latin1').trim(), 'the input');
}

export function decodeAll(bytes: Uint8Array): TtlvItem[] {
  const items: TtlvItem[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const { item, end } = decodeTtlvPrefix(bytes, offset);
    items.push(item);
    offset = end;
  }
  return items;
}

export const decode: Command = {
  name: 'decode',
  args: 'INPUT...',
  summary: 'print a TTLV message (binary or hex) as a tree with KMIP names',
  details:
    'INPUT is hex digits (several arguments are joined), a file (binary TTLV or hex text), or - for\n' +
    'standard input. Examples: kmip decode 42007a0100000000 · kmip decode request.bin · xxd -p msg.bin | kmip decode -',
  options: [],
  server: false,
  async run(ctx) {
    const arg = ctx.positionals[0];
    if (arg === undefined) throw new UsageError('give hex digits, a file name, or - for standard input');
    let input: Buffer;
    if (arg === '-') input = await ctx.stdin();
    else if (existsSync(arg)) input = readFileSync(arg);
    else input = Buffer.from(ctx.positionals.join(''), 'latin1');
    const items = decodeAll(ttlvBytes(input));
    if (ctx.json) ctx.result(items.length === 1 ? ttlvToJson(items[0] as TtlvItem) : items.map(ttlvToJson));
    else ctx.say(items.map((i) => prettyPrint(i)).join('\n\n'));
  },
};

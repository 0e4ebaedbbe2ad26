// `kmip encrypt` / `kmip decrypt`: single-part symmetric encryption on the server. Cryptographic
// Parameters from --mode/--padding/--alg (or --params JSON for anything else).
import { writeFileSync } from 'node:fs';
import type { PlainStructure } from '../client/values.js';
import { UsageError, stringOption, type OptionValues } from './kmip-args.js';
import type { Command, CommandContext } from './kmip-command.js';
import { DATA_OPTIONS, hexBytes, inputData } from './kmip-output.js';

const CRYPTO_OPTIONS = [
  ...DATA_OPTIONS,
  { name: 'alg', value: 'ALG', help: 'Cryptographic Algorithm of the parameters (default AES)' },
  { name: 'mode', value: 'MODE', help: 'Block Cipher Mode (default CBC): CBC, ECB, GCM, CTR …' },
  { name: 'padding', value: 'PAD', help: 'Padding Method (default PKCS5 for CBC and ECB)' },
  {
    name: 'params',
    value: 'JSON',
    help: 'Cryptographic Parameters as JSON (replaces --alg/--mode/--padding)',
  },
  { name: 'iv', value: 'HEX', help: 'IV/Counter/Nonce' },
  { name: 'aad', value: 'HEX', help: 'Authenticated Encryption Additional Data' },
  { name: 'out', value: 'FILE', help: 'write the result bytes to FILE' },
];

function parameters(o: OptionValues): PlainStructure {
  const json = stringOption(o, 'params');
  if (json !== undefined) {
    try {
      return JSON.parse(json) as PlainStructure;
    } catch (err) {
      throw new UsageError(`--params is not valid JSON: ${(err as Error).message}`);
    }
  }
  const mode = stringOption(o, 'mode') ?? 'CBC';
  const padding = stringOption(o, 'padding') ?? (mode === 'CBC' || mode === 'ECB' ? 'PKCS5' : undefined);
  return {
    BlockCipherMode: mode,
    ...(padding !== undefined ? { PaddingMethod: padding } : {}),
    CryptographicAlgorithm: stringOption(o, 'alg') ?? 'AES',
  };
}

function optionalHex(o: OptionValues, name: string): Buffer | undefined {
  const v = stringOption(o, name);
  return v === undefined ? undefined : hexBytes(v, `--${name}`);
}

function uidOf(ctx: CommandContext): string {
  const uid = ctx.positionals[0];
  if (uid === undefined) throw new UsageError('give the key UID');
  return uid;
}

function output(ctx: CommandContext, data: Uint8Array, extra: Record<string, Uint8Array | undefined>): void {
  const out = stringOption(ctx.options, 'out');
  if (out !== undefined) writeFileSync(out, data);
  const lines = Object.entries(extra)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${Buffer.from(v as Uint8Array).toString('hex')}`);
  if (out === undefined) lines.unshift(`data: ${Buffer.from(data).toString('hex')}`);
  ctx.result({ data, ...extra }, lines.join('\n'));
}

export const encrypt: Command = {
  name: 'encrypt',
  args: 'UID',
  summary: 'encrypt data with a key on the server (prints the cipher text and IV in hex)',
  details: 'Example: kmip encrypt 42 --text "hello" --mode CBC  (the server picks the IV when none is given)',
  options: CRYPTO_OPTIONS,
  async run(ctx) {
    const data = await inputData(ctx.options, ctx.stdin);
    const params = parameters(ctx.options);
    const iv = optionalHex(ctx.options, 'iv');
    const aad = optionalHex(ctx.options, 'aad');
    const r = await ctx.client().encrypt(uidOf(ctx), data, {
      parameters:
        iv === undefined && params['RandomIV'] === undefined ? { ...params, RandomIV: true } : params,
      ...(iv !== undefined ? { iv } : {}),
      ...(aad !== undefined ? { aad } : {}),
    });
    output(ctx, r.data, { iv: r.iv ?? iv, tag: r.tag });
  },
};

export const decrypt: Command = {
  name: 'decrypt',
  args: 'UID',
  summary: 'decrypt data with a key on the server',
  options: [...CRYPTO_OPTIONS, { name: 'tag', value: 'HEX', help: 'Authenticated Encryption Tag' }],
  async run(ctx) {
    const data = await inputData(ctx.options, ctx.stdin);
    const iv = optionalHex(ctx.options, 'iv');
    const aad = optionalHex(ctx.options, 'aad');
    const tag = optionalHex(ctx.options, 'tag');
    const r = await ctx.client().decrypt(uidOf(ctx), data, {
      parameters: parameters(ctx.options),
      ...(iv !== undefined ? { iv } : {}),
      ...(aad !== undefined ? { aad } : {}),
      ...(tag !== undefined ? { tag } : {}),
    });
    output(ctx, r.data, {});
  },
};

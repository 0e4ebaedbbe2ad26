// `kmip encrypt` / `kmip decrypt`: single-part symmetric (or RSA) encryption on the server.
// Cryptographic Parameters from --alg/--mode/--padding (or --params JSON for anything else).
import type { PlainStructure } from '../client/values.js';
import { stringOption, type OptionValues } from './kmip-args.js';
import { positional, type Command } from './kmip-command.js';
import { DATA_OPTIONS, hexBytes, inputData } from './kmip-output.js';
import { BYTES_OUTPUT_OPTIONS, printBytes } from './kmip-bytes.js';
import { PARAMS_JSON, PARAM_OPTIONS, cryptoParameters } from './kmip-params.js';

const PARAMS = [
  { ...PARAM_OPTIONS.alg, help: 'Cryptographic Algorithm of the parameters (default AES)' },
  { ...PARAM_OPTIONS.mode, help: 'Block Cipher Mode (default CBC): CBC, ECB, GCM, CTR …' },
  { ...PARAM_OPTIONS.padding, help: 'Padding Method (default PKCS5 for CBC and ECB)' },
];

const CRYPTO_OPTIONS = [
  ...DATA_OPTIONS,
  ...PARAMS,
  PARAMS_JSON,
  { name: 'iv', value: 'HEX', help: 'IV/Counter/Nonce' },
  { name: 'aad', value: 'HEX', help: 'Authenticated Encryption Additional Data' },
];

function parameters(o: OptionValues): PlainStructure {
  const mode = stringOption(o, 'mode') ?? 'CBC';
  const padding = mode === 'CBC' || mode === 'ECB' ? { PaddingMethod: 'PKCS5' } : {};
  return (
    cryptoParameters(o, PARAMS, { BlockCipherMode: 'CBC', ...padding, CryptographicAlgorithm: 'AES' }) ?? {}
  );
}

function optionalHex(o: OptionValues, name: string): Buffer | undefined {
  const v = stringOption(o, name);
  return v === undefined ? undefined : hexBytes(v, `--${name}`);
}

export const encrypt: Command = {
  name: 'encrypt',
  args: 'UID',
  summary: 'encrypt data with a key on the server (prints the cipher text and IV in hex)',
  details: 'Example: kmip encrypt 42 --text "hello" --mode CBC  (the server picks the IV when none is given)',
  options: [...CRYPTO_OPTIONS, ...BYTES_OUTPUT_OPTIONS],
  async run(ctx) {
    const data = await inputData(ctx.options, ctx.stdin);
    const params = parameters(ctx.options);
    const iv = optionalHex(ctx.options, 'iv');
    const aad = optionalHex(ctx.options, 'aad');
    const r = await ctx.client().encrypt(positional(ctx, 0, 'key UID'), data, {
      parameters:
        iv === undefined && params['RandomIV'] === undefined ? { ...params, RandomIV: true } : params,
      ...(iv !== undefined ? { iv } : {}),
      ...(aad !== undefined ? { aad } : {}),
    });
    const chosenIv = r.iv ?? iv;
    printBytes(
      ctx,
      {
        uid: r.uid,
        data: r.data,
        ...(chosenIv !== undefined ? { iv: chosenIv } : {}),
        ...(r.tag !== undefined ? { tag: r.tag } : {}),
      },
      'data',
    );
  },
};

export const decrypt: Command = {
  name: 'decrypt',
  args: 'UID',
  summary: 'decrypt data with a key on the server',
  details:
    'Example: kmip decrypt 42 --hex "$CIPHER" --iv "$IV" --raw > plain.txt  (--raw: the plain text as it is)',
  options: [
    ...CRYPTO_OPTIONS,
    { name: 'tag', value: 'HEX', help: 'Authenticated Encryption Tag' },
    ...BYTES_OUTPUT_OPTIONS,
  ],
  async run(ctx) {
    const data = await inputData(ctx.options, ctx.stdin);
    const iv = optionalHex(ctx.options, 'iv');
    const aad = optionalHex(ctx.options, 'aad');
    const tag = optionalHex(ctx.options, 'tag');
    const r = await ctx.client().decrypt(positional(ctx, 0, 'key UID'), data, {
      parameters: parameters(ctx.options),
      ...(iv !== undefined ? { iv } : {}),
      ...(aad !== undefined ? { aad } : {}),
      ...(tag !== undefined ? { tag } : {}),
    });
    printBytes(ctx, r, 'data');
  },
};

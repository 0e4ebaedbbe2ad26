// `kmip sign`, `signature-verify`, `mac`, `mac-verify`: signatures and MACs made and checked by the
// server with a key it holds (KMIP 2.1 §6.1.55/56/32/33). The verify commands exit 0 for a valid
// signature or MAC and 1 for an invalid one, so scripts can test them.
import { readFileSync } from 'node:fs';
import type { VerifyResult } from '../client/ops-crypto.js';
import { UsageError, flag, stringOption, type OptionValues } from './kmip-args.js';
import { positional, type Command, type CommandContext } from './kmip-command.js';
import { DATA_OPTIONS, hexBytes, inputData } from './kmip-output.js';
import { BYTES_OUTPUT_OPTIONS, printBytes } from './kmip-bytes.js';
import { PARAMS_JSON, PARAM_OPTIONS, cryptoParameters, type ParamOption } from './kmip-params.js';
import type { PlainStructure } from '../client/values.js';

const SIGN_PARAMS = [PARAM_OPTIONS.hash, PARAM_OPTIONS.padding, PARAM_OPTIONS.sigAlg, PARAM_OPTIONS.alg];
const MAC_PARAMS = [PARAM_OPTIONS.alg, PARAM_OPTIONS.hash];
const DIGESTED = { name: 'digested', help: 'the data is already a digest (sent as Digested Data; RSA)' };

function parameterOption(o: OptionValues, params: readonly ParamOption[]): { parameters?: PlainStructure } {
  const p = cryptoParameters(o, params);
  return p === undefined ? {} : { parameters: p };
}

/** Bytes from --NAME HEX or --NAME-file FILE (exactly one). */
function bytesArgument(o: OptionValues, name: string): Buffer {
  const hex = stringOption(o, name);
  const file = stringOption(o, `${name}-file`);
  if ((hex === undefined) === (file === undefined))
    throw new UsageError(`give the ${name} with exactly one of --${name} HEX, --${name}-file FILE`);
  return file !== undefined ? readFileSync(file) : hexBytes(hex ?? '', `--${name}`);
}

function verdict(ctx: CommandContext, r: VerifyResult, what: string): number {
  ctx.result(
    r,
    `${r.validityIndicator === 'Valid' ? 'valid' : r.validityIndicator.toLowerCase()}: the ${what} ${r.valid ? 'verifies' : 'does not verify'}`,
  );
  return r.valid ? 0 : 1;
}

export const sign: Command = {
  name: 'sign',
  args: 'UID',
  summary: 'sign data with a private key on the server',
  details: 'Example: kmip sign 42 --in report.pdf --hash SHA_256 --padding PSS --raw > report.sig',
  options: [...DATA_OPTIONS, ...SIGN_PARAMS, PARAMS_JSON, DIGESTED, ...BYTES_OUTPUT_OPTIONS],
  async run(ctx) {
    const data = await inputData(ctx.options, ctx.stdin);
    const r = await ctx.client().sign(positional(ctx, 0, 'private key UID'), data, {
      ...parameterOption(ctx.options, SIGN_PARAMS),
      digested: flag(ctx.options, 'digested'),
    });
    printBytes(ctx, r, 'signature');
  },
};

export const signatureVerify: Command = {
  name: 'signature-verify',
  args: 'UID',
  summary: 'check a signature with a public key on the server (exit status 1 when it does not verify)',
  details:
    'Example: kmip signature-verify 43 --in report.pdf --signature-file report.sig --hash SHA_256 --padding PSS',
  options: [
    ...DATA_OPTIONS,
    { name: 'signature', value: 'HEX', help: 'the signature as hex digits' },
    { name: 'signature-file', value: 'FILE', help: 'read the signature from FILE' },
    ...SIGN_PARAMS,
    PARAMS_JSON,
    DIGESTED,
  ],
  async run(ctx) {
    const data = await inputData(ctx.options, ctx.stdin);
    const signature = bytesArgument(ctx.options, 'signature');
    const r = await ctx.client().signatureVerify(positional(ctx, 0, 'public key UID'), data, signature, {
      ...parameterOption(ctx.options, SIGN_PARAMS),
      digested: flag(ctx.options, 'digested'),
    });
    return verdict(ctx, r, 'signature');
  },
};

export const mac: Command = {
  name: 'mac',
  args: 'UID',
  summary: 'compute a MAC (HMAC, CMAC) of data with a key on the server',
  details: 'Example: kmip mac 42 --text "message" --alg HMAC_SHA256',
  options: [...DATA_OPTIONS, ...MAC_PARAMS, PARAMS_JSON, ...BYTES_OUTPUT_OPTIONS],
  async run(ctx) {
    const data = await inputData(ctx.options, ctx.stdin);
    const r = await ctx
      .client()
      .mac(positional(ctx, 0, 'key UID'), data, parameterOption(ctx.options, MAC_PARAMS));
    printBytes(ctx, r, 'mac');
  },
};

export const macVerify: Command = {
  name: 'mac-verify',
  args: 'UID',
  summary: 'check a MAC with a key on the server (exit status 1 when it does not verify)',
  options: [
    ...DATA_OPTIONS,
    { name: 'mac', value: 'HEX', help: 'the MAC as hex digits' },
    { name: 'mac-file', value: 'FILE', help: 'read the MAC from FILE' },
    ...MAC_PARAMS,
    PARAMS_JSON,
  ],
  async run(ctx) {
    const data = await inputData(ctx.options, ctx.stdin);
    const tag = bytesArgument(ctx.options, 'mac');
    const r = await ctx
      .client()
      .macVerify(positional(ctx, 0, 'key UID'), data, tag, parameterOption(ctx.options, MAC_PARAMS));
    return verdict(ctx, r, 'MAC');
  },
};

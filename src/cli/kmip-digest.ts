// `kmip hash` and `kmip rng`: a digest computed by the server (KMIP 2.1 §6.1.24) and random bytes
// from its generator (RNG Retrieve, §6.1.49). Neither needs a key.
import { UsageError } from './kmip-args.js';
import { positional, type Command } from './kmip-command.js';
import { DATA_OPTIONS, inputData } from './kmip-output.js';
import { BYTES_OUTPUT_OPTIONS, printBytes } from './kmip-bytes.js';
import { PARAMS_JSON, PARAM_OPTIONS, cryptoParameters } from './kmip-params.js';

const HASH = {
  ...PARAM_OPTIONS.hash,
  help: 'Hashing Algorithm (default SHA_256): SHA_1, SHA_512, SHA3_256 …',
};

export const hash: Command = {
  name: 'hash',
  args: '',
  summary: 'compute a digest of data on the server',
  details: 'Example: kmip hash --in file.iso --hash SHA_512',
  options: [...DATA_OPTIONS, HASH, PARAMS_JSON, ...BYTES_OUTPUT_OPTIONS],
  async run(ctx) {
    const data = await inputData(ctx.options, ctx.stdin);
    const params = cryptoParameters(ctx.options, [HASH], { HashingAlgorithm: 'SHA_256' }) ?? {};
    printBytes(ctx, await ctx.client().hash(data, params), 'digest');
  },
};

export const rng: Command = {
  name: 'rng',
  args: 'LENGTH',
  summary: "fetch LENGTH random bytes from the server's random number generator",
  details: 'Example: kmip rng 32 --raw > seed.bin',
  options: BYTES_OUTPUT_OPTIONS,
  async run(ctx) {
    const text = positional(ctx, 0, 'LENGTH in bytes');
    if (!/^\d+$/.test(text) || Number(text) < 1)
      throw new UsageError(`LENGTH must be a positive whole number of bytes, not '${text}'`);
    printBytes(ctx, await ctx.client().rngRetrieve(Number(text)), 'data');
  },
};

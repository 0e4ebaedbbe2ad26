// Cryptographic Parameters (KMIP 2.1 §7.6, 1.4 §2.1.5) from `kmip` options: --alg, --mode,
// --padding, --hash, --sig-alg each set one field, or --params gives the whole structure as JSON.
import type { PlainStructure } from '../client/values.js';
import { UsageError, stringOption, type OptionSpec, type OptionValues } from './kmip-args.js';

export interface ParamOption extends OptionSpec {
  /** The Cryptographic Parameters field the option sets. */
  readonly field: string;
}

const option = (name: string, value: string, enumeration: string, help: string): ParamOption => ({
  name,
  value,
  enumeration,
  field: enumeration,
  help,
});

export const PARAM_OPTIONS = Object.freeze({
  alg: option('alg', 'ALG', 'CryptographicAlgorithm', 'Cryptographic Algorithm: AES, RSA, EC …'),
  mode: option('mode', 'MODE', 'BlockCipherMode', 'Block Cipher Mode: CBC, ECB, GCM, CTR …'),
  padding: option('padding', 'PAD', 'PaddingMethod', 'Padding Method: PKCS5, OAEP, PSS, PKCS1v1_5 …'),
  hash: option('hash', 'HASH', 'HashingAlgorithm', 'Hashing Algorithm: SHA_256, SHA_384, SHA3_256 …'),
  sigAlg: option(
    'sig-alg',
    'ALG',
    'DigitalSignatureAlgorithm',
    'Digital Signature Algorithm: SHA256WithRSAEncryption, ECDSAWithSHA256 …',
  ),
});

export const PARAMS_JSON: OptionSpec = {
  name: 'params',
  value: 'JSON',
  help: 'Cryptographic Parameters as JSON, e.g. \'{"HashingAlgorithm":"SHA_256"}\' (replaces the options above)',
};

/**
 * The parameters the options give: --params as it is, else one field per option given (over
 * `defaults`); undefined when nothing is given and there are no defaults.
 */
export function cryptoParameters(
  o: OptionValues,
  options: readonly ParamOption[],
  defaults: PlainStructure = {},
): PlainStructure | undefined {
  const json = stringOption(o, 'params');
  if (json !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch (err) {
      throw new UsageError(`--params is not valid JSON: ${(err as Error).message}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new UsageError('--params must be a JSON object of Cryptographic Parameters fields');
    return parsed as PlainStructure;
  }
  const out: Record<string, PlainStructure[string]> = { ...defaults };
  for (const p of options) {
    const v = stringOption(o, p.name);
    if (v !== undefined) out[p.field] = v;
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

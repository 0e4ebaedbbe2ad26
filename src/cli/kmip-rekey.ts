// `kmip rekey`, `rekey-key-pair`, `derive-key`: new keys made by the server from existing ones
// (KMIP 2.1 §6.1.46 Re-key, §6.1.47 Re-key Key Pair, §6.1.14 Derive Key).
import { UsageError, intOption, requiredOption, stringOption, type OptionValues } from './kmip-args.js';
import { positional, type Command } from './kmip-command.js';
import { attributePairs, cliValue, hexBytes } from './kmip-output.js';
import type { PlainStructure } from '../client/values.js';

const OFFSET = {
  name: 'offset',
  value: 'SECONDS',
  help: "seconds from the new key's Initial Date to its Activation Date (the old key's dates move by it too)",
};
const ATTR = {
  name: 'attr',
  value: 'NAME=VALUE',
  help: 'an attribute for the new key(s) (repeatable; JSON for structures)',
  repeat: true,
};

function offsetOf(o: OptionValues): { offset?: number } {
  const offset = intOption(o, 'offset');
  return offset === undefined ? {} : { offset };
}

export const rekey: Command = {
  name: 'rekey',
  args: 'UID',
  summary: 'replace a symmetric key with a new one of the same kind (the old one is linked to it)',
  details: "Example: kmip rekey 42 --offset 0  (prints the new key's UID; its Name moves to it)",
  options: [OFFSET, ATTR],
  async run(ctx) {
    const r = await ctx.client().rekey(positional(ctx, 0, 'key UID'), {
      ...offsetOf(ctx.options),
      attributes: attributePairs(ctx.options),
    });
    ctx.result(r, r.uid);
  },
};

export const rekeyKeyPair: Command = {
  name: 'rekey-key-pair',
  args: 'UID',
  summary: 'replace a key pair, given its private key, with a new pair of the same algorithm and size',
  options: [
    OFFSET,
    { ...ATTR, help: 'an attribute for both new keys (repeatable)' },
    { ...ATTR, name: 'private-attr', help: 'an attribute for the new private key (repeatable)' },
    { ...ATTR, name: 'public-attr', help: 'an attribute for the new public key (repeatable)' },
  ],
  async run(ctx) {
    const pair = await ctx.client().rekeyKeyPair(positional(ctx, 0, 'private key UID'), {
      ...offsetOf(ctx.options),
      commonAttributes: attributePairs(ctx.options),
      privateAttributes: attributePairs(ctx.options, 'private-attr'),
      publicAttributes: attributePairs(ctx.options, 'public-attr'),
    });
    ctx.result(pair, `private key ${pair.privateKeyUid}\npublic key  ${pair.publicKeyUid}`);
  },
};

/** Derivation Parameters from --derivation-params JSON, else from the single options. */
function derivationParameters(o: OptionValues): PlainStructure {
  const json = stringOption(o, 'derivation-params');
  if (json !== undefined) {
    const v = cliValue(json);
    if (
      typeof v !== 'object' ||
      v === null ||
      Array.isArray(v) ||
      v instanceof Uint8Array ||
      v instanceof Date
    )
      throw new UsageError('--derivation-params must be a JSON object');
    return v as PlainStructure;
  }
  const hash = stringOption(o, 'hash');
  const bytes = (name: string): Buffer | undefined => {
    const v = stringOption(o, name);
    return v === undefined ? undefined : hexBytes(v, `--${name}`);
  };
  const salt = bytes('salt');
  const data = bytes('derivation-data');
  const iv = bytes('iv');
  const iterations = intOption(o, 'iterations');
  return {
    ...(hash !== undefined ? { CryptographicParameters: { HashingAlgorithm: hash } } : {}),
    ...(iv !== undefined ? { InitializationVector: iv } : {}),
    ...(data !== undefined ? { DerivationData: data } : {}),
    ...(salt !== undefined ? { Salt: salt } : {}),
    ...(iterations !== undefined ? { IterationCount: iterations } : {}),
  };
}

export const deriveKey: Command = {
  name: 'derive-key',
  args: 'UID...',
  summary: 'derive a new key (or secret data) from a key or secret on the server',
  details:
    'Example: kmip derive-key 42 --method PBKDF2 --hash SHA_256 --salt 0011223344556677 --iterations 10000 --length 256',
  options: [
    {
      name: 'method',
      value: 'METHOD',
      enumeration: 'DerivationMethod',
      required: true,
      help: 'Derivation Method: PBKDF2, HMAC, HASH, ENCRYPT, NIST800_108_C …',
    },
    {
      name: 'type',
      value: 'TYPE',
      enumeration: 'ObjectType',
      help: 'what to make: SymmetricKey (default) or SecretData',
    },
    {
      name: 'alg',
      value: 'ALG',
      enumeration: 'CryptographicAlgorithm',
      help: 'algorithm of the new key (default AES)',
    },
    { name: 'length', value: 'BITS', help: 'Cryptographic Length of the new key (default 256)' },
    { name: 'name', value: 'NAME', help: 'a Name for the new key' },
    {
      name: 'hash',
      value: 'HASH',
      enumeration: 'HashingAlgorithm',
      help: 'Hashing Algorithm of the derivation (PBKDF2, HMAC, HASH)',
    },
    { name: 'salt', value: 'HEX', help: 'Salt (PBKDF2)' },
    { name: 'iterations', value: 'N', help: 'Iteration Count (PBKDF2)' },
    { name: 'derivation-data', value: 'HEX', help: 'Derivation Data' },
    { name: 'iv', value: 'HEX', help: 'Initialization Vector (ENCRYPT)' },
    {
      name: 'derivation-params',
      value: 'JSON',
      help: 'the whole Derivation Parameters structure as JSON (replaces the five options above)',
    },
    ATTR,
  ],
  async run(ctx) {
    const type = stringOption(ctx.options, 'type') ?? 'SymmetricKey';
    const name = stringOption(ctx.options, 'name');
    const method = requiredOption(ctx.options, 'method');
    const r = await ctx.client().deriveKey({
      baseUids: ctx.positionals,
      method,
      parameters: derivationParameters(ctx.options),
      objectType: type,
      ...(type === 'SecretData' || type === 'Secret Data'
        ? {}
        : { algorithm: stringOption(ctx.options, 'alg') ?? 'AES' }),
      length: intOption(ctx.options, 'length') ?? 256,
      ...(name !== undefined ? { name } : {}),
      attributes: attributePairs(ctx.options),
    });
    ctx.result(r, r.uid);
  },
};

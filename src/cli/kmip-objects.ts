// `kmip` object subcommands: create, create-key-pair, get, locate. Argument parsing and
// printing only; the work is the client's.
import { writeFileSync } from 'node:fs';
import type { ManagedObjectView } from '../client/objects.js';
import { toPem } from '../client/pem.js';
import { UsageError, flag, intOption, listOption, stringOption } from './kmip-args.js';
import { positional, type Command, type CommandContext } from './kmip-command.js';
import { attributePairs, toJson } from './kmip-output.js';

const ATTR = {
  name: 'attr',
  value: 'NAME=VALUE',
  help: 'another attribute (repeatable; JSON for structures)',
  repeat: true,
};
const NAME = { name: 'name', value: 'NAME', help: 'a Name for the object (repeatable)', repeat: true };
const ACTIVATE = { name: 'activate', help: 'activate the new object(s) too' };

function names(ctx: CommandContext): string[] | undefined {
  const n = listOption(ctx.options, 'name');
  return n.length === 0 ? undefined : n;
}

export const create: Command = {
  name: 'create',
  args: '',
  summary: 'create a symmetric key on the server',
  details:
    'Example (a Ceph RGW bucket key): kmip create --alg AES --length 256 --name pykmip-mybucketkey --activate',
  options: [
    {
      name: 'alg',
      value: 'ALG',
      enumeration: 'CryptographicAlgorithm',
      help: 'Cryptographic Algorithm: AES, 3DES, HMAC_SHA256 … (default AES)',
    },
    { name: 'length', value: 'BITS', help: 'Cryptographic Length (default 256)' },
    NAME,
    { name: 'usage', value: 'MASK', help: "Cryptographic Usage Mask (default 'Encrypt Decrypt')" },
    ATTR,
    ACTIVATE,
  ],
  async run(ctx) {
    const c = ctx.client();
    const n = names(ctx);
    const usage = stringOption(ctx.options, 'usage');
    const made = await c.create({
      algorithm: stringOption(ctx.options, 'alg') ?? 'AES',
      length: intOption(ctx.options, 'length') ?? 256,
      ...(n !== undefined ? { name: n } : {}),
      ...(usage !== undefined ? { usageMask: usage } : {}),
      attributes: attributePairs(ctx.options),
    });
    const active = flag(ctx.options, 'activate');
    if (active) await c.activate(made.uid);
    ctx.result({ ...made, activated: active }, made.uid);
  },
};

const USAGE = { name: 'usage', value: 'MASK', help: 'Cryptographic Usage Mask of both keys' };

export const createKeyPair: Command = {
  name: 'create-key-pair',
  args: '',
  summary: 'create a public/private key pair on the server',
  details:
    "Example: kmip create-key-pair --alg EC --length 256 --private-name signer --attr 'Object Group=signing' --activate",
  options: [
    {
      name: 'alg',
      value: 'ALG',
      enumeration: 'CryptographicAlgorithm',
      help: 'Cryptographic Algorithm: RSA, EC, ECDSA … (default RSA)',
    },
    { name: 'length', value: 'BITS', help: 'Cryptographic Length (default 2048)' },
    { name: 'private-name', value: 'NAME', help: 'Name of the private key' },
    { name: 'public-name', value: 'NAME', help: 'Name of the public key' },
    USAGE,
    { ...USAGE, name: 'private-usage', help: 'Cryptographic Usage Mask of the private key (default Sign)' },
    { ...USAGE, name: 'public-usage', help: 'Cryptographic Usage Mask of the public key (default Verify)' },
    { ...ATTR, help: 'an attribute of both keys (repeatable; JSON for structures)' },
    { ...ATTR, name: 'private-attr', help: 'an attribute of the private key (repeatable)' },
    { ...ATTR, name: 'public-attr', help: 'an attribute of the public key (repeatable)' },
    ACTIVATE,
  ],
  async run(ctx) {
    const c = ctx.client();
    const o = ctx.options;
    const given = (name: string, key: string): Record<string, string> => {
      const v = stringOption(o, name);
      return v === undefined ? {} : { [key]: v };
    };
    const both = stringOption(o, 'usage');
    const pair = await c.createKeyPair({
      algorithm: stringOption(o, 'alg') ?? 'RSA',
      length: intOption(o, 'length') ?? 2048,
      ...given('private-name', 'privateName'),
      ...given('public-name', 'publicName'),
      ...(both !== undefined ? { privateUsageMask: both, publicUsageMask: both } : {}),
      ...given('private-usage', 'privateUsageMask'),
      ...given('public-usage', 'publicUsageMask'),
      commonAttributes: attributePairs(o),
      privateAttributes: attributePairs(o, 'private-attr'),
      publicAttributes: attributePairs(o, 'public-attr'),
    });
    if (flag(o, 'activate')) {
      await c.activate(pair.privateKeyUid);
      await c.activate(pair.publicKeyUid);
    }
    ctx.result(pair, `private key ${pair.privateKeyUid}\npublic key  ${pair.publicKeyUid}`);
  },
};

const PEM_LABELS: Readonly<Record<string, string>> = {
  'Certificate/undefined': 'CERTIFICATE',
  'PublicKey/X_509': 'PUBLIC KEY',
  'PublicKey/PKCS_1': 'RSA PUBLIC KEY',
  'PrivateKey/PKCS_8': 'PRIVATE KEY',
  'PrivateKey/PKCS_1': 'RSA PRIVATE KEY',
  'PrivateKey/ECPrivateKey': 'EC PRIVATE KEY',
};

function summary(o: ManagedObjectView): string {
  const lines = [`${o.objectType} ${o.uid}`];
  if (o.keyFormatType !== undefined)
    lines.push(`  Key Format Type:  ${o.keyFormatType}${o.wrapped ? ' (wrapped)' : ''}`);
  if (o.algorithm !== undefined)
    lines.push(`  Algorithm:        ${o.algorithm}${o.length !== undefined ? ` ${o.length}` : ''}`);
  if (o.secretDataType !== undefined) lines.push(`  Secret Data Type: ${o.secretDataType}`);
  if (o.certificateType !== undefined) lines.push(`  Certificate Type: ${o.certificateType}`);
  if (o.value !== undefined)
    lines.push(`  Value (${o.value.length} bytes): ${Buffer.from(o.value).toString('hex')}`);
  return lines.join('\n');
}

/** The object's bytes as PEM, when it has a PEM form. */
function pemOf(o: ManagedObjectView): string {
  const label = PEM_LABELS[`${o.objectType}/${o.objectType === 'Certificate' ? undefined : o.keyFormatType}`];
  if (label === undefined || o.value === undefined)
    throw new UsageError(`no PEM form for a ${o.objectType} in ${o.keyFormatType ?? 'this'} format`);
  return toPem(label, o.value);
}

const FORMATS = ['summary', 'raw', 'hex', 'base64', 'pem'] as const;

/** What `kmip get` prints for the format (bytes as they are for raw). */
function rendering(ctx: CommandContext, o: ManagedObjectView, format: string): Buffer {
  if (ctx.json) {
    // JSON always: the format picks how the value is written (hex, base64, or PEM text besides).
    if (format === 'raw')
      throw new UsageError('--format raw writes bytes, not JSON: use --format base64 (or hex) with --json');
    const view = format === 'pem' ? { ...o, pem: pemOf(o) } : o;
    return Buffer.from(`${JSON.stringify(toJson(view, format === 'base64' ? 'base64' : 'hex'), null, 2)}\n`);
  }
  if (format === 'summary') return Buffer.from(`${summary(o)}\n`);
  if (format === 'pem') return Buffer.from(pemOf(o));
  if (o.value === undefined) throw new UsageError(`object ${o.uid} has no byte value to print as ${format}`);
  const v = Buffer.from(o.value);
  return format === 'raw' ? v : Buffer.from(`${v.toString(format === 'base64' ? 'base64' : 'hex')}\n`);
}

export const get: Command = {
  name: 'get',
  args: 'UID',
  summary: 'fetch an object: its key bytes, certificate or data',
  details:
    'Examples: kmip get 42 --format raw --out key.bin · kmip --json get 42 --format base64 (the value in base64)',
  options: [
    {
      name: 'format',
      value: 'FMT',
      choices: FORMATS,
      help: 'output: summary (default), raw, hex, base64, pem; with --json, how the value is written',
    },
    {
      name: 'key-format',
      value: 'KFT',
      enumeration: 'KeyFormatType',
      help: 'Key Format Type to ask the server for: Raw, PKCS_8, X_509, PKCS_1 …',
    },
    { name: 'out', value: 'FILE', help: 'write the output to FILE instead of standard output' },
  ],
  async run(ctx) {
    const kft = stringOption(ctx.options, 'key-format');
    const o = await ctx
      .client()
      .get(positional(ctx, 0, "object's UID"), kft !== undefined ? { format: kft } : {});
    const bytes = rendering(ctx, o, stringOption(ctx.options, 'format') ?? 'summary');
    const out = stringOption(ctx.options, 'out');
    if (out !== undefined) writeFileSync(out, bytes, { mode: 0o600 });
    else ctx.write(bytes);
  },
};

export const locate: Command = {
  name: 'locate',
  args: '',
  summary: 'find objects by name, type and attributes; prints their UIDs',
  details:
    'No match prints nothing on standard output (and says so on standard error); the exit status is 0.',
  options: [
    { name: 'name', value: 'NAME', help: 'the Name to look for' },
    {
      name: 'type',
      value: 'TYPE',
      enumeration: 'ObjectType',
      help: 'Object Type: SymmetricKey, PrivateKey, Certificate …',
    },
    ATTR,
    { name: 'max', value: 'N', help: 'Maximum Items' },
    { name: 'offset', value: 'N', help: 'Offset Items (skip the first N)' },
  ],
  async run(ctx) {
    const name = stringOption(ctx.options, 'name');
    const type = stringOption(ctx.options, 'type');
    const max = intOption(ctx.options, 'max');
    const offset = intOption(ctx.options, 'offset');
    const found = await ctx.client().locate({
      ...(name !== undefined ? { name } : {}),
      ...(type !== undefined ? { objectType: type } : {}),
      attributes: attributePairs(ctx.options),
      ...(max !== undefined ? { maximumItems: max } : {}),
      ...(offset !== undefined ? { offsetItems: offset } : {}),
    });
    if (found.uids.length === 0) ctx.note('no object matches');
    ctx.result(found, found.uids.length === 0 ? undefined : found.uids.join('\n'));
  },
};

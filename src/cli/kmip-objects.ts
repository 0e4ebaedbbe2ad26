// `kmip` object subcommands: create, create-key-pair, register, get, locate, activate, revoke,
// destroy. Argument parsing and printing only; the work is the client's.
import { writeFileSync } from 'node:fs';
import type { RegisterObject } from '../client/objects.js';
import type { ManagedObjectView } from '../client/objects.js';
import { toDer, toPem } from '../client/pem.js';
import { UsageError, flag, intOption, listOption, stringOption } from './kmip-args.js';
import type { Command, CommandContext } from './kmip-command.js';
import { DATA_OPTIONS, attributePairs, inputData } from './kmip-output.js';

function uidArg(ctx: CommandContext, what = 'UID'): string {
  const uid = ctx.positionals[0];
  if (uid === undefined) throw new UsageError(`give the object's ${what}`);
  return uid;
}

function required(ctx: CommandContext, name: string): string {
  const v = stringOption(ctx.options, name);
  if (v === undefined) throw new UsageError(`--${name} is required`);
  return v;
}

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
    { name: 'alg', value: 'ALG', help: 'Cryptographic Algorithm: AES, 3DES, HMAC_SHA256 … (default AES)' },
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

export const createKeyPair: Command = {
  name: 'create-key-pair',
  args: '',
  summary: 'create a public/private key pair on the server',
  options: [
    { name: 'alg', value: 'ALG', help: 'Cryptographic Algorithm: RSA, EC … (default RSA)' },
    { name: 'length', value: 'BITS', help: 'Cryptographic Length (default 2048)' },
    { name: 'private-name', value: 'NAME', help: 'Name of the private key' },
    { name: 'public-name', value: 'NAME', help: 'Name of the public key' },
    ACTIVATE,
  ],
  async run(ctx) {
    const c = ctx.client();
    const privateName = stringOption(ctx.options, 'private-name');
    const publicName = stringOption(ctx.options, 'public-name');
    const pair = await c.createKeyPair({
      algorithm: stringOption(ctx.options, 'alg') ?? 'RSA',
      length: intOption(ctx.options, 'length') ?? 2048,
      ...(privateName !== undefined ? { privateName } : {}),
      ...(publicName !== undefined ? { publicName } : {}),
    });
    if (flag(ctx.options, 'activate')) {
      await c.activate(pair.privateKeyUid);
      await c.activate(pair.publicKeyUid);
    }
    ctx.result(pair, `private key ${pair.privateKeyUid}\npublic key  ${pair.publicKeyUid}`);
  },
};

const KINDS = ['symmetric-key', 'secret-data', 'opaque', 'certificate', 'public-key', 'private-key'] as const;

export const register: Command = {
  name: 'register',
  args: '',
  summary: 'store an object you supply: a key, secret, opaque data or certificate',
  details:
    'Keys and certificates may be PEM or DER files. Example: kmip register --type symmetric-key --alg AES --in key.bin --name k1',
  options: [
    { name: 'type', value: 'KIND', help: `what the data is: ${KINDS.join(', ')}` },
    ...DATA_OPTIONS,
    {
      name: 'alg',
      value: 'ALG',
      help: 'algorithm of a symmetric key (read from the DER for public/private keys)',
    },
    NAME,
    { name: 'usage', value: 'MASK', help: 'Cryptographic Usage Mask' },
    ATTR,
    ACTIVATE,
  ],
  async run(ctx) {
    const kind = required(ctx, 'type');
    const data = await inputData(ctx.options, ctx.stdin);
    let object: RegisterObject;
    if (kind === 'symmetric-key') object = { kind, algorithm: required(ctx, 'alg'), key: data };
    else if (kind === 'secret-data' || kind === 'opaque') object = { kind, data };
    else if (kind === 'certificate' || kind === 'public-key' || kind === 'private-key') {
      const alg = stringOption(ctx.options, 'alg');
      object =
        kind === 'certificate'
          ? { kind, der: toDer(kind, data) }
          : { kind, der: toDer(kind, data), ...(alg !== undefined ? { algorithm: alg } : {}) };
    } else throw new UsageError(`--type must be one of ${KINDS.join(', ')}`);
    const c = ctx.client();
    const n = names(ctx);
    const usage = stringOption(ctx.options, 'usage');
    const { uid } = await c.register(object, {
      ...(n !== undefined ? { name: n } : {}),
      ...(usage !== undefined ? { usageMask: usage } : {}),
      attributes: attributePairs(ctx.options),
    });
    if (flag(ctx.options, 'activate')) await c.activate(uid);
    ctx.result({ uid }, uid);
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

export const get: Command = {
  name: 'get',
  args: 'UID',
  summary: 'fetch an object: its key bytes, certificate or data',
  details: 'Example: kmip get 42 --format raw --out key.bin',
  options: [
    { name: 'format', value: 'FMT', help: 'output: summary (default), raw, hex, base64, pem' },
    {
      name: 'key-format',
      value: 'KFT',
      help: 'Key Format Type to ask the server for: Raw, PKCS_8, X_509, PKCS_1 …',
    },
    { name: 'out', value: 'FILE', help: 'write the output to FILE instead of standard output' },
  ],
  async run(ctx) {
    const kft = stringOption(ctx.options, 'key-format');
    const o = await ctx.client().get(uidArg(ctx), kft !== undefined ? { format: kft } : {});
    const format = stringOption(ctx.options, 'format') ?? (ctx.json ? 'json' : 'summary');
    const out = stringOption(ctx.options, 'out');
    let bytes: Uint8Array | undefined;
    if (format === 'summary' || format === 'json') {
      if (out === undefined) return ctx.result(o, summary(o));
      bytes = Buffer.from(ctx.json ? JSON.stringify(o) : summary(o) + '\n');
    } else {
      if (o.value === undefined)
        throw new UsageError(`object ${o.uid} has no byte value to print as ${format}`);
      const v = Buffer.from(o.value);
      if (format === 'raw') bytes = v;
      else if (format === 'hex') bytes = Buffer.from(`${v.toString('hex')}\n`);
      else if (format === 'base64') bytes = Buffer.from(`${v.toString('base64')}\n`);
      else if (format === 'pem') {
        const label =
          PEM_LABELS[`${o.objectType}/${o.objectType === 'Certificate' ? undefined : o.keyFormatType}`];
        if (label === undefined)
          throw new UsageError(`no PEM form for a ${o.objectType} in ${o.keyFormatType} format`);
        bytes = Buffer.from(toPem(label, v));
      } else throw new UsageError(`--format must be summary, raw, hex, base64 or pem, not '${format}'`);
    }
    if (out !== undefined) writeFileSync(out, bytes, { mode: 0o600 });
    else ctx.write(bytes);
  },
};

export const locate: Command = {
  name: 'locate',
  args: '',
  summary: 'find objects by name, type and attributes; prints their UIDs',
  options: [
    { name: 'name', value: 'NAME', help: 'the Name to look for' },
    { name: 'type', value: 'TYPE', help: 'Object Type: SymmetricKey, PrivateKey, Certificate …' },
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
    ctx.result(found, found.uids.length === 0 ? undefined : found.uids.join('\n'));
  },
};

function uidCommand(name: 'activate' | 'destroy', summaryText: string): Command {
  return {
    name,
    args: 'UID',
    summary: summaryText,
    options: [],
    async run(ctx) {
      const r = await ctx.client()[name](uidArg(ctx));
      ctx.result(r, `${name === 'activate' ? 'activated' : 'destroyed'} ${r.uid}`);
    },
  };
}

export const activate = uidCommand('activate', 'make an object Active');
export const destroy = uidCommand('destroy', 'destroy an object (revoke an Active one first)');

export const revoke: Command = {
  name: 'revoke',
  args: 'UID',
  summary: 'revoke an object (Active -> Deactivated; Compromised for a compromise)',
  options: [
    {
      name: 'reason',
      value: 'CODE',
      help: 'Revocation Reason Code (default Unspecified): KeyCompromise, CessationOfOperation …',
    },
    { name: 'message', value: 'TEXT', help: 'Revocation Message' },
  ],
  async run(ctx) {
    const reason = stringOption(ctx.options, 'reason');
    const message = stringOption(ctx.options, 'message');
    const r = await ctx.client().revoke(uidArg(ctx), {
      ...(reason !== undefined ? { reason } : {}),
      ...(message !== undefined ? { message } : {}),
    });
    ctx.result(r, `revoked ${r.uid}`);
  },
};

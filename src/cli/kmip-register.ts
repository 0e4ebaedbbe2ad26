// `kmip register`: stores an object the user supplies — every Object Type a server can hold
// (KMIP 2.1 §2: symmetric, public and private keys, split keys, secret data, opaque data,
// certificates, certificate requests, PGP keys; 1.x templates). Keys and certificates may be PEM
// or DER.
import type { RegisterObject } from '../client/objects.js';
import { toAttributes } from '../client/attribute-io.js';
import { toDer } from '../client/pem.js';
import { UsageError, flag, intOption, listOption, requiredOption, stringOption } from './kmip-args.js';
import type { Command, CommandContext } from './kmip-command.js';
import { DATA_OPTIONS, attributePairs, inputData } from './kmip-output.js';

export const OBJECT_KINDS = [
  'symmetric-key',
  'public-key',
  'private-key',
  'split-key',
  'secret-data',
  'opaque',
  'certificate',
  'certificate-request',
  'pgp-key',
  'template',
] as const;
type Kind = (typeof OBJECT_KINDS)[number];

function count(ctx: CommandContext, name: string): number {
  const v = intOption(ctx.options, name);
  if (v === undefined) throw new UsageError(`--${name} is required for a split key`);
  return v;
}

/** A PEM certificate request becomes DER (PKCS#10); anything else is sent as it is. */
function requestDer(data: Buffer): { data: Buffer; requestType?: string } {
  const text = data.subarray(0, 64).toString('latin1');
  if (!text.includes('-----BEGIN')) return { data };
  const body = /-----BEGIN [A-Z ]*REQUEST-----([\s\S]*?)-----END/.exec(data.toString('latin1'));
  if (body === null) throw new UsageError('the PEM file holds no CERTIFICATE REQUEST');
  return { data: Buffer.from((body[1] ?? '').replace(/\s/g, ''), 'base64'), requestType: 'PKCS_10' };
}

async function objectOf(ctx: CommandContext, kind: Kind): Promise<RegisterObject> {
  const o = ctx.options;
  const alg = stringOption(o, 'alg');
  if (kind === 'template') {
    // The template's content is its attributes; --name names the template itself.
    return { kind, attributes: toAttributes(attributePairs(o)) };
  }
  const data = await inputData(o, ctx.stdin);
  switch (kind) {
    case 'symmetric-key':
      return { kind, algorithm: requiredOption(o, 'alg'), key: data };
    case 'split-key': {
      const prime = stringOption(o, 'prime-field-size');
      return {
        kind,
        algorithm: requiredOption(o, 'alg'),
        key: data,
        parts: count(ctx, 'parts'),
        partId: count(ctx, 'part'),
        threshold: count(ctx, 'threshold'),
        method: requiredOption(o, 'split-method'),
        ...(prime !== undefined ? { primeFieldSize: BigInt(prime) } : {}),
      };
    }
    case 'secret-data': {
      const t = stringOption(o, 'secret-type');
      return { kind, data, ...(t !== undefined ? { secretDataType: t } : {}) };
    }
    case 'opaque':
      return { kind, data };
    case 'certificate':
      return { kind, der: toDer(kind, data) };
    case 'public-key':
    case 'private-key':
      return { kind, der: toDer(kind, data), ...(alg !== undefined ? { algorithm: alg } : {}) };
    case 'certificate-request': {
      const given = stringOption(o, 'request-type');
      const r = requestDer(data);
      const requestType = given ?? r.requestType;
      return { kind, data: r.data, ...(requestType !== undefined ? { requestType } : {}) };
    }
    case 'pgp-key': {
      const version = intOption(o, 'pgp-version');
      return { kind, data, ...(version !== undefined ? { version } : {}) };
    }
  }
}

export const register: Command = {
  name: 'register',
  args: '',
  summary: 'store an object you supply: a key, secret, opaque data, certificate, request or template',
  details: [
    'Examples:',
    '  kmip register --type symmetric-key --alg AES --in key.bin --name k1',
    '  kmip register --type certificate --in server.pem',
    '  kmip register --type secret-data --text "s3cret" --secret-type Password',
    '  kmip register --type split-key --alg AES --in part1.bin --parts 3 --part 1 --threshold 2 --split-method XOR',
    "  kmip --kmip-version 1.4 register --type template --name t1 --attr 'Cryptographic Algorithm=AES'",
  ].join('\n'),
  options: [
    { name: 'type', value: 'KIND', choices: OBJECT_KINDS, required: true, help: 'what the data is' },
    ...DATA_OPTIONS,
    {
      name: 'alg',
      value: 'ALG',
      enumeration: 'CryptographicAlgorithm',
      help: 'algorithm of a symmetric or split key (read from the DER for public/private keys)',
    },
    { name: 'name', value: 'NAME', help: 'a Name for the object (repeatable)', repeat: true },
    { name: 'usage', value: 'MASK', help: 'Cryptographic Usage Mask' },
    {
      name: 'attr',
      value: 'NAME=VALUE',
      help: 'another attribute (repeatable; JSON for structures); for a template, its content',
      repeat: true,
    },
    { name: 'activate', help: 'activate the new object too' },
    {
      name: 'secret-type',
      value: 'TYPE',
      enumeration: 'SecretDataType',
      help: 'Secret Data Type (default Password)',
    },
    { name: 'parts', value: 'N', help: 'split key: Split Key Parts' },
    { name: 'part', value: 'N', help: 'split key: Key Part Identifier of this part (1..parts)' },
    { name: 'threshold', value: 'N', help: 'split key: Split Key Threshold' },
    {
      name: 'split-method',
      value: 'METHOD',
      enumeration: 'SplitKeyMethod',
      help: 'split key: Split Key Method (XOR …)',
    },
    { name: 'prime-field-size', value: 'N', help: 'split key: Prime Field Size (prime-field method)' },
    {
      name: 'request-type',
      value: 'TYPE',
      enumeration: 'CertificateRequestType',
      help: 'certificate request: PKCS_10 (default for PEM), CRMF, PEM',
    },
    { name: 'pgp-version', value: 'N', help: 'PGP key: PGP Key Version (default 4)' },
  ],
  async run(ctx) {
    const kind = requiredOption(ctx.options, 'type') as Kind;
    const object = await objectOf(ctx, kind);
    const c = ctx.client();
    const names = listOption(ctx.options, 'name');
    const usage = stringOption(ctx.options, 'usage');
    const { uid } = await c.register(object, {
      ...(names.length > 0 ? { name: names } : {}),
      ...(usage !== undefined ? { usageMask: usage } : {}),
      attributes: kind === 'template' ? {} : attributePairs(ctx.options),
    });
    if (flag(ctx.options, 'activate')) await c.activate(uid);
    ctx.result({ uid }, uid);
  },
};

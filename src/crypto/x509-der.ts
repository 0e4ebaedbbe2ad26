// The DER pieces of X.509 (RFC 5280) and PKCS#10 (RFC 2986) that Certify needs beyond
// node:crypto: object identifiers, distinguished names, times, and slicing a certificate or a
// certification request into its parts. Built on der.ts; not a general ASN.1 library.
import { KmipError } from '../messages/kmip-error.js';
import { ResultReason } from '../spec/generated/enums.js';
import { type DerNode, children, seq, tlv, top } from './der.js';

export function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const [a = 0, b = 0, ...rest] = parts;
  const bytes: number[] = [a * 40 + b];
  for (const n of rest) {
    const chunk: number[] = [n & 0x7f];
    for (let v = Math.floor(n / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift((v & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

/** A DER element rebuilt from a node (DER lengths are minimal, so these are the original bytes). */
export const raw = (node: DerNode): Buffer => tlv(node.tag, node.content);

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050. */
export function x509Time(when: Date): Buffer {
  const iso = when.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return when.getUTCFullYear() < 2050
    ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`))
    : tlv(0x18, Buffer.from(`${iso}Z`));
}

/** Distinguished-name attributes: KMIP's name (2.1 §4.6) -> OID and string type (RFC 5280 App. A). */
export const DN_ATTRIBUTES: readonly (readonly [string, string, number])[] = [
  ['C', '2.5.4.6', 0x13],
  ['ST', '2.5.4.8', 0x0c],
  ['L', '2.5.4.7', 0x0c],
  ['O', '2.5.4.10', 0x0c],
  ['OU', '2.5.4.11', 0x0c],
  ['CN', '2.5.4.3', 0x0c],
  ['Email', '1.2.840.113549.1.9.1', 0x16],
  ['UID', '0.9.2342.19200300.100.1.1', 0x0c],
  ['Serial Number', '2.5.4.5', 0x13],
  ['Title', '2.5.4.12', 0x0c],
  ['DC', '0.9.2342.19200300.100.1.25', 0x16],
  ['DN Qualifier', '2.5.4.46', 0x13],
];

/** A Name of one attribute per RDN, in the order given; `key` is a DN_ATTRIBUTES name. */
export function distinguishedName(entries: readonly (readonly [string, string])[]): Buffer {
  const rdns = entries.map(([key, value]) => {
    const spec = DN_ATTRIBUTES.find(([k]) => k === key);
    if (spec === undefined)
      throw new KmipError(ResultReason.InvalidField, `'${key}' is no distinguished-name attribute`);
    return tlv(0x31, seq(oid(spec[1]), tlv(spec[2], Buffer.from(value, 'utf8'))));
  });
  return seq(...rdns);
}

function invalidCsr(why: string): KmipError {
  return new KmipError(ResultReason.InvalidCSR, `the certificate request is not a PKCS#10 request: ${why}`);
}

export interface CertificationRequestParts {
  /** The signed CertificationRequestInfo, as DER. */
  readonly info: Buffer;
  readonly subject: Buffer;
  readonly spki: Buffer;
  readonly signatureAlgorithm: Buffer;
  readonly signature: Buffer;
}

/** The parts of a DER PKCS#10 CertificationRequest; malformed input is Invalid CSR. */
export function certificationRequestParts(der: Uint8Array): CertificationRequestParts {
  let nodes: DerNode[];
  try {
    nodes = children(top(der).content);
  } catch {
    throw invalidCsr('it is not DER');
  }
  const [info, alg, sig] = nodes;
  if (info?.tag !== 0x30 || alg?.tag !== 0x30 || sig?.tag !== 0x03 || sig.content[0] !== 0)
    throw invalidCsr('it is not a SEQUENCE of request, algorithm and signature');
  const fields = children(info.content);
  const [version, subject, spki] = fields;
  if (version?.tag !== 0x02 || subject?.tag !== 0x30 || spki?.tag !== 0x30)
    throw invalidCsr('its CertificationRequestInfo lacks version, subject or public key');
  return {
    info: raw(info),
    subject: raw(subject),
    spki: raw(spki),
    signatureAlgorithm: raw(alg),
    signature: sig.content.subarray(1),
  };
}

/** A PEM certificate request's DER (RFC 7468 "CERTIFICATE REQUEST", or the older "NEW ..."). */
export function pemRequestDer(pem: Uint8Array): Buffer {
  const text = Buffer.from(pem).toString('latin1');
  const m =
    /-----BEGIN (NEW )?CERTIFICATE REQUEST-----([A-Za-z0-9+/=\s]+)-----END (NEW )?CERTIFICATE REQUEST-----/.exec(
      text,
    );
  if (m?.[2] === undefined) throw invalidCsr('no PEM CERTIFICATE REQUEST block');
  return Buffer.from(m[2].replace(/\s+/g, ''), 'base64');
}

export interface CertificateParts {
  readonly subject: Buffer;
  /** The Subject Key Identifier extension's value, when the certificate has one. */
  readonly subjectKeyId: Buffer | undefined;
}

const SKI = oid('2.5.29.14');

/** The subject Name and Subject Key Identifier of a DER certificate. */
export function certificateParts(der: Uint8Array): CertificateParts {
  const [tbs] = children(top(der).content);
  if (tbs?.tag !== 0x30) throw new KmipError(ResultReason.InvalidField, 'not an X.509 certificate');
  const fields = children(tbs.content);
  const offset = fields[0]?.tag === 0xa0 ? 1 : 0;
  const subject = fields[offset + 4];
  if (subject?.tag !== 0x30) throw new KmipError(ResultReason.InvalidField, 'the certificate has no subject');
  let subjectKeyId: Buffer | undefined;
  const extensions = fields.find((f) => f.tag === 0xa3);
  if (extensions !== undefined) {
    for (const ext of children(top(extensions.content).content)) {
      const [id, ...rest] = children(ext.content);
      const value = rest[rest.length - 1];
      if (id !== undefined && raw(id).equals(SKI) && value?.tag === 0x04)
        subjectKeyId = top(value.content).content;
    }
  }
  return { subject: raw(subject), subjectKeyId };
}

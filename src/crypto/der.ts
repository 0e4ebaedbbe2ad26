// The little DER (X.690) the key formats need: building SEC1 ECPrivateKey and SubjectPublicKeyInfo
// for elliptic-curve keys from their Transparent form, and reading the private scalar and public
// point back out. Not a general ASN.1 library.
import { KmipError } from '../messages/kmip-error.js';
import { ResultReason } from '../spec/generated/enums.js';

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

export function tlv(tag: number, content: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([tag]), length(content.length), content]);
}

export const seq = (...items: Uint8Array[]): Buffer => tlv(0x30, Buffer.concat(items));

export interface DerNode {
  readonly tag: number;
  readonly content: Buffer;
}

function malformed(): KmipError {
  return new KmipError(ResultReason.CryptographicFailure, 'malformed DER key encoding');
}

/** The elements of a constructed value's content, in order. */
export function children(content: Buffer): DerNode[] {
  const out: DerNode[] = [];
  let i = 0;
  while (i < content.length) {
    const tag = content[i++];
    let len = content[i++];
    if (tag === undefined || len === undefined) throw malformed();
    if (len & 0x80) {
      const n = len & 0x7f;
      if (n === 0 || n > 4) throw malformed();
      len = 0;
      for (let j = 0; j < n; j++) len = len * 256 + (content[i++] ?? 0);
    }
    if (i + len > content.length) throw malformed();
    out.push({ tag, content: content.subarray(i, i + len) });
    i += len;
  }
  return out;
}

/** The content of the single top-level element. */
export function top(der: Uint8Array): DerNode {
  const nodes = children(Buffer.from(der));
  const first = nodes[0];
  if (nodes.length !== 1 || first === undefined) throw malformed();
  return first;
}

/** Named curves: OpenSSL name, DER OID, field size in bytes. */
export interface CurveInfo {
  readonly name: string;
  readonly oid: Buffer;
  readonly bytes: number;
}

export const CURVES: readonly CurveInfo[] = [
  { name: 'prime256v1', oid: Buffer.from('06082a8648ce3d030107', 'hex'), bytes: 32 },
  { name: 'secp384r1', oid: Buffer.from('06052b81040022', 'hex'), bytes: 48 },
  { name: 'secp521r1', oid: Buffer.from('06052b81040023', 'hex'), bytes: 66 },
  { name: 'secp224r1', oid: Buffer.from('06052b81040021', 'hex'), bytes: 28 },
  { name: 'secp256k1', oid: Buffer.from('06052b8104000a', 'hex'), bytes: 32 },
  { name: 'prime192v1', oid: Buffer.from('06082a8648ce3d030101', 'hex'), bytes: 24 },
];

const EC_PUBLIC_KEY_OID = Buffer.from('06072a8648ce3d0201', 'hex');

/** SEC1 ECPrivateKey { version 1, privateKey, [0] curve } (OpenSSL derives the public point). */
export function sec1PrivateKey(curve: CurveInfo, d: Uint8Array): Buffer {
  return seq(Buffer.from('020101', 'hex'), tlv(0x04, d), tlv(0xa0, curve.oid));
}

/** SubjectPublicKeyInfo for an EC point (RFC 5480 §2). */
export function ecSpki(curve: CurveInfo, point: Uint8Array): Buffer {
  return seq(seq(EC_PUBLIC_KEY_OID, curve.oid), tlv(0x03, Buffer.concat([Buffer.from([0]), point])));
}

/** The private scalar of a SEC1 ECPrivateKey. */
export function sec1Scalar(sec1: Uint8Array): Buffer {
  const parts = children(top(sec1).content);
  const d = parts[1];
  if (d?.tag !== 0x04) throw malformed();
  return d.content;
}

/** The public point (BIT STRING without its unused-bits byte) of a SubjectPublicKeyInfo. */
export function spkiPoint(spki: Uint8Array): Buffer {
  const parts = children(top(spki).content);
  const bits = parts[1];
  if (bits?.tag !== 0x03 || bits.content[0] !== 0) throw malformed();
  return bits.content.subarray(1);
}

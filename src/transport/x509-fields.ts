// The two fields of an X.509 certificate the server derives a client's identity from, read from
// its DER (RFC 5280 §4.1): the subject's common names and the extended key usage extension. The
// DER readers are shared with x509-crl.ts (revocation lists).
// node's X509Certificate gives the subject only as escaped text and PeerCertificate folds
// repeated attributes unpredictably, so we read the DER ourselves: every CN attribute of every
// RDN, in order, as PyKMIP's `subject.get_attributes_for_oid(COMMON_NAME)` returns them.

export const OID_COMMON_NAME = '2.5.4.3';
export const OID_EXT_KEY_USAGE = '2.5.29.37';
export const OID_SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
export const OID_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

export interface Tlv {
  readonly tag: number;
  /** First content byte. */
  readonly start: number;
  /** One past the last content byte. */
  readonly end: number;
}

export class X509ParseError extends Error {
  override readonly name = 'X509ParseError';
}

export function readTlv(der: Uint8Array, pos: number, limit: number): Tlv {
  if (pos + 2 > limit) throw new X509ParseError(`truncated DER at byte ${pos}`);
  const tag = der[pos] ?? 0;
  if ((tag & 0x1f) === 0x1f) throw new X509ParseError(`unexpected multi-byte tag at byte ${pos}`);
  let len = der[pos + 1] ?? 0;
  let start = pos + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || start + n > limit) throw new X509ParseError(`bad DER length at byte ${pos}`);
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (der[start + i] ?? 0);
    start += n;
  }
  if (start + len > limit) throw new X509ParseError(`DER value overruns its container at byte ${pos}`);
  return { tag, start, end: start + len };
}

export function children(der: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let pos = parent.start; pos < parent.end;) {
    const child = readTlv(der, pos, parent.end);
    out.push(child);
    pos = child.end;
  }
  return out;
}

export function oid(der: Uint8Array, t: Tlv): string {
  const parts: number[] = [];
  let value = 0;
  for (let i = t.start; i < t.end; i++) {
    const b = der[i] ?? 0;
    value = value * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      if (parts.length === 0)
        parts.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
      else parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

export function decodeString(der: Uint8Array, t: Tlv): string {
  const bytes = Buffer.from(der.subarray(t.start, t.end));
  switch (t.tag) {
    case 0x1e: // BMPString: UTF-16 big-endian
      return Buffer.from(bytes).swap16().toString('utf16le');
    case 0x1c: {
      // UniversalString: UTF-32 big-endian
      const cps: number[] = [];
      for (let i = 0; i + 3 < bytes.length; i += 4) cps.push(bytes.readUInt32BE(i));
      return String.fromCodePoint(...cps);
    }
    case 0x14: // TeletexString: taken as Latin-1, as most libraries do
      return bytes.toString('latin1');
    default: // UTF8String, PrintableString, IA5String, VisibleString
      return bytes.toString('utf8');
  }
}

/** TBSCertificate's fields, skipping the optional [0] version. */
function tbsFields(der: Uint8Array): Tlv[] {
  const cert = readTlv(der, 0, der.length);
  const tbs = children(der, cert)[0];
  if (cert.tag !== 0x30 || tbs === undefined || tbs.tag !== 0x30) {
    throw new X509ParseError('not an X.509 certificate');
  }
  const fields = children(der, tbs);
  return fields[0]?.tag === 0xa0 ? fields.slice(1) : fields;
}

/** Every subject common name, in certificate order. */
export function certificateCommonNames(der: Uint8Array): string[] {
  // serialNumber, signature, issuer, validity, subject
  const subject = tbsFields(der)[4];
  if (subject === undefined || subject.tag !== 0x30) throw new X509ParseError('certificate has no subject');
  const names: string[] = [];
  for (const rdn of children(der, subject)) {
    for (const atv of children(der, rdn)) {
      const [type, value] = children(der, atv);
      if (
        type !== undefined &&
        value !== undefined &&
        type.tag === 0x06 &&
        oid(der, type) === OID_COMMON_NAME
      ) {
        names.push(decodeString(der, value));
      }
    }
  }
  return names;
}

/** The extended key usage OIDs, or undefined when the certificate has no such extension. */
export function certificateExtendedKeyUsage(der: Uint8Array): string[] | undefined {
  const extensions = tbsFields(der).find((t) => t.tag === 0xa3);
  if (extensions === undefined) return undefined;
  const list = children(der, extensions)[0];
  if (list === undefined) return undefined;
  for (const ext of children(der, list)) {
    const parts = children(der, ext);
    const id = parts[0];
    const value = parts[parts.length - 1];
    if (id === undefined || value === undefined || id.tag !== 0x06 || oid(der, id) !== OID_EXT_KEY_USAGE)
      continue;
    if (value.tag !== 0x04) throw new X509ParseError('malformed extended key usage extension');
    const seq = readTlv(der, value.start, value.end);
    return children(der, seq)
      .filter((t) => t.tag === 0x06)
      .map((t) => oid(der, t));
  }
  return undefined;
}

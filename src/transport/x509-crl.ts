// Certificate revocation lists for crl_path (RFC 5280 §5.1): the file holds one or more PEM CRLs,
// or one DER CRL; node's TLS takes PEM only. Each CRL is also read for the log: its issuer, when it
// was issued, when the next one is due and how many certificates it revokes. OpenSSL refuses every
// client of a CA whose CRL is past its next update, so that date is worth a warning.
import { children, decodeString, oid, readTlv, X509ParseError, type Tlv } from './x509-fields.js';

export interface CrlSummary {
  /** The issuer's name, e.g. "O=kmip-ts demo, CN=kmip-ts demo CA". */
  readonly issuer: string;
  readonly thisUpdate: Date;
  /** Absent in a CRL that names no next update. */
  readonly nextUpdate: Date | undefined;
  /** How many certificates it revokes. */
  readonly revoked: number;
  /** Their serial numbers, as X509Certificate.serialNumber writes them. */
  readonly serials: readonly string[];
}

export interface CrlFile {
  /** The CRLs as PEM, for tls.createSecureContext's `crl`. */
  readonly pem: string;
  readonly crls: readonly CrlSummary[];
}

const PEM_BLOCK = /-----BEGIN X509 CRL-----([\s\S]*?)-----END X509 CRL-----/g;

const NAME_ATTRIBUTES: Readonly<Record<string, string>> = Object.freeze({
  '2.5.4.3': 'CN',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
});

function toPem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN X509 CRL-----\n${lines.join('\n')}\n-----END X509 CRL-----\n`;
}

/** UTCTime (YYMMDDHHMMSSZ, RFC 5280 §4.1.2.5.1) or GeneralizedTime (YYYYMMDDHHMMSSZ). */
function readTime(der: Uint8Array, t: Tlv): Date {
  const text = Buffer.from(der.subarray(t.start, t.end)).toString('latin1');
  const m = /^(\d{2}|\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if ((t.tag !== 0x17 && t.tag !== 0x18) || m === null) throw new X509ParseError(`bad CRL time ${text}`);
  const [, y = '', mo = '', d = '', h = '', mi = '', s = ''] = m;
  const year = y.length === 2 ? (Number(y) >= 50 ? 1900 : 2000) + Number(y) : Number(y);
  return new Date(Date.UTC(year, Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
}

function readName(der: Uint8Array, name: Tlv): string {
  const parts: string[] = [];
  for (const rdn of children(der, name)) {
    for (const atv of children(der, rdn)) {
      const [type, value] = children(der, atv);
      if (type?.tag !== 0x06 || value === undefined) continue;
      const id = oid(der, type);
      parts.push(`${NAME_ATTRIBUTES[id] ?? id}=${decodeString(der, value)}`);
    }
  }
  return parts.join(', ');
}

/** An INTEGER's content as X509Certificate.serialNumber shows a serial: upper-case hex, no leading zero bytes. */
function serialText(bytes: Uint8Array): string {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  return Buffer.from(bytes.subarray(i)).toString('hex').toUpperCase();
}

/** One DER CertificateList's issuer, dates and revoked count. */
export function summarizeCrl(der: Uint8Array): CrlSummary {
  const list = readTlv(der, 0, der.length);
  const tbs = list.tag === 0x30 ? children(der, list)[0] : undefined;
  if (tbs?.tag !== 0x30) throw new X509ParseError('not a certificate revocation list');
  const fields = children(der, tbs);
  // version (optional INTEGER), signature, issuer, thisUpdate, nextUpdate?, revokedCertificates?
  const rest = fields[0]?.tag === 0x02 ? fields.slice(1) : fields;
  const [, issuer, thisUpdate, ...after] = rest;
  if (issuer?.tag !== 0x30 || thisUpdate === undefined) {
    throw new X509ParseError('not a certificate revocation list');
  }
  const next =
    after[0] !== undefined && (after[0].tag === 0x17 || after[0].tag === 0x18) ? after[0] : undefined;
  const revoked = after.find((f) => f.tag === 0x30);
  const serials = (revoked === undefined ? [] : children(der, revoked)).flatMap((entry) => {
    const serial = children(der, entry)[0];
    return serial?.tag === 0x02 ? [serialText(der.subarray(serial.start, serial.end))] : [];
  });
  return {
    issuer: readName(der, issuer),
    thisUpdate: readTime(der, thisUpdate),
    nextUpdate: next === undefined ? undefined : readTime(der, next),
    revoked: serials.length,
    serials,
  };
}

/** Reads a crl_path file (PEM, one or several CRLs; or one DER CRL). Throws X509ParseError. */
export function readCrlFile(bytes: Buffer): CrlFile {
  const text = bytes.toString('latin1');
  const ders: Buffer[] = [...text.matchAll(PEM_BLOCK)].map((m) =>
    Buffer.from((m[1] ?? '').replace(/\s+/g, ''), 'base64'),
  );
  if (ders.length === 0) {
    if (text.includes('-----BEGIN')) throw new X509ParseError('the file holds PEM, but no X509 CRL block');
    ders.push(bytes);
  }
  const crls = ders.map((der, i) => {
    try {
      return summarizeCrl(der);
    } catch (e) {
      throw new X509ParseError(`CRL ${i + 1}: ${(e as Error).message}`);
    }
  });
  return { pem: ders.map(toPem).join(''), crls };
}

/** Warnings for CRLs past (or not yet at) their dates: OpenSSL then refuses that CA's clients. */
export function crlWarnings(path: string, crls: readonly CrlSummary[], now = new Date()): string[] {
  const out: string[] = [];
  for (const c of crls) {
    if (c.nextUpdate !== undefined && c.nextUpdate < now) {
      out.push(
        `crl_path ${path}: the CRL of ${c.issuer} was due for renewal on ${c.nextUpdate.toISOString()}; ` +
          'every client certificate of that CA is refused (CRL_HAS_EXPIRED) until a current CRL is loaded',
      );
    }
    if (c.thisUpdate > now) {
      out.push(
        `crl_path ${path}: the CRL of ${c.issuer} is not valid before ${c.thisUpdate.toISOString()}; ` +
          'clients of that CA are refused until then (check the clocks)',
      );
    }
  }
  return out;
}

/** A name of a certificate (2: issuer, 4: subject) in the form a CRL's issuer is given here. */
function certificateName(der: Uint8Array, field: 2 | 4): string {
  const cert = readTlv(der, 0, der.length);
  const tbs = cert.tag === 0x30 ? children(der, cert)[0] : undefined;
  if (tbs?.tag !== 0x30) throw new X509ParseError('not an X.509 certificate');
  const fields = children(der, tbs);
  // serialNumber, signature, issuer, validity, subject (after the optional [0] version)
  const name = (fields[0]?.tag === 0xa0 ? fields.slice(1) : fields)[field];
  if (name?.tag !== 0x30) throw new X509ParseError('certificate has no issuer or subject');
  return readName(der, name);
}

/** A certificate's subject in the same form as a CRL's issuer (to pair a CA with its CRL). */
export function certificateSubject(der: Uint8Array): string {
  return certificateName(der, 4);
}

/** A certificate's issuer in the same form as a CRL's issuer. */
export function certificateIssuer(der: Uint8Array): string {
  return certificateName(der, 2);
}

/** What names one revoked certificate: its issuer and serial number. */
export function revocationKey(issuer: string, serial: string): string {
  return `${issuer}\n${serial.toUpperCase()}`;
}

/** Every certificate the CRLs revoke, as revocationKey()s. */
export function revokedCertificates(crls: readonly CrlSummary[]): Set<string> {
  return new Set(crls.flatMap((c) => c.serials.map((s) => revocationKey(c.issuer, s))));
}

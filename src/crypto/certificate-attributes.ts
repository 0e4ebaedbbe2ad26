// Attributes the server reads off a registered X.509 certificate (KMIP 2.1 §4.9–4.10: Certificate
// Subject/Issuer CN, O, OU …). A value that does not parse as DER X.509 yields none: the object is
// still stored, as KMIP does not require the server to validate certificates.
import { X509Certificate } from 'node:crypto';
import { attributeName, type Attribute } from '../messages/attributes.js';
import { Tag } from '../spec/generated/tags.js';

/** OpenSSL's short names in a distinguished name -> the KMIP attribute suffix. */
const FIELDS: readonly (readonly [string, string, number, number])[] = [
  ['CN', 'CN', Tag.CertificateSubjectCN, Tag.CertificateIssuerCN],
  ['O', 'O', Tag.CertificateSubjectO, Tag.CertificateIssuerO],
  ['OU', 'OU', Tag.CertificateSubjectOU, Tag.CertificateIssuerOU],
  ['emailAddress', 'Email', Tag.CertificateSubjectEmail, Tag.CertificateIssuerEmail],
  ['C', 'C', Tag.CertificateSubjectC, Tag.CertificateIssuerC],
  ['ST', 'ST', Tag.CertificateSubjectST, Tag.CertificateIssuerST],
  ['L', 'L', Tag.CertificateSubjectL, Tag.CertificateIssuerL],
  ['UID', 'UID', Tag.CertificateSubjectUID, Tag.CertificateIssuerUID],
  ['serialNumber', 'Serial Number', Tag.CertificateSubjectSerialNumber, Tag.CertificateIssuerSerialNumber],
  ['title', 'Title', Tag.CertificateSubjectTitle, Tag.CertificateIssuerTitle],
  ['DC', 'DC', Tag.CertificateSubjectDC, Tag.CertificateIssuerDC],
  ['dnQualifier', 'DN Qualifier', Tag.CertificateSubjectDNQualifier, Tag.CertificateIssuerDNQualifier],
];

/** Parses OpenSSL's one-entry-per-line rendering of a name into (short name, value) pairs. */
function nameEntries(rendered: string): [string, string][] {
  const out: [string, string][] = [];
  for (const line of rendered.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) out.push([line.slice(0, eq), line.slice(eq + 1)]);
  }
  return out;
}

function nameAttributes(rendered: string, role: 'Subject' | 'Issuer'): Attribute[] {
  const out: Attribute[] = [];
  const counts = new Map<string, number>();
  for (const [short, value] of nameEntries(rendered)) {
    const field = FIELDS.find((f) => f[0] === short);
    if (field === undefined) continue;
    const name = attributeName(`Certificate ${role} ${field[1]}`);
    const index = counts.get(name) ?? 0;
    counts.set(name, index + 1);
    out.push({
      name,
      index,
      value: { tag: role === 'Subject' ? field[2] : field[3], type: 'TextString', value },
    });
  }
  return out;
}

export function certificateAttributes(der: Uint8Array): Attribute[] {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(der);
  } catch {
    return [];
  }
  return [...nameAttributes(cert.subject, 'Subject'), ...nameAttributes(cert.issuer, 'Issuer')];
}

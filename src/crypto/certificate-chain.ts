// Certificate chain validation for Validate (KMIP 2.1 §6.1.57, 1.4 §4.24): "the method or policy
// by which validation is conducted is a decision of the server", as are the order of the chain and
// the trust anchors. This server's policy, on node:crypto's X509Certificate:
//  - the certificates, in any order, must form one chain: each one but the last is issued (name and
//    signature) by another of them, and no two are issued by the same one;
//  - every certificate is within its validity period at the validity date, and every issuer is a CA
//    (Basic Constraints cA); otherwise the chain is Invalid;
//  - it is Valid when it ends in a self-signed certificate the caller marks as a trust anchor (the
//    operation passes the certificates the server holds); a chain that ends elsewhere, or in a
//    self-signed certificate only the request supplied, is Unknown: nothing the server trusts
//    vouches for it.
import { X509Certificate } from 'node:crypto';

export type ChainVerdict =
  | { readonly verdict: 'valid' }
  | { readonly verdict: 'invalid'; readonly why: string }
  | { readonly verdict: 'unknown'; readonly why: string };

export interface ChainMember {
  readonly der: Uint8Array;
  /** True when the server holds this certificate (a trust anchor if self-signed). */
  readonly held: boolean;
}

/** Parses DER X.509; undefined when the bytes are no certificate. */
export function parseCertificate(der: Uint8Array): X509Certificate | undefined {
  try {
    return new X509Certificate(der);
  } catch {
    return undefined;
  }
}

function issues(issuer: X509Certificate, subject: X509Certificate): boolean {
  return subject.checkIssued(issuer) && subject.verify(issuer.publicKey);
}

function selfSigned(c: X509Certificate): boolean {
  return issues(c, c);
}

/** The chain's verdict at `at`; `members` hold parseable certificates (parseCertificate). */
export function validateChain(members: readonly ChainMember[], at: Date): ChainVerdict {
  const certs = members.map((m) => ({ ...m, x509: new X509Certificate(m.der) }));
  const time = at.getTime();
  for (const c of certs) {
    if (time < Date.parse(c.x509.validFrom) || time > Date.parse(c.x509.validTo))
      return { verdict: 'invalid', why: `${c.x509.subject} is not valid at ${at.toISOString()}` };
  }
  // The issuer of each certificate among the others; a self-signed one issues itself.
  const issuerOf = certs.map((c, i) => {
    if (selfSigned(c.x509)) return i;
    const j = certs.findIndex((d, k) => k !== i && issues(d.x509, c.x509));
    return j < 0 ? undefined : j;
  });
  const used = new Set<number>();
  for (const [i, j] of issuerOf.entries()) {
    if (j === undefined || j === i) continue;
    if (used.has(j)) return { verdict: 'invalid', why: 'the certificates form no single chain' };
    used.add(j);
    const issuer = certs[j]?.x509;
    if (issuer !== undefined && !issuer.ca)
      return { verdict: 'invalid', why: `${issuer.subject} issues a certificate but is no CA` };
  }
  const ends = certs.filter((_c, i) => issuerOf[i] === undefined || issuerOf[i] === i);
  const leaves = certs.filter((_c, i) => !used.has(i));
  if (ends.length !== 1 || leaves.length !== 1)
    return { verdict: 'invalid', why: 'the certificates form no single chain' };
  const end = ends[0];
  if (end === undefined || !selfSigned(end.x509))
    return {
      verdict: 'unknown',
      why: `the chain ends at ${end?.x509.issuer ?? '?'}, a certificate not given`,
    };
  if (!end.held)
    return { verdict: 'unknown', why: `the root ${end.x509.subject} is not a certificate this server holds` };
  return { verdict: 'valid' };
}

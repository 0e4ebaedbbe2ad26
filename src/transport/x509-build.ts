// Building X.509 certificates for the demo and test PKI: RSA keys from node:crypto (OpenSSL,
// fast), certificates assembled with node-forge and signed (SHA-256) by node:crypto. The
// extensions follow what strict verifiers (OpenSSL's X509_STRICT, Python 3.13's default) demand: a CA has critical
// basicConstraints and keyUsage and a subject key identifier; a leaf has an authority key
// identifier equal to its issuer's subject key identifier.
import { generateKeyPair, randomBytes, sign } from 'node:crypto';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import type * as Forge from 'node-forge';

// node-forge is CommonJS without named exports under node's ESM loader.
const forge = createRequire(import.meta.url)('node-forge') as typeof Forge;
const generateKeyPairAsync = promisify(generateKeyPair);

export interface KeyPairPem {
  /** PKCS#8 PEM. */
  readonly privateKey: string;
  /** SubjectPublicKeyInfo PEM. */
  readonly publicKey: string;
}

export async function generateRsaKeyPair(modulusLength = 2048): Promise<KeyPairPem> {
  return generateKeyPairAsync('rsa', {
    modulusLength,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
}

export type ExtendedKeyUsage = 'serverAuth' | 'clientAuth';

export interface CertificateSpec {
  /** Subject common names, one RDN each; [] for a subject without one. */
  readonly commonNames: readonly string[];
  readonly organization?: string;
  readonly isCa?: boolean;
  /** Extended key usages; undefined or null = no extended key usage extension at all. */
  readonly extKeyUsage?: readonly ExtendedKeyUsage[] | null;
  readonly ipAddresses?: readonly string[];
  readonly dnsNames?: readonly string[];
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/** A certificate with the key that signs for it, as PEM. */
export interface IssuedCertificate {
  readonly certPem: string;
  readonly keyPem: string;
}

export const DAY_MS = 86_400_000;

/** Issues a certificate for `key`, signed by `issuer` (self-signed when there is none). */
export function issueCertificate(
  spec: CertificateSpec,
  key: KeyPairPem,
  issuer?: IssuedCertificate,
): IssuedCertificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(key.publicKey);
  cert.serialNumber = serialNumber();
  cert.validity.notBefore = spec.notBefore;
  cert.validity.notAfter = spec.notAfter;
  const subject: Forge.pki.CertificateField[] = [];
  if (spec.organization !== undefined) subject.push(utf8Field('O', spec.organization));
  for (const cn of spec.commonNames) subject.push(utf8Field('CN', cn));
  cert.setSubject(subject);

  const issuerCert = issuer === undefined ? cert : forge.pki.certificateFromPem(issuer.certPem);
  cert.setIssuer(issuer === undefined ? subject : issuerCert.subject.attributes);

  const extensions: object[] = [];
  if (spec.isCa === true) {
    extensions.push(
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    );
  } else {
    extensions.push(
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    );
  }
  if (spec.extKeyUsage !== undefined && spec.extKeyUsage !== null) {
    const eku: Record<string, boolean> = {};
    for (const usage of spec.extKeyUsage) eku[usage] = true;
    extensions.push({ name: 'extKeyUsage', ...eku });
  }
  const altNames = [
    ...(spec.ipAddresses ?? []).map((ip) => ({ type: 7, ip })),
    ...(spec.dnsNames ?? []).map((value) => ({ type: 2, value })),
  ];
  if (altNames.length > 0) {
    // RFC 5280 §4.2.1.6: critical when the subject is empty.
    extensions.push({ name: 'subjectAltName', altNames, critical: subject.length === 0 });
  }
  extensions.push({ name: 'subjectKeyIdentifier' });
  if (issuer !== undefined) {
    const keyIdentifier = issuerCert.generateSubjectKeyIdentifier().getBytes();
    extensions.push({ name: 'authorityKeyIdentifier', keyIdentifier });
  }
  cert.setExtensions(extensions);
  signWithNode(cert, issuer?.keyPem ?? key.privateKey);
  return { certPem: forge.pki.certificateToPem(cert), keyPem: key.privateKey };
}

const OID_SHA256_WITH_RSA = '1.2.840.113549.1.1.11';

// forge's getTBSCertificate exists but is not in its type declarations.
const forgePki = forge.pki as typeof forge.pki & {
  getTBSCertificate(cert: Forge.pki.Certificate): Forge.asn1.Asn1;
};

/** sha256WithRSAEncryption by OpenSSL: what forge's cert.sign does, several times faster. */
function signWithNode(cert: Forge.pki.Certificate, privateKeyPem: string): void {
  cert.signatureOid = OID_SHA256_WITH_RSA;
  cert.siginfo.algorithmOid = cert.signatureOid;
  cert.tbsCertificate = forgePki.getTBSCertificate(cert);
  const tbs = Buffer.from(forge.asn1.toDer(cert.tbsCertificate).getBytes(), 'binary');
  cert.signature = sign('sha256', tbs, privateKeyPem).toString('binary');
}

function utf8Field(shortName: string, value: string): Forge.pki.CertificateField {
  return {
    shortName,
    value, // forge UTF-8-encodes UTF8String values itself
    valueTagClass: forge.asn1.Type.UTF8 as unknown as Forge.asn1.Class,
  };
}

/** 16 random bytes, positive and without a leading zero byte (DER INTEGER rules). */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x40;
  return bytes.toString('hex');
}

/** A certificate a CRL revokes: its serial number (hex, as X509Certificate.serialNumber gives it). */
export interface RevokedCertificate {
  readonly serialNumber: string;
  readonly revokedAt: Date;
}

/**
 * A CRL (RFC 5280 §5.1, v2 with the authority key identifier) issued and signed (SHA-256 with RSA)
 * by `issuer`, revoking `revoked`; for the test PKI. DER, and PEM for files.
 */
export function issueCrl(
  issuer: IssuedCertificate,
  revoked: readonly RevokedCertificate[],
  when: { readonly thisUpdate: Date; readonly nextUpdate: Date },
): { readonly der: Buffer; readonly pem: string } {
  const { asn1 } = forge;
  const U = asn1.Class.UNIVERSAL;
  const T = asn1.Type;
  const issuerCert = forge.pki.certificateFromPem(issuer.certPem);
  const time = (d: Date): Forge.asn1.Asn1 => asn1.create(U, T.UTCTIME, false, asn1.dateToUtcTime(d));
  const integer = (hex: string): Forge.asn1.Asn1 => {
    const even = hex.length % 2 === 1 ? `0${hex}` : hex;
    const bytes = Buffer.from(/^[89a-f]/i.test(even) ? `00${even}` : even, 'hex');
    return asn1.create(U, T.INTEGER, false, bytes.toString('binary'));
  };
  const algorithm = asn1.create(U, T.SEQUENCE, true, [
    asn1.create(U, T.OID, false, asn1.oidToDer(OID_SHA256_WITH_RSA).getBytes()),
    asn1.create(U, T.NULL, false, ''),
  ]);
  const keyId = asn1.create(U, T.SEQUENCE, true, [
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, false, issuerCert.generateSubjectKeyIdentifier().getBytes()),
  ]);
  const authorityKeyIdentifier = asn1.create(U, T.SEQUENCE, true, [
    asn1.create(U, T.OID, false, asn1.oidToDer('2.5.29.35').getBytes()),
    asn1.create(U, T.OCTETSTRING, false, asn1.toDer(keyId).getBytes()),
  ]);
  const entries = revoked.map((r) =>
    asn1.create(U, T.SEQUENCE, true, [integer(r.serialNumber), time(r.revokedAt)]),
  );
  const tbs = asn1.create(U, T.SEQUENCE, true, [
    integer('01'), // v2
    algorithm,
    forge.pki.distinguishedNameToAsn1(issuerCert.subject),
    time(when.thisUpdate),
    time(when.nextUpdate),
    ...(entries.length > 0 ? [asn1.create(U, T.SEQUENCE, true, entries)] : []),
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [
      asn1.create(U, T.SEQUENCE, true, [authorityKeyIdentifier]),
    ]),
  ]);
  const tbsDer = Buffer.from(asn1.toDer(tbs).getBytes(), 'binary');
  const signature = sign('sha256', tbsDer, issuer.keyPem);
  const list = asn1.create(U, T.SEQUENCE, true, [
    tbs,
    algorithm,
    asn1.create(U, T.BITSTRING, false, `\0${signature.toString('binary')}`),
  ]);
  const der = Buffer.from(asn1.toDer(list).getBytes(), 'binary');
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return { der, pem: `-----BEGIN X509 CRL-----\n${lines.join('\n')}\n-----END X509 CRL-----\n` };
}

// Issuing an X.509 v3 certificate (RFC 5280 §4.1) for Certify and Re-certify: a TBSCertificate
// assembled in DER (x509-der.ts) and signed by node:crypto with the issuer's private key, so any
// key type OpenSSL signs with works: RSA (sha256WithRSAEncryption), ECDSA (SHA-256/384/512 by
// curve size), Ed25519/Ed448. Also the check of a PKCS#10 request's own signature.
import { type KeyObject, createHash, createPublicKey, randomBytes, sign, verify } from 'node:crypto';
import { KmipError } from '../messages/kmip-error.js';
import { ResultReason } from '../spec/generated/enums.js';
import { seq, tlv, top, children } from './der.js';
import { type CertificationRequestParts, oid, x509Time } from './x509-der.js';

const NULL = Buffer.from([0x05, 0x00]);

interface SignatureScheme {
  readonly algorithm: Buffer;
  readonly hash: string | null;
}

function schemeFor(key: KeyObject): SignatureScheme {
  const type = key.asymmetricKeyType;
  if (type === 'rsa') return { algorithm: seq(oid('1.2.840.113549.1.1.11'), NULL), hash: 'sha256' };
  if (type === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (curve === 'secp384r1') return { algorithm: seq(oid('1.2.840.10045.4.3.3')), hash: 'sha384' };
    if (curve === 'secp521r1') return { algorithm: seq(oid('1.2.840.10045.4.3.4')), hash: 'sha512' };
    return { algorithm: seq(oid('1.2.840.10045.4.3.2')), hash: 'sha256' };
  }
  if (type === 'ed25519') return { algorithm: seq(oid('1.3.101.112')), hash: null };
  if (type === 'ed448') return { algorithm: seq(oid('1.3.101.113')), hash: null };
  throw new KmipError(
    ResultReason.FeatureNotSupported,
    `the issuer's ${type ?? 'unknown'} key cannot sign certificates here`,
  );
}

/** Signature algorithms a PKCS#10 request may be signed with: OID (dotted) -> hash. */
const REQUEST_SCHEMES: ReadonlyMap<string, string | null> = new Map([
  ['1.2.840.113549.1.1.5', 'sha1'],
  ['1.2.840.113549.1.1.11', 'sha256'],
  ['1.2.840.113549.1.1.12', 'sha384'],
  ['1.2.840.113549.1.1.13', 'sha512'],
  ['1.2.840.10045.4.3.2', 'sha256'],
  ['1.2.840.10045.4.3.3', 'sha384'],
  ['1.2.840.10045.4.3.4', 'sha512'],
  ['1.3.101.112', null],
  ['1.3.101.113', null],
]);

/** The request's public key, once its self-signature verifies (RFC 2986 §3); else Invalid CSR. */
export function verifiedRequestKey(parts: CertificationRequestParts): KeyObject {
  const invalid = (why: string): KmipError =>
    new KmipError(ResultReason.InvalidCSR, `the certificate request ${why}`);
  let key: KeyObject;
  try {
    key = createPublicKey({ key: parts.spki, format: 'der', type: 'spki' });
  } catch {
    throw invalid('holds no public key this server reads');
  }
  const [algorithm] = children(top(parts.signatureAlgorithm).content);
  const hash = [...REQUEST_SCHEMES].find(
    ([dotted]) => algorithm !== undefined && oid(dotted).equals(tlv(algorithm.tag, algorithm.content)),
  );
  if (hash === undefined) throw invalid('is signed with an algorithm this server does not check');
  let ok = false;
  try {
    ok = verify(hash[1], parts.info, key, parts.signature);
  } catch {
    ok = false;
  }
  if (!ok) throw invalid('is not signed by the key it holds');
  return key;
}

export interface IssueSpec {
  readonly subject: Buffer;
  readonly subjectKey: KeyObject;
  readonly issuer: Buffer;
  readonly issuerKey: KeyObject;
  /** The issuer's Subject Key Identifier (the new certificate's Authority Key Identifier). */
  readonly issuerKeyId?: Buffer | undefined;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** True for a CA certificate (Basic Constraints cA, key usage keyCertSign/cRLSign). */
  readonly ca?: boolean;
}

/** The Subject Key Identifier of a public key: SHA-1 of its BIT STRING (RFC 5280 §4.2.1.2 (1)). */
export function keyIdentifier(key: KeyObject): Buffer {
  const spki = key.export({ type: 'spki', format: 'der' });
  const [, bits] = children(top(spki).content);
  return createHash('sha1')
    .update(bits?.content.subarray(1) ?? Buffer.alloc(0))
    .digest();
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return seq(oid(id), ...(critical ? [Buffer.from([0x01, 0x01, 0xff])] : []), tlv(0x04, value));
}

/** 16 random bytes, positive, no leading zero byte (RFC 5280 §4.1.2.2). */
function serialNumber(): Buffer {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x40;
  return tlv(0x02, bytes);
}

/** The DER certificate. */
export function issueCertificate(spec: IssueSpec): Buffer {
  const scheme = schemeFor(spec.issuerKey);
  const spki = spec.subjectKey.export({ type: 'spki', format: 'der' });
  const basic = spec.ca === true ? seq(Buffer.from([0x01, 0x01, 0xff])) : seq();
  // keyUsage BIT STRING: keyCertSign|cRLSign (bits 5, 6) for a CA; digitalSignature|keyEncipherment (0, 2).
  const usage =
    spec.ca === true ? Buffer.from([0x03, 0x02, 0x01, 0x06]) : Buffer.from([0x03, 0x02, 0x05, 0xa0]);
  const extensions = [
    extension('2.5.29.19', true, basic),
    extension('2.5.29.15', true, usage),
    extension('2.5.29.14', false, tlv(0x04, keyIdentifier(spec.subjectKey))),
    ...(spec.issuerKeyId === undefined
      ? []
      : [extension('2.5.29.35', false, seq(tlv(0x80, spec.issuerKeyId)))]),
  ];
  const tbs = seq(
    tlv(0xa0, tlv(0x02, Buffer.from([0x02]))),
    serialNumber(),
    scheme.algorithm,
    spec.issuer,
    seq(x509Time(spec.notBefore), x509Time(spec.notAfter)),
    spec.subject,
    spki,
    tlv(0xa3, seq(...extensions)),
  );
  const signature = sign(scheme.hash, tbs, spec.issuerKey);
  return seq(tbs, scheme.algorithm, tlv(0x03, Buffer.concat([Buffer.from([0]), signature])));
}

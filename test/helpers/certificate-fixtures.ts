// Certificates for the certificate operations' tests (Validate, Certify): a CA and the leaves it
// issues, built with the test PKI's builder, and their registration over the harness.
import assert from 'node:assert/strict';
import { X509Certificate, generateKeyPairSync } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as Forge from 'node-forge';
import { Tag } from '../../src/spec/generated/tags.js';
import {
  DAY_MS,
  type CertificateSpec,
  type IssuedCertificate,
  generateRsaKeyPair,
  issueCertificate,
} from '../../src/transport/x509-build.js';
import { type BatchResult, type Harness, payloadText } from './engine-harness.js';
import { uidXml } from './object-fixtures.js';

const forge = createRequire(import.meta.url)('node-forge') as typeof Forge;

export interface TestCertificate extends IssuedCertificate {
  readonly der: Buffer;
}

export async function makeCertificate(
  commonName: string,
  opts: {
    readonly isCa?: boolean;
    readonly issuer?: IssuedCertificate;
    readonly notBefore?: Date;
    readonly notAfter?: Date;
  } = {},
): Promise<TestCertificate> {
  const now = Date.now();
  const spec: CertificateSpec = {
    commonNames: [commonName],
    isCa: opts.isCa ?? false,
    notBefore: opts.notBefore ?? new Date(now - DAY_MS),
    notAfter: opts.notAfter ?? new Date(now + 30 * DAY_MS),
  };
  const issued = issueCertificate(spec, await generateRsaKeyPair(2048), opts.issuer);
  return { ...issued, der: Buffer.from(new X509Certificate(issued.certPem).raw) };
}

/** A Certificate structure (X.509) holding `der`, as KMIP XML. */
export const certificateXml = (der: Uint8Array): string =>
  `<Certificate><CertificateType type="Enumeration" value="X_509"/><CertificateValue type="ByteString" value="${Buffer.from(der).toString('hex')}"/></Certificate>`;

/** Registers `der` as a Certificate object at 2.1 and returns its Unique Identifier. */
export async function registerCertificate(h: Harness, der: Uint8Array, identity = 'alice'): Promise<string> {
  const r = await h.op(
    'Register',
    `<ObjectType type="Enumeration" value="Certificate"/><Attributes/>${certificateXml(der)}`,
    {
      version: '2.1',
      identity,
    },
  );
  const uid = payloadText(r, Tag.UniqueIdentifier);
  if (r.status !== 'Success' || uid === undefined) throw new Error(`Register failed: ${r.xml}`);
  return uid;
}

export interface Pair {
  readonly priv: string;
  readonly pub: string;
}

export async function keyPair(
  h: Harness,
  privMask: string,
  pubMask: string,
  identity = 'alice',
): Promise<Pair> {
  const r = await h.op(
    'CreateKeyPair',
    `<CommonAttributes><CryptographicAlgorithm type="Enumeration" value="RSA"/><CryptographicLength type="Integer" value="2048"/></CommonAttributes>
     <PrivateKeyAttributes><CryptographicUsageMask type="Integer" value="${privMask}"/></PrivateKeyAttributes>
     <PublicKeyAttributes><CryptographicUsageMask type="Integer" value="${pubMask}"/></PublicKeyAttributes>`,
    { version: '2.1', identity },
  );
  assert.equal(r.status, 'Success', r.xml);
  const priv = payloadText(r, Tag.PrivateKeyUniqueIdentifier);
  const pub = payloadText(r, Tag.PublicKeyUniqueIdentifier);
  assert.ok(priv !== undefined && pub !== undefined);
  return { priv, pub };
}

export async function activate(h: Harness, uid: string, identity = 'alice'): Promise<void> {
  const r = await h.op('Activate', uidXml(uid), { version: '2.1', identity });
  assert.equal(r.status, 'Success', r.xml);
}

export const caLink = (uid: string): string =>
  `<Link><LinkType type="Enumeration" value="CertificateLink"/><LinkedObjectIdentifier type="TextString" value="${uid}"/></Link>`;

export async function certify(
  h: Harness,
  payload: string,
  version = '2.1',
  identity = 'alice',
): Promise<BatchResult> {
  return h.op('Certify', payload, { version, identity });
}

export async function certificateOf(h: Harness, uid: string): Promise<X509Certificate> {
  const r = await h.op('Get', uidXml(uid), { version: '2.1' });
  const m = /<CertificateValue type="ByteString" value="([0-9a-f]+)"\/>/.exec(r.xml);
  assert.ok(m?.[1] !== undefined, r.xml);
  return new X509Certificate(Buffer.from(m[1], 'hex'));
}

/** A self-signed CA made by Certify; returns its certificate's identifier. */
export async function makeCa(h: Harness, identity = 'alice'): Promise<{ cert: string; keys: Pair }> {
  const keys = await keyPair(h, 'Sign CertificateSign', 'Verify CertificateSign', identity);
  await activate(h, keys.priv, identity);
  const r = await certify(
    h,
    `${uidXml(keys.pub)}<Attributes><CertificateSubjectCN type="TextString" value="Test CA"/><CertificateSubjectO type="TextString" value="kmip-ts"/></Attributes>`,
    '2.1',
    identity,
  );
  assert.equal(r.status, 'Success', r.xml);
  const cert = payloadText(r, Tag.UniqueIdentifier);
  assert.ok(cert !== undefined);
  return { cert, keys };
}

export function csr(subject: string): { der: Buffer; pem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const req = forge.pki.createCertificationRequest();
  req.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }).toString());
  req.setSubject([{ shortName: 'CN', value: subject }]);
  req.sign(
    forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }).toString()),
    forge.md.sha256.create(),
  );
  const pem = forge.pki.certificationRequestToPem(req);
  return {
    der: Buffer.from(forge.asn1.toDer(forge.pki.certificationRequestToAsn1(req)).getBytes(), 'binary'),
    pem,
  };
}

// Certificates for the certificate operations' tests (Validate, Certify): a CA and the leaves it
// issues, built with the test PKI's builder, and their registration over the harness.
import { X509Certificate } from 'node:crypto';
import { Tag } from '../../src/spec/generated/tags.js';
import {
  DAY_MS,
  type CertificateSpec,
  type IssuedCertificate,
  generateRsaKeyPair,
  issueCertificate,
} from '../../src/transport/x509-build.js';
import { type Harness, payloadText } from './engine-harness.js';

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

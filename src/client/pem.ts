// PEM or DER in, the DER that Register sends out: certificates as X.509 DER, public keys as
// SubjectPublicKeyInfo, private keys as PKCS#8 (PKCS#1 and SEC1 PEM are converted).
import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';

export type DerKind = 'certificate' | 'public-key' | 'private-key';

function isPem(bytes: Uint8Array): boolean {
  return Buffer.from(bytes.subarray(0, 64)).toString('latin1').includes('-----BEGIN');
}

/** The DER of a certificate or key given as PEM or DER. */
export function toDer(kind: DerKind, bytes: Uint8Array): Buffer {
  const b = Buffer.from(bytes);
  const pem = isPem(b);
  switch (kind) {
    case 'certificate':
      return new X509Certificate(b).raw;
    case 'public-key':
      if (!pem) return b;
      return createPublicKey(b).export({ type: 'spki', format: 'der' });
    case 'private-key':
      if (!pem) return b;
      return createPrivateKey(b).export({ type: 'pkcs8', format: 'der' });
  }
}

/** PEM text for DER bytes of the given kind ('CERTIFICATE', 'PUBLIC KEY', 'PRIVATE KEY', 'RSA PUBLIC KEY' …). */
export function toPem(label: string, der: Uint8Array): string {
  const body = Buffer.from(der)
    .toString('base64')
    .replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${body}-----END ${label}-----\n`;
}

// node:tls client options from the settings PyKMIP's client takes (ssl.wrap_socket arguments):
// certfile/keyfile (the client's certificate for mutual TLS), ca_certs (the CAs the server's
// certificate must chain to), cert_reqs and ssl_version.
import { readFileSync } from 'node:fs';
import type { ConnectionOptions, SecureVersion } from 'node:tls';

export interface ClientTlsSettings {
  readonly certFile?: string | undefined;
  readonly keyFile?: string | undefined;
  readonly caFile?: string | undefined;
  /** PyKMIP cert_reqs: CERT_REQUIRED (default), CERT_OPTIONAL (the same for a client), CERT_NONE. */
  readonly certReqs?: string | undefined;
  /** PyKMIP ssl_version: PROTOCOL_SSLv23 / PROTOCOL_TLS (negotiate, default), PROTOCOL_TLSv1_2 … */
  readonly sslVersion?: string | undefined;
  /**
   * Check the server certificate names the host. PyKMIP (ssl.wrap_socket) does not, and
   * configurations written for it often connect by an address the certificate lacks: default false.
   */
  readonly checkHostname?: boolean | undefined;
}

const PINNED: Readonly<Record<string, SecureVersion>> = Object.freeze({
  PROTOCOL_TLSv1: 'TLSv1',
  PROTOCOL_TLSv1_1: 'TLSv1.1',
  PROTOCOL_TLSv1_2: 'TLSv1.2',
});
const NEGOTIATED = new Set(['PROTOCOL_SSLv23', 'PROTOCOL_TLS', 'PROTOCOL_TLS_CLIENT']);
const CERT_REQS = new Set(['CERT_REQUIRED', 'CERT_OPTIONAL', 'CERT_NONE']);

export function clientTlsOptions(s: ClientTlsSettings): ConnectionOptions {
  const certReqs = s.certReqs ?? 'CERT_REQUIRED';
  if (!CERT_REQS.has(certReqs)) {
    throw new TypeError(`cert_reqs '${certReqs}' is not one of ${[...CERT_REQS].join(', ')}`);
  }
  const sslVersion = s.sslVersion ?? 'PROTOCOL_SSLv23';
  const pinned = PINNED[sslVersion];
  if (pinned === undefined && !NEGOTIATED.has(sslVersion)) {
    const known = [...NEGOTIATED, ...Object.keys(PINNED)].join(', ');
    throw new TypeError(`ssl_version '${sslVersion}' is not one of ${known}`);
  }
  return {
    ...(s.certFile !== undefined ? { cert: readFileSync(s.certFile) } : {}),
    ...(s.keyFile !== undefined ? { key: readFileSync(s.keyFile) } : {}),
    ...(s.caFile !== undefined ? { ca: readFileSync(s.caFile) } : {}),
    rejectUnauthorized: certReqs !== 'CERT_NONE',
    ...(s.checkHostname === true ? {} : { checkServerIdentity: () => undefined }),
    ...(pinned !== undefined ? { minVersion: pinned, maxVersion: pinned } : {}),
  };
}

// The client's identity from its TLS certificate, by pykmip-server's rules (docs: Server >
// Authentication; code: kmip/services/server/session.py and auth/utils.py):
// - With enable_tls_client_auth (the default), the certificate must carry the extended key usage
//   extension AND list clientAuth in it. A certificate with NO extended key usage extension is
//   refused ("the extension is missing"), and so is one with anyExtendedKeyUsage only: PyKMIP
//   tests for the clientAuth OID itself. With the setting off, no extension is looked at.
// - The identity is the subject's common name. Several common names are refused ("Multiple
//   client identities found"), none is refused. We also refuse an empty common name, which
//   PyKMIP would take as the identity '' (an owner no policy could tell from "nobody").
// Note: a certificate whose extended key usage lacks clientAuth (e.g. serverAuth only) is
// already refused by OpenSSL during the handshake (purpose check "ssl_client"), in PyKMIP too;
// one without the extension passes the handshake and is refused here.
import { X509Certificate } from 'node:crypto';
import type { PeerCertificate } from 'node:tls';
import {
  OID_CLIENT_AUTH,
  certificateCommonNames,
  certificateExtendedKeyUsage,
  X509ParseError,
} from './x509-fields.js';

export type ClientIdentityResult =
  { readonly ok: true; readonly identity: string } | { readonly ok: false; readonly reason: string };

/** PyKMIP's messages, so log lines read the same as pykmip-server's. */
export const IdentityRefusal = Object.freeze({
  NoCertificate: 'The client certificate could not be loaded from the session connection.',
  EkuMissing: 'The extended key usage extension is missing from the client certificate.',
  EkuNotClientAuth:
    'The extended key usage extension is not marked for client authentication in the client certificate.',
  MultipleCommonNames: 'Multiple client identities found.',
  NoCommonName: 'The certificate does not define any subject common names. Client identity unavailable.',
  EmptyCommonName: 'The certificate subject common name is empty. Client identity unavailable.',
} as const);

/**
 * Derives the client identity from the peer certificate (`socket.getPeerCertificate()`, which is
 * `{}` when the client sent none, or an X509Certificate).
 */
export function clientIdentity(
  peerCertificate: PeerCertificate | X509Certificate,
  enableTlsClientAuth: boolean,
): ClientIdentityResult {
  const raw: unknown = peerCertificate.raw;
  if (!(raw instanceof Uint8Array) || raw.length === 0) {
    return { ok: false, reason: IdentityRefusal.NoCertificate };
  }
  try {
    if (enableTlsClientAuth) {
      const eku = certificateExtendedKeyUsage(raw);
      if (eku === undefined) return { ok: false, reason: IdentityRefusal.EkuMissing };
      if (!eku.includes(OID_CLIENT_AUTH)) return { ok: false, reason: IdentityRefusal.EkuNotClientAuth };
    }
    const names = certificateCommonNames(raw);
    if (names.length > 1) return { ok: false, reason: IdentityRefusal.MultipleCommonNames };
    const name = names[0];
    if (name === undefined) return { ok: false, reason: IdentityRefusal.NoCommonName };
    if (name === '') return { ok: false, reason: IdentityRefusal.EmptyCommonName };
    return { ok: true, identity: name };
  } catch (e) {
    if (e instanceof X509ParseError) {
      return { ok: false, reason: `The client certificate could not be parsed: ${e.message}` };
    }
    throw e;
  }
}

/** Accepts a PEM string too, for tools and tests. */
export function clientIdentityFromPem(pem: string, enableTlsClientAuth: boolean): ClientIdentityResult {
  return clientIdentity(new X509Certificate(pem), enableTlsClientAuth);
}

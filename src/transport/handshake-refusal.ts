// Why a TLS handshake failed, in words an operator can act on. Node hands the listener either the
// certificate check's code (socket.authorizationError, e.g. CERT_HAS_EXPIRED: OpenSSL's
// X509_V_ERR_* names without the prefix) or an error (timeouts, not TLS at all, no certificate).

const CERTIFICATE_REASONS: Readonly<Record<string, string>> = Object.freeze({
  UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    'the client certificate is not signed by a CA this server trusts (ca_path)',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    'the client certificate is not signed by a CA this server trusts (ca_path)',
  UNABLE_TO_GET_ISSUER_CERT: 'the client certificate is not signed by a CA this server trusts (ca_path)',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the client certificate is self-signed and not trusted (ca_path)',
  SELF_SIGNED_CERT_IN_CHAIN: 'the client certificate chains to a self-signed CA this server does not trust',
  CERT_SIGNATURE_FAILURE: 'the client certificate signature does not verify',
  CERT_HAS_EXPIRED: 'the client certificate has expired',
  CERT_NOT_YET_VALID: 'the client certificate is not valid yet',
  INVALID_PURPOSE:
    'the client certificate may not be used for client authentication (its extended key usage lacks clientAuth)',
  CERT_REVOKED: 'the client certificate has been revoked (crl_path)',
  UNABLE_TO_GET_CRL: "crl_path holds no CRL of the client certificate's CA",
  CRL_HAS_EXPIRED: "the CRL of the client certificate's CA is past its next update (crl_path): renew it",
  CRL_NOT_YET_VALID: "the CRL of the client certificate's CA is not valid yet (crl_path)",
  CRL_SIGNATURE_FAILURE: "the CRL of the client certificate's CA does not verify (crl_path)",
  CERT_CHAIN_TOO_LONG: 'the client certificate chain is too long',
  INVALID_CA: 'a CA certificate in the client chain is not a valid CA',
});

export interface HandshakeRefusal {
  /** The certificate check's code or node's error code, when there is one. */
  readonly code: string | undefined;
  readonly reason: string;
}

export function describeHandshakeFailure(
  err: Error & { code?: string },
  authorizationError: unknown,
): HandshakeRefusal {
  if (authorizationError !== undefined && authorizationError !== null) {
    const code =
      authorizationError instanceof Error
        ? authorizationError.message
        : typeof authorizationError === 'string'
          ? authorizationError
          : JSON.stringify(authorizationError);
    return { code, reason: CERTIFICATE_REASONS[code] ?? `the client certificate was refused (${code})` };
  }
  const message = err.message;
  if (err.code === 'ERR_TLS_HANDSHAKE_TIMEOUT')
    return { code: err.code, reason: 'the TLS handshake did not finish in time' };
  if (/peer did not return a certificate|certificate required/i.test(message)) {
    return { code: err.code, reason: 'the client sent no certificate; one is required' };
  }
  if (
    /wrong version number|http request|unknown protocol|record layer failure|packet length too long/i.test(
      message,
    )
  ) {
    return { code: err.code, reason: `the client did not speak TLS (${message})` };
  }
  return { code: err.code, reason: message };
}

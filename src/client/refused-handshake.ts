// Words for a TLS handshake the server refused, as the client sees it. A server that checks the
// client certificate after the TLS 1.3 handshake (kmip-ts, pykmip-server) closes the connection
// before the first reply, or sends an alert (ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED …);
// under TLS 1.2 the connect itself fails. Either way the cause is almost always the certificate.

const LIKELY_REASONS =
  'likely reasons: the client certificate (certfile) is not signed by a CA the server trusts, has ' +
  'expired or is not valid yet, lacks the clientAuth extended key usage, or none was given; the ' +
  "server's log names the reason";

const ALERT_REASONS: Readonly<Record<string, string>> = Object.freeze({
  CERTIFICATE_REQUIRED: 'the server requires a client certificate and none was given (certfile, keyfile)',
  UNKNOWN_CA: 'the client certificate is not signed by a CA the server trusts',
  CERTIFICATE_EXPIRED: 'the client certificate has expired',
  CERTIFICATE_REVOKED: 'the client certificate has been revoked',
  UNSUPPORTED_CERTIFICATE: 'the client certificate may not be used for client authentication (clientAuth)',
  HANDSHAKE_FAILURE: 'no TLS version or cipher suite both sides accept (ssl_version)',
  PROTOCOL_VERSION: 'the server does not accept this TLS version (ssl_version)',
});

/** The refusal an error carries when it is a TLS alert from the server; undefined otherwise. */
export function alertRefusal(err: (Error & { code?: string }) | undefined): string | undefined {
  const m = /^ERR_SSL_(?:SSLV3|TLSV1|TLSV13)_ALERT_(\w+)$/.exec(err?.code ?? '');
  if (m === null) return undefined;
  const alert = m[1] ?? '';
  const reason = ALERT_REASONS[alert] ?? LIKELY_REASONS;
  return `the handshake was refused (TLS alert "${alert.toLowerCase().replace(/_/g, ' ')}"): ${reason}`;
}

/** A connection that ended, without an alert, before the server's first reply. */
export function closedBeforeReply(): string {
  return `the server closed the connection before answering: the handshake was refused (or the server stopped); ${LIKELY_REASONS}`;
}

/** A connect that failed inside the TLS handshake; undefined for other failures (refused port …). */
export function connectRefusal(err: Error & { code?: string }): string | undefined {
  const alert = alertRefusal(err);
  if (alert !== undefined) return alert;
  if (err.code === 'ECONNRESET' || /before secure TLS connection was established/.test(err.message))
    return `the connection was reset in the TLS handshake: the handshake was refused (or the port does not speak TLS); ${LIKELY_REASONS}`;
  return undefined;
}

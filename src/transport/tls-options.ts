// node `tls.createServer` options from the server configuration. pykmip-server wraps its socket
// with CERT_REQUIRED and the configured CA, so: a client certificate is required and must chain to
// ca_path. Its auth suites pin one protocol version (Basic = ssl.PROTOCOL_TLSv1, TLS1.2 =
// PROTOCOL_TLSv1_2); we take them as minimums and keep TLS 1.3 on, which every client we serve
// handles. For Basic that minimum is TLS 1.0, but OpenSSL 3 refuses TLS 1.0/1.1 at its default
// security level (SHA-1 handshake signatures), so in practice clients get TLS 1.2+ - as they do
// with PyKMIP on OpenSSL 3. We do not lower the security level.
import { createHash, createPrivateKey, randomBytes, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DEFAULT_CIPHERS, createSecureContext, getCiphers } from 'node:tls';
import type { SecureVersion, TlsOptions } from 'node:tls';
import { AuthSuite, mapCipherSuites } from './tls-cipher-suites.js';
import {
  certificateSubject,
  crlWarnings,
  readCrlFile,
  revokedCertificates,
  type CrlFile,
} from './x509-crl.js';

/** What the TLS listener needs from the server configuration (ServerConfig satisfies it). */
export interface TlsServerSettings {
  readonly certificatePath: string;
  readonly keyPath: string;
  readonly caPath: string;
  readonly authSuite: AuthSuite;
  readonly tlsCipherSuites: readonly string[];
  /** Certificate revocation lists (PEM, or one DER CRL) checked for every client certificate. */
  readonly crlPath?: string | undefined;
}

export interface TlsServerOptionsResult {
  readonly options: TlsOptions;
  /** For the log at start-up: skipped cipher suites, protocol notes, certificate expiry. */
  readonly warnings: readonly string[];
  /** What was loaded, for the log: the server certificate, its expiry, the CRLs. */
  readonly summary: Readonly<Record<string, string | number>>;
  /** The certificates the CRLs revoke (x509-crl.ts revocationKey). */
  readonly revoked: ReadonlySet<string>;
}

export const MIN_VERSION: Readonly<Record<AuthSuite, SecureVersion>> = Object.freeze({
  [AuthSuite.Basic]: 'TLSv1',
  [AuthSuite.Tls12]: 'TLSv1.2',
});

const DEFAULT_TLS13 = DEFAULT_CIPHERS.split(':').filter((c) => c.startsWith('TLS_'));
const DEFAULT_TLS12 = DEFAULT_CIPHERS.split(':').filter((c) => !c.startsWith('TLS_'));

let ticketKeys: Buffer | undefined;
/** One session ticket key per process: every listener of this process can resume the others' sessions. */
export function processTicketKeys(): Buffer {
  ticketKeys ??= randomBytes(48);
  return ticketKeys;
}

/**
 * node's `ciphers` string for the configured suites, or undefined for node's defaults. TLS 1.3
 * stays on: node turns it off when the string names no TLS 1.3 suite, so its defaults are added
 * unless some are configured. When no usable TLS 1.2 suite remains, TLS 1.2 keeps node's defaults
 * (PyKMIP likewise falls back to its suite's defaults).
 */
export function cipherString(names: readonly string[]): { ciphers: string | undefined; warnings: string[] } {
  if (names.length === 0) return { ciphers: undefined, warnings: [] };
  const { suites, unknown } = mapCipherSuites(names);
  const warnings = unknown.map((n) => `tls_cipher_suites: unknown cipher suite '${n}' skipped`);
  const available = new Set(getCiphers().map((c) => c.toUpperCase()));
  const tls12: string[] = [];
  const tls13: string[] = [];
  for (const s of suites) {
    if (s.tls13) tls13.push(s.openssl);
    else if (s.openssl.includes('PSK')) {
      warnings.push(
        `tls_cipher_suites: '${s.name}' needs pre-shared keys, which this server has not; skipped`,
      );
    } else if (!available.has(s.openssl)) {
      warnings.push(
        `tls_cipher_suites: '${s.name}' (${s.openssl}) is not offered by OpenSSL ${process.versions.openssl}; skipped`,
      );
    } else tls12.push(s.openssl);
  }
  if (tls12.length === 0) {
    warnings.push(
      'tls_cipher_suites: no usable TLS 1.2 cipher suite configured; using the defaults for TLS 1.2',
    );
  }
  const list = [...(tls13.length > 0 ? tls13 : DEFAULT_TLS13), ...(tls12.length > 0 ? tls12 : DEFAULT_TLS12)];
  return { ciphers: list.join(':'), warnings };
}

function readPem(path: string, key: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new Error(`${key}: cannot read ${path}: ${(e as Error).message}`);
  }
}

/**
 * The certificate and key each parse and belong together, with messages naming the file: a
 * certificate renewed before its key (a reload between the two copies) is the usual mistake.
 */
function checkPair(settings: TlsServerSettings, cert: Buffer, key: Buffer): void {
  let leaf: X509Certificate;
  let privateKey: KeyObject;
  try {
    leaf = new X509Certificate(cert);
  } catch (e) {
    throw new Error(
      `certificate_path ${settings.certificatePath}: not a PEM certificate (${(e as Error).message})`,
    );
  }
  try {
    privateKey = createPrivateKey(key);
  } catch (e) {
    throw new Error(`key_path ${settings.keyPath}: not a PEM private key (${(e as Error).message})`);
  }
  if (!leaf.checkPrivateKey(privateKey)) {
    throw new Error(
      `key_path ${settings.keyPath} is not the key of certificate_path ${settings.certificatePath} ` +
        '(replace both, then reload)',
    );
  }
}

/** The CRLs of crl_path, and warnings: CRLs out of date, CAs of ca_path without a CRL. */
function readCrls(path: string, ca: Buffer): { file: CrlFile; warnings: string[] } {
  let file: CrlFile;
  try {
    file = readCrlFile(readPem(path, 'crl_path'));
  } catch (e) {
    const message = (e as Error).message;
    throw new Error(message.startsWith('crl_path') ? message : `crl_path ${path}: ${message}`);
  }
  const warnings = crlWarnings(path, file.crls);
  // Node checks the whole chain (X509_V_FLAG_CRL_CHECK_ALL): a CA with no CRL has its clients refused.
  const issuers = new Set(file.crls.map((c) => c.issuer));
  for (const pem of ca
    .toString('latin1')
    .match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? []) {
    let subject: string;
    try {
      subject = certificateSubject(new X509Certificate(pem).raw);
    } catch {
      continue;
    }
    if (!issuers.has(subject)) {
      warnings.push(
        `crl_path ${path} has no CRL of ${subject} (in ca_path): the client certificates it issued are refused (UNABLE_TO_GET_CRL)`,
      );
    }
  }
  return { file, warnings };
}

/**
 * Builds the options; reads the files (certificate, key, CA bundle, CRLs) now and checks they form
 * a usable TLS context. Throws with the setting and file at fault.
 */
export function buildTlsServerOptions(settings: TlsServerSettings): TlsServerOptionsResult {
  const cert = readPem(settings.certificatePath, 'certificate_path');
  const key = readPem(settings.keyPath, 'key_path');
  const ca = readPem(settings.caPath, 'ca_path');
  checkPair(settings, cert, key);
  const crl = settings.crlPath === undefined ? undefined : readCrls(settings.crlPath, ca);
  const { ciphers, warnings } = cipherString(settings.tlsCipherSuites);
  const minVersion = MIN_VERSION[settings.authSuite];
  if (settings.authSuite === AuthSuite.Basic) {
    warnings.push(
      `auth_suite Basic: TLS 1.0 and 1.1 are allowed, but OpenSSL ${process.versions.openssl} refuses ` +
        'them at its default security level; clients negotiate TLS 1.2 or 1.3',
    );
  }
  const options: TlsOptions = {
    cert,
    key,
    ca,
    requestCert: true,
    rejectUnauthorized: true,
    minVersion,
    maxVersion: 'TLSv1.3',
    honorCipherOrder: true,
    ticketKeys: processTicketKeys(),
    // Sessions are only resumed with the same server certificate, client CA and CRLs: a client
    // revoked since its session began must go through the certificate check again.
    sessionIdContext: createHash('sha256')
      .update(cert)
      .update(ca)
      .update(crl?.file.pem ?? '')
      .digest('hex')
      .slice(0, 32),
    ...(ciphers === undefined ? {} : { ciphers }),
    ...(crl === undefined ? {} : { crl: crl.file.pem }),
  };
  try {
    createSecureContext(options);
  } catch (e) {
    throw new Error(
      `TLS configuration (certificate_path ${settings.certificatePath}, key_path ${settings.keyPath}, ` +
        `ca_path ${settings.caPath}${settings.crlPath === undefined ? '' : `, crl_path ${settings.crlPath}`}): ` +
        (e as Error).message,
    );
  }
  warnings.push(...expiryWarnings(cert, settings.certificatePath), ...(crl?.warnings ?? []));
  return {
    options,
    warnings,
    summary: summarize(cert, crl?.file),
    revoked: revokedCertificates(crl?.file.crls ?? []),
  };
}

function summarize(pem: Buffer, crls: CrlFile | undefined): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  try {
    const leaf = new X509Certificate(pem);
    out.certificate = leaf.subject.replace(/\n/g, ', ');
    out.validTo = new Date(leaf.validTo).toISOString();
    out.fingerprint = leaf.fingerprint256;
  } catch {
    // createSecureContext accepted it; a summary is only for the log.
  }
  if (crls !== undefined) {
    out.crls = crls.crls.length;
    out.revoked = crls.crls.reduce((n, c) => n + c.revoked, 0);
  }
  return out;
}

function expiryWarnings(pem: Buffer, path: string): string[] {
  let leaf: X509Certificate;
  try {
    leaf = new X509Certificate(pem);
  } catch {
    return [];
  }
  const notAfter = Date.parse(leaf.validTo);
  if (notAfter < Date.now())
    return [`certificate_path ${path}: the server certificate expired on ${leaf.validTo}`];
  if (Date.parse(leaf.validFrom) > Date.now()) {
    return [`certificate_path ${path}: the server certificate is not valid before ${leaf.validFrom}`];
  }
  return [];
}

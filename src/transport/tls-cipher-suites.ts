// TLS authentication suites and cipher suite names. pykmip-server's `tls_cipher_suites` takes
// IANA names (TLS_RSA_WITH_AES_128_CBC_SHA256), or OpenSSL names (AES128-SHA256) as well; node's
// `ciphers` option takes OpenSSL names, so this table translates. Written from the IANA TLS
// registry and OpenSSL's ciphers(1) table.

/** KMIP's two TLS profiles, as pykmip-server names them in `auth_suite`. */
export const AuthSuite = Object.freeze({ Basic: 'Basic', Tls12: 'TLS1.2' } as const);
export type AuthSuite = (typeof AuthSuite)[keyof typeof AuthSuite];

/** TLS 1.3 suites carry the same name in IANA and OpenSSL notation. */
export const TLS13_SUITES: readonly string[] = Object.freeze([
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_128_CCM_SHA256',
  'TLS_AES_128_CCM_8_SHA256',
]);

// IANA name -> OpenSSL name, for TLS 1.2 and earlier. Some (static DH/ECDH, DSS, PSK, 3DES) are
// listed only so they are recognised: OpenSSL 3 no longer offers them, which the TLS options
// builder reports with a warning.
const IANA_TO_OPENSSL: Readonly<Record<string, string>> = Object.freeze({
  TLS_RSA_WITH_3DES_EDE_CBC_SHA: 'DES-CBC3-SHA',
  TLS_RSA_WITH_AES_128_CBC_SHA: 'AES128-SHA',
  TLS_RSA_WITH_AES_256_CBC_SHA: 'AES256-SHA',
  TLS_RSA_WITH_AES_128_CBC_SHA256: 'AES128-SHA256',
  TLS_RSA_WITH_AES_256_CBC_SHA256: 'AES256-SHA256',
  TLS_RSA_WITH_AES_128_GCM_SHA256: 'AES128-GCM-SHA256',
  TLS_RSA_WITH_AES_256_GCM_SHA384: 'AES256-GCM-SHA384',
  TLS_RSA_WITH_AES_128_CCM: 'AES128-CCM',
  TLS_RSA_WITH_AES_256_CCM: 'AES256-CCM',
  TLS_DH_DSS_WITH_AES_128_CBC_SHA: 'DH-DSS-AES128-SHA',
  TLS_DH_DSS_WITH_AES_256_CBC_SHA: 'DH-DSS-AES256-SHA',
  TLS_DH_RSA_WITH_AES_128_CBC_SHA: 'DH-RSA-AES128-SHA',
  TLS_DH_RSA_WITH_AES_256_CBC_SHA: 'DH-RSA-AES256-SHA',
  TLS_DH_DSS_WITH_AES_128_CBC_SHA256: 'DH-DSS-AES128-SHA256',
  TLS_DH_DSS_WITH_AES_256_CBC_SHA256: 'DH-DSS-AES256-SHA256',
  TLS_DH_RSA_WITH_AES_128_CBC_SHA256: 'DH-RSA-AES128-SHA256',
  TLS_DH_RSA_WITH_AES_256_CBC_SHA256: 'DH-RSA-AES256-SHA256',
  TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA: 'DHE-DSS-DES-CBC3-SHA',
  TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA: 'DHE-RSA-DES-CBC3-SHA',
  TLS_DHE_DSS_WITH_AES_128_CBC_SHA: 'DHE-DSS-AES128-SHA',
  TLS_DHE_DSS_WITH_AES_256_CBC_SHA: 'DHE-DSS-AES256-SHA',
  TLS_DHE_RSA_WITH_AES_128_CBC_SHA: 'DHE-RSA-AES128-SHA',
  TLS_DHE_RSA_WITH_AES_256_CBC_SHA: 'DHE-RSA-AES256-SHA',
  TLS_DHE_DSS_WITH_AES_128_CBC_SHA256: 'DHE-DSS-AES128-SHA256',
  TLS_DHE_DSS_WITH_AES_256_CBC_SHA256: 'DHE-DSS-AES256-SHA256',
  TLS_DHE_RSA_WITH_AES_128_CBC_SHA256: 'DHE-RSA-AES128-SHA256',
  TLS_DHE_RSA_WITH_AES_256_CBC_SHA256: 'DHE-RSA-AES256-SHA256',
  TLS_DHE_DSS_WITH_AES_128_GCM_SHA256: 'DHE-DSS-AES128-GCM-SHA256',
  TLS_DHE_DSS_WITH_AES_256_GCM_SHA384: 'DHE-DSS-AES256-GCM-SHA384',
  TLS_DHE_RSA_WITH_AES_128_GCM_SHA256: 'DHE-RSA-AES128-GCM-SHA256',
  TLS_DHE_RSA_WITH_AES_256_GCM_SHA384: 'DHE-RSA-AES256-GCM-SHA384',
  TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256: 'DHE-RSA-CHACHA20-POLY1305',
  TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA: 'ECDH-ECDSA-AES128-SHA',
  TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA: 'ECDH-ECDSA-AES256-SHA',
  TLS_ECDH_RSA_WITH_AES_128_CBC_SHA: 'ECDH-RSA-AES128-SHA',
  TLS_ECDH_RSA_WITH_AES_256_CBC_SHA: 'ECDH-RSA-AES256-SHA',
  TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA256: 'ECDH-ECDSA-AES128-SHA256',
  TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA384: 'ECDH-ECDSA-AES256-SHA384',
  TLS_ECDH_RSA_WITH_AES_128_CBC_SHA256: 'ECDH-RSA-AES128-SHA256',
  TLS_ECDH_RSA_WITH_AES_256_CBC_SHA384: 'ECDH-RSA-AES256-SHA384',
  TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA: 'ECDHE-ECDSA-DES-CBC3-SHA',
  TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA: 'ECDHE-RSA-DES-CBC3-SHA',
  TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA: 'ECDHE-ECDSA-AES128-SHA',
  TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA: 'ECDHE-ECDSA-AES256-SHA',
  TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA: 'ECDHE-RSA-AES128-SHA',
  TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA: 'ECDHE-RSA-AES256-SHA',
  TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256: 'ECDHE-ECDSA-AES128-SHA256',
  TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384: 'ECDHE-ECDSA-AES256-SHA384',
  TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256: 'ECDHE-RSA-AES128-SHA256',
  TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384: 'ECDHE-RSA-AES256-SHA384',
  TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256: 'ECDHE-ECDSA-AES128-GCM-SHA256',
  TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384: 'ECDHE-ECDSA-AES256-GCM-SHA384',
  TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256: 'ECDHE-RSA-AES128-GCM-SHA256',
  TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384: 'ECDHE-RSA-AES256-GCM-SHA384',
  TLS_ECDHE_ECDSA_WITH_AES_128_CCM: 'ECDHE-ECDSA-AES128-CCM',
  TLS_ECDHE_ECDSA_WITH_AES_256_CCM: 'ECDHE-ECDSA-AES256-CCM',
  TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256: 'ECDHE-ECDSA-CHACHA20-POLY1305',
  TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256: 'ECDHE-RSA-CHACHA20-POLY1305',
  TLS_PSK_WITH_AES_128_CBC_SHA: 'PSK-AES128-CBC-SHA',
  TLS_PSK_WITH_AES_256_CBC_SHA: 'PSK-AES256-CBC-SHA',
  TLS_DHE_PSK_WITH_AES_128_CBC_SHA: 'DHE-PSK-AES128-CBC-SHA',
  TLS_DHE_PSK_WITH_AES_256_CBC_SHA: 'DHE-PSK-AES256-CBC-SHA',
  TLS_RSA_PSK_WITH_AES_128_CBC_SHA: 'RSA-PSK-AES128-CBC-SHA',
  TLS_RSA_PSK_WITH_AES_256_CBC_SHA: 'RSA-PSK-AES256-CBC-SHA',
});

const OPENSSL_NAMES: ReadonlySet<string> = new Set(Object.values(IANA_TO_OPENSSL));
const IANA_BY_UPPER: ReadonlyMap<string, string> = new Map(
  Object.keys(IANA_TO_OPENSSL).map((k) => [k.toUpperCase(), k]),
);

export interface CipherSuiteName {
  /** The name as configured. */
  readonly name: string;
  /** The OpenSSL name node takes. */
  readonly openssl: string;
  /** True for a TLS 1.3 suite (node passes those to SSL_CTX_set_ciphersuites). */
  readonly tls13: boolean;
}

/**
 * Translates one configured name (IANA or OpenSSL notation, any case) to OpenSSL's, or
 * undefined when it is unknown.
 */
export function cipherSuiteName(name: string): CipherSuiteName | undefined {
  const upper = name.toUpperCase();
  const tls13 = TLS13_SUITES.find((s) => s === upper);
  if (tls13 !== undefined) return { name, openssl: tls13, tls13: true };
  const iana = IANA_BY_UPPER.get(upper);
  if (iana !== undefined) return { name, openssl: IANA_TO_OPENSSL[iana] ?? '', tls13: false };
  if (OPENSSL_NAMES.has(upper)) return { name, openssl: upper, tls13: false };
  return undefined;
}

export interface MappedCipherSuites {
  /** Known names, de-duplicated, in the configured order. */
  readonly suites: readonly CipherSuiteName[];
  /** Names neither table knows (skipped, as pykmip-server skips them). */
  readonly unknown: readonly string[];
}

export function mapCipherSuites(names: readonly string[]): MappedCipherSuites {
  const suites: CipherSuiteName[] = [];
  const unknown: string[] = [];
  const seen = new Set<string>();
  for (const name of names) {
    const mapped = cipherSuiteName(name);
    if (mapped === undefined) {
      if (!unknown.includes(name)) unknown.push(name);
    } else if (!seen.has(mapped.openssl)) {
      seen.add(mapped.openssl);
      suites.push(mapped);
    }
  }
  return { suites, unknown };
}

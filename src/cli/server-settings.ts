// The shape of the server's settings (server.conf [server] keys, flags and environment alike):
// what server-config.ts reads and server-config-values.ts parses into, kept apart so that neither
// imports the other.
import type { AuthSuite } from '../transport/tls-cipher-suites.js';
import type { IniFile } from '../config/ini.js';

export const LoggingLevel = Object.freeze({
  Debug: 'DEBUG',
  Info: 'INFO',
  Warning: 'WARNING',
  Error: 'ERROR',
  Critical: 'CRITICAL',
} as const);
export type LoggingLevel = (typeof LoggingLevel)[keyof typeof LoggingLevel];

export const LogFormat = Object.freeze({ Text: 'text', Json: 'json' } as const);
export type LogFormat = (typeof LogFormat)[keyof typeof LogFormat];

/** An `[auth:...]` section, kept for the authentication plugins (SLUGS). */
export interface AuthPluginSection {
  /** The full section name, e.g. 'auth:slugs' or 'auth:slugs:primary'. */
  readonly name: string;
  readonly line: number;
  /** Its keys (lower-cased) and interpolated values, as PyKMIP's `dict(parser.items(name))`. */
  readonly settings: Readonly<Record<string, string>>;
}

export interface ServerConfig {
  /** The configuration file that was read, or undefined when none was. */
  readonly configPath: string | undefined;
  /** Address to listen on; '0.0.0.0' when the file gives an empty hostname (Python's ''). */
  readonly hostname: string;
  /** TCP port; 0 = any free port. */
  readonly port: number;
  /** Server certificate, key and CA (PEM files); all undefined = use the demo certificates. */
  readonly certificatePath: string | undefined;
  readonly keyPath: string | undefined;
  readonly caPath: string | undefined;
  /** Certificate revocation lists for client certificates (PEM or DER), reread with the certificates. */
  readonly crlPath: string | undefined;
  readonly authSuite: AuthSuite;
  readonly policyPath: string | undefined;
  /** Require the clientAuth extended key usage in client certificates (PyKMIP's default: true). */
  readonly enableTlsClientAuth: boolean;
  /** Configured cipher suites (IANA or OpenSSL names, unknown ones dropped); [] = defaults. */
  readonly tlsCipherSuites: readonly string[];
  readonly loggingLevel: LoggingLevel;
  /** Log file (-l/--log_path); undefined = standard error. */
  readonly logPath: string | undefined;
  /** text (one line: time, level, message, fields as JSON) or json (one JSON object a line). */
  readonly logFormat: LogFormat;
  /** SQLite database file (PyKMIP's database_path). */
  readonly databasePath: string | undefined;
  /** Our own keys. */
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly maxMessageSize: number;
  readonly maxConnections: number;
  /** Worker processes sharing the listening socket and the store; 0 = one per CPU core. */
  readonly workers: number;
  /** 0 = connections may stay idle forever. */
  readonly idleTimeoutMs: number;
  readonly handshakeTimeoutMs: number;
  /** A request that has started arriving must be complete within this (slow senders). */
  readonly requestTimeoutMs: number;
  readonly auditLog: string | undefined;
  /** Where the running server writes its process id (for `kmip-server reload`); default data_dir. */
  readonly pidFile: string | undefined;
  /** Objects one identity may own (0 = no limit); counted in the store, so across workers and nodes. */
  readonly maxObjectsPerIdentity: number;
  /** Requests one identity may send per second (0 = no limit), across the server's workers. */
  readonly maxRequestsPerSecond: number;
  /** KMIP over HTTPS (POST /kmip) on this port, same certificates as the TTLV port; undefined = off. */
  readonly httpsPort: number | undefined;
  /** /metrics, /healthz and /readyz over plain HTTP on this port; undefined = off. */
  readonly adminPort: number | undefined;
  /** Where the admin listener binds (127.0.0.1 unless set). */
  readonly adminHost: string;
  readonly masterKeyFile: string | undefined;
  /** A PKCS#11 module: the master key is then an AES key on that token (never read out). */
  readonly masterKeyPkcs11: string | undefined;
  /** The token: its slot id, else its label, else the first token present. */
  readonly masterKeyPkcs11Slot: number | undefined;
  readonly masterKeyPkcs11TokenLabel: string | undefined;
  /** The user PIN (or KMIP_PKCS11_PIN). */
  readonly masterKeyPkcs11Pin: string | undefined;
  /** CKA_LABEL of the AES key object; generated on the token when missing. */
  readonly masterKeyPkcs11Label: string;
  /** A PKCS#11 module the KMIP PKCS#11 operation calls; unset: the server answers itself. */
  readonly pkcs11Module: string | undefined;
  /**
   * How long a user SLUGS knew is served without asking again (one cache for all workers); 0 =
   * ask on every request, as PyKMIP does. Refusals and outages are never cached.
   */
  readonly slugsCacheTtlMs: number;
  /** The web console under /ui/ on the HTTPS listener (needs https_port). */
  readonly console: boolean;
  /** The console's sign-in tokens (kmip-server console-token); undefined = certificates only. */
  readonly consoleTokens: string | undefined;
  /** Identities that see the console's server page and everyone's audit records. */
  readonly consoleAdmins: readonly string[];
  /** A console session ends after this long without a request. */
  readonly consoleSessionTimeoutMs: number;
  /** The `[auth:...]` sections, in file order. */
  readonly authPlugins: readonly AuthPluginSection[];
  /** The whole file, for sections no one has typed yet. */
  readonly ini: IniFile | undefined;
  /** Things an operator should hear about (unknown cipher suites, ignored arguments). */
  readonly warnings: readonly string[];
}

/** The typed settings, without provenance; what the file, the environment and flags set. */
export type ServerSettings = Omit<ServerConfig, 'configPath' | 'authPlugins' | 'ini' | 'warnings'>;

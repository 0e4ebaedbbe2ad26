// The server's configuration: pykmip-server's server.conf ([server] section and the `auth:`
// plugin sections), typed. Reading follows PyKMIP's KmipServerConfig: an unknown key in
// [server] is an error, booleans read as configparser's getboolean does, logging levels in any
// case. Unlike PyKMIP, no key is required: the defaults below (and the demo certificates when no
// certificate is configured) stand in.
import { AuthSuite, mapCipherSuites } from '../transport/tls-cipher-suites.js';
import { ServerConfigError } from '../config/config-error.js';
import { findSection, parseIni, sectionItems } from '../config/ini.js';
import type { IniFile } from '../config/ini.js';
import { LogFormat, LoggingLevel, SERVER_KEYS } from './server-config-values.js';
import type { ServerKey } from './server-config-values.js';

export { LogFormat, LoggingLevel } from './server-config-values.js';

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

export const SERVER_DEFAULTS: ServerSettings = Object.freeze({
  hostname: '127.0.0.1',
  port: 5696,
  certificatePath: undefined,
  keyPath: undefined,
  caPath: undefined,
  crlPath: undefined,
  authSuite: AuthSuite.Tls12,
  policyPath: undefined,
  enableTlsClientAuth: true,
  tlsCipherSuites: [],
  loggingLevel: LoggingLevel.Info,
  logPath: undefined,
  logFormat: LogFormat.Text,
  databasePath: undefined,
  dataDir: 'data',
  databaseUrl: undefined,
  maxMessageSize: 1024 * 1024,
  maxConnections: 1024,
  workers: 0,
  idleTimeoutMs: 300_000,
  handshakeTimeoutMs: 10_000,
  requestTimeoutMs: 60_000,
  auditLog: undefined,
  pidFile: undefined,
  maxObjectsPerIdentity: 0,
  maxRequestsPerSecond: 0,
  httpsPort: undefined,
  adminPort: undefined,
  adminHost: '127.0.0.1',
  masterKeyFile: undefined,
  masterKeyPkcs11: undefined,
  masterKeyPkcs11Slot: undefined,
  masterKeyPkcs11TokenLabel: undefined,
  masterKeyPkcs11Pin: undefined,
  masterKeyPkcs11Label: 'kmip-ts master key',
  pkcs11Module: undefined,
  slugsCacheTtlMs: 0,
  console: false,
  consoleTokens: undefined,
  consoleAdmins: [],
  consoleSessionTimeoutMs: 30 * 60_000,
});

export interface ParsedServerConf {
  readonly path: string;
  /** Only the settings the [server] section gives. */
  readonly settings: Partial<ServerSettings>;
  /** The line of each [server] key that was given, for later error messages. */
  readonly lines: Readonly<Partial<Record<ServerKey, number>>>;
  readonly authPlugins: readonly AuthPluginSection[];
  readonly ini: IniFile;
  readonly warnings: readonly string[];
}

/** Reads a pykmip-server server.conf. Throws ServerConfigError naming file, line and key. */
export function parseServerConf(text: string, path: string): ParsedServerConf {
  const ini = parseIni(text, path);
  const server = findSection(ini, 'server');
  if (server === undefined) {
    throw new ServerConfigError("the file has no '[server]' section", path);
  }
  const settings: Partial<Record<keyof ServerSettings, unknown>> = {};
  const lines: Partial<Record<ServerKey, number>> = {};
  const warnings: string[] = [];
  for (const [key, entry] of sectionItems(ini, server)) {
    if (!isServerKey(key)) {
      throw new ServerConfigError(
        'is not a supported setting; remove it from the configuration file',
        path,
        entry.line,
        key,
      );
    }
    const spec = SERVER_KEYS[key];
    const parsed = spec.parse(entry.value);
    if (!parsed.ok) throw new ServerConfigError(parsed.message, path, entry.line, key);
    let value: unknown = parsed.value;
    if (key === 'tls_cipher_suites') {
      const names = parsed.value as readonly string[];
      const { unknown } = mapCipherSuites(names);
      for (const name of unknown) {
        warnings.push(`${path}:${entry.line}: tls_cipher_suites: unknown cipher suite '${name}' skipped`);
      }
      value = names.filter((n) => !unknown.includes(n));
    }
    settings[spec.field] = value;
    lines[key] = entry.line;
  }
  const authPlugins = ini.sections
    .filter((s) => s.name.startsWith('auth:'))
    .map((s): AuthPluginSection => {
      const items: Record<string, string> = {};
      for (const [k, e] of sectionItems(ini, s)) items[k] = e.value;
      return Object.freeze({ name: s.name, line: s.line, settings: Object.freeze(items) });
    });
  return {
    path,
    settings: settings as Partial<ServerSettings>,
    lines,
    authPlugins,
    ini,
    warnings,
  };
}

function isServerKey(key: string): key is ServerKey {
  return Object.hasOwn(SERVER_KEYS, key);
}

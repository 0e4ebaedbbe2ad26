// The server's configuration: pykmip-server's server.conf ([server] section and the `auth:`
// plugin sections), typed. Reading follows PyKMIP's KmipServerConfig: an unknown key in
// [server] is an error, booleans read as configparser's getboolean does, logging levels in any
// case. Unlike PyKMIP, no key is required: the defaults below (and the demo certificates when no
// certificate is configured) stand in.
import { AuthSuite, mapCipherSuites } from '../transport/tls-cipher-suites.js';
import { ServerConfigError } from '../config/config-error.js';
import { findSection, parseIni, sectionItems } from '../config/ini.js';
import type { IniFile } from '../config/ini.js';
import { SERVER_KEYS } from './server-config-values.js';
import { LogFormat, LoggingLevel, type AuthPluginSection, type ServerSettings } from './server-settings.js';
import type { ServerKey } from './server-config-values.js';

export { LogFormat, LoggingLevel } from './server-settings.js';
export type { AuthPluginSection, ServerConfig, ServerSettings } from './server-settings.js';

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

// Every [server] key the configuration accepts, the ServerConfig field it sets and how its text
// is read. Flags and environment variables reuse the same readers.
import { AuthSuite } from '../transport/tls-cipher-suites.js';
import { LogFormat, LoggingLevel, type ServerSettings } from './server-settings.js';

export type ParseResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

interface KeySpec {
  readonly field: keyof ServerSettings;
  readonly parse: (raw: string) => ParseResult<unknown>;
}

const ok = <T>(value: T): ParseResult<T> => ({ ok: true, value });
const fail = (message: string): ParseResult<never> => ({ ok: false, message });

/** An empty value means "not set" for an optional path (PyKMIP: `if not value: None`). */
export function readPath(raw: string): ParseResult<string | undefined> {
  return ok(raw === '' ? undefined : raw);
}

export function readNonEmptyPath(raw: string): ParseResult<string> {
  return raw === '' ? fail('must not be empty') : ok(raw);
}

/** Python's socket treats '' as INADDR_ANY; so do we. */
export function readHostname(raw: string): ParseResult<string> {
  return ok(raw === '' ? '0.0.0.0' : raw);
}

export function readPort(raw: string): ParseResult<number> {
  const n = /^\+?\d+$/.test(raw) ? Number(raw) : NaN;
  return Number.isInteger(n) && n >= 0 && n <= 65535
    ? ok(n)
    : fail(`must be an integer from 0 to 65535 (0 = any free port), not ${JSON.stringify(raw)}`);
}

/** A port that is off when empty (https_port, admin_port). */
export function readOptionalPort(raw: string): ParseResult<number | undefined> {
  return raw === '' ? ok(undefined) : readPort(raw);
}

export function readLogFormat(raw: string): ParseResult<LogFormat> {
  const lower = raw.toLowerCase();
  const format = Object.values(LogFormat).find((f) => f === lower);
  return format === undefined
    ? fail(`must be one of ${Object.values(LogFormat).join(', ')}, not ${JSON.stringify(raw)}`)
    : ok(format);
}

export function readAuthSuite(raw: string): ParseResult<AuthSuite> {
  const lower = raw.toLowerCase();
  const suite = Object.values(AuthSuite).find((s) => s.toLowerCase() === lower);
  return suite === undefined
    ? fail(`must be one of ${Object.values(AuthSuite).join(', ')}, not ${JSON.stringify(raw)}`)
    : ok(suite);
}

const BOOLEANS: Readonly<Record<string, boolean>> = Object.freeze({
  '1': true,
  yes: true,
  true: true,
  on: true,
  '0': false,
  no: false,
  false: false,
  off: false,
});

/** configparser's getboolean: 1/yes/true/on and 0/no/false/off, in any case. */
export function readBoolean(raw: string): ParseResult<boolean> {
  const value = BOOLEANS[raw.toLowerCase()];
  return value === undefined
    ? fail(`must be a boolean (true/false, yes/no, on/off, 1/0), not ${JSON.stringify(raw)}`)
    : ok(value);
}

/** PyKMIP splits on whitespace (value.split()); commas are taken as separators too. */
export function readCipherSuites(raw: string): ParseResult<readonly string[]> {
  const names = raw.split(/[\s,]+/).filter((n) => n !== '');
  return ok([...new Set(names)]);
}

export function readLoggingLevel(raw: string): ParseResult<LoggingLevel> {
  const upper = raw.toUpperCase();
  const level = Object.values(LoggingLevel).find((l) => l === upper);
  return level === undefined
    ? fail(`must be one of ${Object.values(LoggingLevel).join(', ')}, not ${JSON.stringify(raw)}`)
    : ok(level);
}

const SIZE_UNITS: Readonly<Record<string, number>> = Object.freeze({
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 * 1024,
  mb: 1024 * 1024,
  mib: 1024 * 1024,
});

/** A byte count: `1048576`, `64k`, `1MiB` (binary units). */
export function readSize(raw: string): ParseResult<number> {
  const m = /^(\d+)\s*([a-z]*)$/i.exec(raw);
  const unit = SIZE_UNITS[(m?.[2] ?? '').toLowerCase()];
  const n = m !== null && unit !== undefined ? Number(m[1]) * unit : NaN;
  return Number.isSafeInteger(n) && n >= 1024
    ? ok(n)
    : fail(`must be a size of at least 1024 bytes (e.g. 1048576, 64k, 1MiB), not ${JSON.stringify(raw)}`);
}

/** Worker processes: 0 = one per CPU core. */
export function readWorkers(raw: string): ParseResult<number> {
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  return Number.isSafeInteger(n) && n <= 256
    ? ok(n)
    : fail(`must be 0 (one per core) to 256, not ${JSON.stringify(raw)}`);
}

export function readCount(raw: string): ParseResult<number> {
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  return Number.isSafeInteger(n) && n >= 1
    ? ok(n)
    : fail(`must be a positive integer, not ${JSON.stringify(raw)}`);
}

/** A per-identity limit: a whole number, 0 = no limit. */
export function readLimit(raw: string): ParseResult<number> {
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  return Number.isSafeInteger(n)
    ? ok(n)
    : fail(`must be a whole number (0 = no limit), not ${JSON.stringify(raw)}`);
}

/** A PKCS#11 slot id: 0 or more. */
export function readSlot(raw: string): ParseResult<number> {
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  return Number.isSafeInteger(n)
    ? ok(n)
    : fail(`must be a slot number (0 or more), not ${JSON.stringify(raw)}`);
}

const DURATION_UNITS: Readonly<Record<string, number>> = Object.freeze({
  '': 1000,
  ms: 1,
  s: 1000,
  m: 60_000,
  min: 60_000,
  h: 3_600_000,
});

/** A duration in milliseconds from `30` (seconds), `1.5s`, `500ms`, `5m` or `1h`. */
export function readDuration(raw: string): ParseResult<number> {
  const m = /^(\d+(?:\.\d+)?)\s*([a-z]*)$/i.exec(raw);
  const unit = DURATION_UNITS[(m?.[2] ?? '').toLowerCase()];
  const ms = m !== null && unit !== undefined ? Math.round(Number(m[1]) * unit) : NaN;
  return Number.isSafeInteger(ms)
    ? ok(ms)
    : fail(`must be a duration in seconds, or with a unit (500ms, 30s, 5m, 1h), not ${JSON.stringify(raw)}`);
}

function positiveDuration(raw: string): ParseResult<number> {
  const r = readDuration(raw);
  return r.ok && r.value === 0 ? fail('must be more than 0') : r;
}

/** A list of identities (certificate common names may hold spaces): separated by commas. */
export function readIdentities(raw: string): ParseResult<readonly string[]> {
  return ok([
    ...new Set(
      raw
        .split(',')
        .map((n) => n.trim())
        .filter((n) => n !== ''),
    ),
  ]);
}

/** A session idle time: at least a minute. */
function sessionDuration(raw: string): ParseResult<number> {
  const r = readDuration(raw);
  return r.ok && r.value < 60_000 ? fail('must be at least 1 minute (60, 1m, 30m, 1h)') : r;
}

/** server.conf's [server] keys: PyKMIP's, then ours. */
export const SERVER_KEYS = Object.freeze({
  hostname: { field: 'hostname', parse: readHostname },
  port: { field: 'port', parse: readPort },
  certificate_path: { field: 'certificatePath', parse: readPath },
  key_path: { field: 'keyPath', parse: readPath },
  ca_path: { field: 'caPath', parse: readPath },
  crl_path: { field: 'crlPath', parse: readPath },
  auth_suite: { field: 'authSuite', parse: readAuthSuite },
  policy_path: { field: 'policyPath', parse: readPath },
  enable_tls_client_auth: { field: 'enableTlsClientAuth', parse: readBoolean },
  tls_cipher_suites: { field: 'tlsCipherSuites', parse: readCipherSuites },
  logging_level: { field: 'loggingLevel', parse: readLoggingLevel },
  database_path: { field: 'databasePath', parse: readPath },
  log_path: { field: 'logPath', parse: readPath },
  data_dir: { field: 'dataDir', parse: readNonEmptyPath },
  database_url: { field: 'databaseUrl', parse: readPath },
  max_message_size: { field: 'maxMessageSize', parse: readSize },
  max_connections: { field: 'maxConnections', parse: readCount },
  idle_timeout: { field: 'idleTimeoutMs', parse: readDuration },
  handshake_timeout: { field: 'handshakeTimeoutMs', parse: positiveDuration },
  request_timeout: { field: 'requestTimeoutMs', parse: positiveDuration },
  audit_log: { field: 'auditLog', parse: readPath },
  pid_file: { field: 'pidFile', parse: readPath },
  max_objects_per_identity: { field: 'maxObjectsPerIdentity', parse: readLimit },
  max_requests_per_second: { field: 'maxRequestsPerSecond', parse: readLimit },
  master_key_file: { field: 'masterKeyFile', parse: readPath },
  master_key_pkcs11: { field: 'masterKeyPkcs11', parse: readPath },
  master_key_pkcs11_slot: { field: 'masterKeyPkcs11Slot', parse: readSlot },
  master_key_pkcs11_token_label: { field: 'masterKeyPkcs11TokenLabel', parse: readPath },
  master_key_pkcs11_pin: { field: 'masterKeyPkcs11Pin', parse: readPath },
  master_key_pkcs11_label: { field: 'masterKeyPkcs11Label', parse: readNonEmptyPath },
  pkcs11_module: { field: 'pkcs11Module', parse: readPath },
  workers: { field: 'workers', parse: readWorkers },
  https_port: { field: 'httpsPort', parse: readOptionalPort },
  admin_port: { field: 'adminPort', parse: readOptionalPort },
  admin_host: { field: 'adminHost', parse: readHostname },
  log_format: { field: 'logFormat', parse: readLogFormat },
  slugs_cache_ttl: { field: 'slugsCacheTtlMs', parse: readDuration },
  console: { field: 'console', parse: readBoolean },
  console_tokens: { field: 'consoleTokens', parse: readPath },
  console_admins: { field: 'consoleAdmins', parse: readIdentities },
  console_session_timeout: { field: 'consoleSessionTimeoutMs', parse: sessionDuration },
} as const satisfies Record<string, KeySpec>);
export type ServerKey = keyof typeof SERVER_KEYS;

// One ServerConfig from the command line, the environment and the configuration file.
// Precedence: flags > environment > file > defaults. The file is -f/--config_path, else
// $KMIP_SERVER_CONFIG, else /etc/pykmip/server.conf; a named file must exist, the default one may
// be missing. Paths come back absolute (relative ones are taken from the working directory, as
// PyKMIP takes them). Like PyKMIP, the certificate, key and CA files must exist at start-up.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { COMMAND_LINE, parseServerArgs } from './server-config-args.js';
import { ServerConfigError } from '../config/config-error.js';
import { SERVER_DEFAULTS, parseServerConf } from './server-config.js';
import type { ParsedServerConf, ServerConfig, ServerSettings } from './server-config.js';
import { SERVER_KEYS, readNonEmptyPath, readPath } from './server-config-values.js';
import type { ParseResult, ServerKey } from './server-config-values.js';

export const DEFAULT_CONFIG_PATH = '/etc/pykmip/server.conf';
export const ENVIRONMENT = '<environment>';

/** Environment variables we read, and the setting each gives. */
const ENV_SETTINGS: readonly {
  name: string;
  field: keyof ServerSettings;
  parse: (raw: string) => ParseResult<unknown>;
}[] = [
  { name: 'KMIP_DATA_DIR', field: 'dataDir', parse: readNonEmptyPath },
  { name: 'KMIP_DATABASE_URL', field: 'databaseUrl', parse: readPath },
  { name: 'KMIP_MASTER_KEY_FILE', field: 'masterKeyFile', parse: readPath },
  { name: 'KMIP_PKCS11_PIN', field: 'masterKeyPkcs11Pin', parse: readPath },
];

const PATH_FIELDS = [
  'certificatePath',
  'keyPath',
  'caPath',
  'crlPath',
  'policyPath',
  'logPath',
  'databasePath',
  'auditLog',
  'pidFile',
  'masterKeyFile',
  'consoleTokens',
] as const satisfies readonly (keyof ServerSettings)[];

export interface ResolveOptions {
  /** Where relative paths start (default: process.cwd()). */
  readonly cwd?: string;
  /** The configuration file read when none is named (default /etc/pykmip/server.conf). */
  readonly defaultConfigPath?: string;
}

export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Resolves the server's configuration. `argv` excludes node and the script; `--help` and
 * `--version` are not acted on here (call parseServerArgs first). Throws ServerConfigError.
 */
export function resolveServerConfig(
  argv: readonly string[],
  env: Environment,
  options: ResolveOptions = {},
): ServerConfig {
  const cwd = options.cwd ?? process.cwd();
  const args = parseServerArgs(argv);
  const named = args.configPath ?? nonEmpty(env.KMIP_SERVER_CONFIG);
  const configPath = named ?? options.defaultConfigPath ?? DEFAULT_CONFIG_PATH;
  const file = readConf(resolve(cwd, configPath), named !== undefined);

  const fromEnv: Partial<Record<keyof ServerSettings, unknown>> = {};
  for (const v of ENV_SETTINGS) {
    const raw = env[v.name];
    if (raw === undefined) continue;
    const parsed = v.parse(raw);
    if (!parsed.ok) throw new ServerConfigError(parsed.message, ENVIRONMENT, 0, v.name);
    fromEnv[v.field] = parsed.value;
  }

  const merged: ServerSettings = {
    ...SERVER_DEFAULTS,
    ...file?.settings,
    ...(fromEnv as Partial<ServerSettings>),
    ...args.settings,
  };
  const absolute: Record<string, unknown> = { ...merged, dataDir: resolve(cwd, merged.dataDir) };
  for (const field of PATH_FIELDS) {
    const p = merged[field];
    absolute[field] = p === undefined ? undefined : resolve(cwd, p);
  }
  const settings = absolute as unknown as ServerSettings;

  const where = (field: keyof ServerSettings): Source => sourceOf(field, args.flags, file);
  checkCertificates(settings, where);
  checkConsole(settings, where);

  const warnings = [...(file?.warnings ?? [])];
  if (!settings.console && settings.consoleTokens !== undefined)
    warnings.push('console_tokens is set but the web console is off (console = true turns it on)');
  if (args.positionals.length > 0) {
    warnings.push(`${COMMAND_LINE}: ignored arguments: ${args.positionals.join(' ')}`);
  }
  return {
    ...settings,
    configPath: file?.path,
    authPlugins: file?.authPlugins ?? [],
    ini: file?.ini,
    warnings,
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

function readConf(path: string, required: boolean): ParsedServerConf | undefined {
  if (!existsSync(path)) {
    if (required) throw new ServerConfigError('the configuration file could not be found', path);
    return undefined;
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ServerConfigError(`cannot read the configuration file: ${(e as Error).message}`, path);
  }
  return parseServerConf(text, path);
}

interface Source {
  readonly file: string;
  readonly line: number;
  readonly key: string;
}

const FIELD_KEYS = new Map<keyof ServerSettings, ServerKey>(
  (Object.keys(SERVER_KEYS) as ServerKey[]).map((k) => [SERVER_KEYS[k].field, k]),
);

function sourceOf(
  field: keyof ServerSettings,
  flags: Readonly<Partial<Record<keyof ServerSettings, string>>>,
  file: ParsedServerConf | undefined,
): Source {
  const flag = flags[field];
  if (flag !== undefined) return { file: COMMAND_LINE, line: 0, key: flag };
  const key = FIELD_KEYS.get(field) ?? field;
  const line = file?.lines[key as ServerKey];
  return file !== undefined && line !== undefined
    ? { file: file.path, line, key }
    : { file: ENVIRONMENT, line: 0, key };
}

/** The web console is served on the HTTPS listener: it needs https_port. */
function checkConsole(settings: ServerSettings, where: (field: keyof ServerSettings) => Source): void {
  if (!settings.console || settings.httpsPort !== undefined) return;
  const s = where('console');
  throw new ServerConfigError(
    'the web console is served on the HTTPS listener: set https_port too',
    s.file,
    s.line,
    s.key,
  );
}

/** All three of certificate, key and CA, or none (demo certificates); the given ones must exist. */
function checkCertificates(settings: ServerSettings, where: (field: keyof ServerSettings) => Source): void {
  const fields = ['certificatePath', 'keyPath', 'caPath'] as const;
  const given = fields.filter((f) => settings[f] !== undefined);
  if (given.length > 0 && given.length < fields.length) {
    const missing = fields.filter((f) => settings[f] === undefined).map((f) => FIELD_KEYS.get(f) ?? f);
    const s = where(given[0] ?? 'certificatePath');
    throw new ServerConfigError(
      `certificate_path, key_path and ca_path go together (set all three, or none for the demo ` +
        `certificates); ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} missing`,
      s.file,
      s.line,
      s.key,
    );
  }
  for (const f of given) {
    const path = settings[f];
    if (path !== undefined && !existsSync(path)) {
      const s = where(f);
      throw new ServerConfigError(`file not found: ${path}`, s.file, s.line, s.key);
    }
  }
}

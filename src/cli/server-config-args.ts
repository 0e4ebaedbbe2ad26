// pykmip-server's command line (PyKMIP's optparse parser in kmip/services/server/server.py),
// plus --data-dir, --help and --version. As with optparse: `-p 5696`, `-p5696`, `--port 5696`,
// `--port=5696`, short flags cluster (`-iv DEBUG`), long names may be abbreviated to a unique
// prefix, the last of a repeated flag wins, `--` ends the options. An empty value is ignored
// (PyKMIP only passes on values that are truthy). Long names take `-` for `_` as well.
import type { ServerSettings } from './server-config.js';
import { ServerConfigError } from '../config/config-error.js';
import {
  readLogFormat,
  readOptionalPort,
  readWorkers,
  readAuthSuite,
  readLoggingLevel,
  readNonEmptyPath,
  readPath,
  readPort,
} from './server-config-values.js';
import type { ParseResult } from './server-config-values.js';

export const COMMAND_LINE = '<command line>';

type Target = keyof ServerSettings | 'configPath' | 'help' | 'version' | 'ignoreTlsClientAuth';

interface FlagSpec {
  readonly short?: string;
  readonly long: string;
  readonly target: Target;
  readonly metavar?: string;
  readonly parse?: (raw: string) => ParseResult<unknown>;
  readonly help: string;
}

const FLAGS: readonly FlagSpec[] = [
  { short: 'n', long: 'hostname', target: 'hostname', metavar: 'HOST', help: 'address to listen on' },
  { short: 'p', long: 'port', target: 'port', metavar: 'PORT', parse: readPort, help: 'port (5696)' },
  {
    short: 'c',
    long: 'certificate_path',
    target: 'certificatePath',
    metavar: 'FILE',
    help: 'server certificate (PEM)',
  },
  { short: 'k', long: 'key_path', target: 'keyPath', metavar: 'FILE', help: 'server private key (PEM)' },
  {
    short: 'a',
    long: 'ca_path',
    target: 'caPath',
    metavar: 'FILE',
    help: 'CA certificate(s) for clients (PEM)',
  },
  {
    short: 's',
    long: 'auth_suite',
    target: 'authSuite',
    metavar: 'SUITE',
    parse: readAuthSuite,
    help: 'Basic or TLS1.2',
  },
  {
    short: 'f',
    long: 'config_path',
    target: 'configPath',
    metavar: 'FILE',
    help: 'configuration file (/etc/pykmip/server.conf)',
  },
  {
    short: 'l',
    long: 'log_path',
    target: 'logPath',
    metavar: 'FILE',
    help: 'log file (default: standard error)',
  },
  {
    short: 'o',
    long: 'policy_path',
    target: 'policyPath',
    metavar: 'DIR',
    help: 'operation policy directory',
  },
  {
    short: 'i',
    long: 'ignore_tls_client_auth',
    target: 'ignoreTlsClientAuth',
    help: 'do not require the clientAuth extended key usage',
  },
  {
    short: 'v',
    long: 'logging_level',
    target: 'loggingLevel',
    metavar: 'LEVEL',
    parse: readLoggingLevel,
    help: 'DEBUG, INFO, WARNING, ERROR or CRITICAL',
  },
  {
    short: 'd',
    long: 'database_path',
    target: 'databasePath',
    metavar: 'FILE',
    help: 'SQLite database file',
  },
  {
    long: 'database-url',
    target: 'databaseUrl',
    metavar: 'URL',
    help: 'PostgreSQL database (postgres://…) instead of SQLite',
  },
  {
    long: 'data-dir',
    target: 'dataDir',
    metavar: 'DIR',
    parse: readNonEmptyPath,
    help: 'data directory (./data)',
  },
  {
    long: 'workers',
    target: 'workers',
    metavar: 'N',
    parse: readWorkers,
    help: 'worker processes (0 = one per CPU core, the default)',
  },
  {
    long: 'https-port',
    target: 'httpsPort',
    metavar: 'PORT',
    parse: readOptionalPort,
    help: 'also serve KMIP over HTTPS (POST /kmip) on this port',
  },
  {
    long: 'admin-port',
    target: 'adminPort',
    metavar: 'PORT',
    parse: readOptionalPort,
    help: 'serve /metrics, /healthz and /readyz on this port (admin_host, 127.0.0.1)',
  },
  {
    long: 'log-format',
    target: 'logFormat',
    metavar: 'FORMAT',
    parse: readLogFormat,
    help: 'text (the default) or json: one JSON object per line',
  },
  { short: 'h', long: 'help', target: 'help', help: 'show this help and exit' },
  { long: 'version', target: 'version', help: 'show the version and exit' },
];

export interface ServerArgs {
  readonly help: boolean;
  readonly version: boolean;
  /** -f/--config_path, when given (then a missing file is an error). */
  readonly configPath: string | undefined;
  /** The settings the flags give. */
  readonly settings: Partial<ServerSettings>;
  /** The flag that set each setting, as typed (for error messages). */
  readonly flags: Readonly<Partial<Record<keyof ServerSettings, string>>>;
  /** Arguments that are not options; pykmip-server ignores them. */
  readonly positionals: readonly string[];
}

const norm = (name: string): string => name.replace(/-/g, '_');

function findLong(name: string): FlagSpec {
  const wanted = norm(name);
  const exact = FLAGS.find((f) => norm(f.long) === wanted);
  if (exact !== undefined) return exact;
  const matches = FLAGS.filter((f) => norm(f.long).startsWith(wanted));
  if (matches.length === 1 && matches[0] !== undefined) return matches[0];
  const detail = matches.length > 1 ? ` (could be ${matches.map((f) => `--${f.long}`).join(', ')})` : '';
  throw new ServerConfigError(
    `${matches.length > 1 ? 'ambiguous' : 'no such'} option${detail}`,
    COMMAND_LINE,
    0,
    `--${name}`,
  );
}

function findShort(ch: string): FlagSpec {
  const spec = FLAGS.find((f) => f.short === ch);
  if (spec === undefined) throw new ServerConfigError('no such option', COMMAND_LINE, 0, `-${ch}`);
  return spec;
}

/** Parses pykmip-server's arguments (without the node and script names). */
export function parseServerArgs(argv: readonly string[]): ServerArgs {
  const settings: Partial<Record<keyof ServerSettings, unknown>> = {};
  const flags: Partial<Record<keyof ServerSettings, string>> = {};
  const positionals: string[] = [];
  let help = false;
  let version = false;
  let configPath: string | undefined;

  const apply = (spec: FlagSpec, shown: string, raw: string | undefined): void => {
    const target = spec.target;
    if (target === 'help') help = true;
    else if (target === 'version') version = true;
    else if (target === 'ignoreTlsClientAuth') {
      settings.enableTlsClientAuth = false;
      flags.enableTlsClientAuth = shown;
    } else if (raw === undefined || raw === '') {
      return;
    } else if (target === 'configPath') {
      configPath = raw;
    } else {
      const parsed = (spec.parse ?? readPath)(raw);
      if (!parsed.ok) throw new ServerConfigError(parsed.message, COMMAND_LINE, 0, shown);
      settings[target] = parsed.value;
      flags[target] = shown;
    }
  };

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      const spec = findLong(name);
      const shown = `--${spec.long}`;
      if (spec.metavar === undefined) {
        if (eq >= 0) throw new ServerConfigError('option does not take a value', COMMAND_LINE, 0, shown);
        apply(spec, shown, undefined);
      } else {
        const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
        if (value === undefined)
          throw new ServerConfigError('option requires a value', COMMAND_LINE, 0, shown);
        apply(spec, shown, value);
      }
    } else if (arg.startsWith('-') && arg !== '-') {
      for (let j = 1; j < arg.length; j++) {
        const spec = findShort(arg.charAt(j));
        const shown = `-${arg.charAt(j)}`;
        if (spec.metavar === undefined) {
          apply(spec, shown, undefined);
          continue;
        }
        const value = j + 1 < arg.length ? arg.slice(j + 1) : argv[++i];
        if (value === undefined)
          throw new ServerConfigError('option requires a value', COMMAND_LINE, 0, shown);
        apply(spec, shown, value);
        break;
      }
    } else {
      positionals.push(arg);
    }
  }
  return { help, version, configPath, settings: settings as Partial<ServerSettings>, flags, positionals };
}

export function serverUsage(program = 'kmip-server'): string {
  const rows = FLAGS.map((f) => {
    const names = `${f.short === undefined ? '    ' : `-${f.short}, `}--${f.long}${f.metavar === undefined ? '' : ` ${f.metavar}`}`;
    return `  ${names.padEnd(36)} ${f.help}`;
  });
  return [
    `Usage: ${program} [options]`,
    `       ${program} export|import FILE [options]   (move objects between databases)`,
    `       ${program} rotate-master-key [--new-master-key FILE] [--retire-old-keys] [options]`,
    `       ${program} audit verify FILE [--head HASH]     (check the audit log's hash chain)`,
    `       ${program} console-token --identity NAME [options]  (a web console sign-in token)`,
    `       ${program} reload [options]                  (reread certificates, CRLs, master keys)`,
    `       ${program} backup|restore FILE [options]     (online copy of the SQLite database)`,
    '',
    'Run the KMIP server (a drop-in replacement for pykmip-server). Flags override the',
    'configuration file; without certificates it makes and uses demo ones in the data directory.',
    '',
    'Options:',
    ...rows,
    '',
  ].join('\n');
}

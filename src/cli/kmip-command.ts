// What every `kmip` subcommand is (name, synopsis, options, run) and what it is given: its
// arguments, the output (human text, or JSON with --json) and a client built on first use from
// pykmip.conf and the global options.
import type { KmipClient } from '../client/kmip-client.js';
import type { KmipClientOptions } from '../client/kmip-client-core.js';
import {
  ClientConfigError,
  clientOptionsFromConfig,
  loadPykmipConfig,
  pykmipConfigFiles,
  type PykmipClientSettings,
} from '../client/pykmip-config.js';
import { stringOption, UsageError, type OptionSpec, type OptionValues } from './kmip-args.js';
import { toJson, type BytesEncoding } from './kmip-output.js';
import { KmipTransport } from '../client/connection.js';

export interface CommandContext {
  readonly options: OptionValues;
  readonly positionals: readonly string[];
  readonly json: boolean;
  /** The client for the configured server (connected on first request, closed by the caller). */
  readonly client: () => KmipClient;
  /** A line (or lines) of human output; nothing under --json. */
  readonly say: (text: string) => void;
  /** A remark for the person at the terminal, on standard error; nothing under --json. */
  readonly note: (text: string) => void;
  /** The command's result: JSON under --json (byte strings in hex or base64), else the human text. */
  readonly result: (value: unknown, human?: string, bytes?: BytesEncoding) => void;
  /** Raw bytes to stdout. */
  readonly write: (bytes: Uint8Array) => void;
  /** Reads all of stdin. */
  readonly stdin: () => Promise<Buffer>;
}

export interface Command {
  readonly name: string;
  /** Positional synopsis: 'UID [NAME...]' (a name in brackets is optional, '...' repeats). */
  readonly args: string;
  readonly summary: string;
  /** More help: examples, notes. */
  readonly details?: string;
  readonly options: readonly OptionSpec[];
  /** False for commands that never talk to a server (decode). */
  readonly server?: boolean;
  /** The exit code (0 when nothing is returned). */
  run(ctx: CommandContext): Promise<number | void>;
}

export const GLOBAL_OPTIONS: readonly OptionSpec[] = [
  {
    name: 'config',
    value: 'FILE',
    help: 'pykmip.conf to read (default: ~/.pykmip/pykmip.conf, /etc/pykmip/pykmip.conf)',
  },
  { name: 'section', value: 'NAME', help: 'configuration section (default: client)' },
  { name: 'host', value: 'HOST[,HOST]', help: 'server host name(s); later ones are tried when one fails' },
  { name: 'port', value: 'PORT', help: 'server port (default 5696)' },
  { name: 'cert', value: 'FILE', help: 'client certificate (PEM) for mutual TLS' },
  { name: 'key', value: 'FILE', help: 'client private key (PEM)' },
  { name: 'ca', value: 'FILE', help: 'CA certificate(s) the server certificate must chain to' },
  {
    name: 'kmip-version',
    value: 'X.Y',
    help: 'protocol version (default: negotiated with Discover Versions)',
  },
  {
    name: 'transport',
    value: 'tls|https',
    choices: ['tls', 'https'],
    help: "tls: TTLV over TLS (the default); https: POST /kmip to the server's https_port (give --port)",
  },
  { name: 'json', help: 'print results (and errors, on standard error) as JSON, for scripts' },
  { name: 'verbose', help: 'say which configuration was read and which server is asked (on standard error)' },
];

/** The settings the configuration file section and the global options give. */
export function settingsFromCli(o: OptionValues, env: NodeJS.ProcessEnv = process.env): PykmipClientSettings {
  const port = stringOption(o, 'port');
  if (port !== undefined && !/^\d+$/.test(port))
    throw new UsageError(`--port must be a number, not '${port}'`);
  const config = stringOption(o, 'config');
  const section = stringOption(o, 'section');
  const pick = (name: string): string | undefined => stringOption(o, name);
  const overrides = Object.fromEntries(
    Object.entries({
      host: pick('host'),
      port: port === undefined ? undefined : Number(port),
      certfile: pick('cert'),
      keyfile: pick('key'),
      ca_certs: pick('ca'),
      kmip_version: pick('kmip-version'),
    }).filter(([, v]) => v !== undefined),
  );
  return loadPykmipConfig({
    ...(config !== undefined ? { files: [config] } : {}),
    ...(section !== undefined ? { section } : {}),
    ...(env['HOME'] !== undefined ? { home: env['HOME'] } : {}),
    overrides,
  });
}

/** Where the settings came from, for messages: "~/.pykmip/pykmip.conf [client]" or "no pykmip.conf". */
export function settingsSource(s: PykmipClientSettings, o: OptionValues): string {
  const section = stringOption(o, 'section') ?? 'client';
  return s.files.length === 0 ? 'no pykmip.conf' : `${s.files.join(', ')} [${section}]`;
}

/** The --verbose line: where the settings came from and what they say. */
export function settingsLine(s: PykmipClientSettings, o: OptionValues): string {
  const cert = s.certfile === undefined ? 'no client certificate' : `certfile ${s.certfile}`;
  return `settings from ${settingsSource(s, o)}: ${s.hosts.map((h) => `${h}:${s.port}`).join(', ')}, ${cert}`;
}

/** Why a client with no configuration file is unlikely to work, and how to make one; or nothing. */
export function missingConfigNote(
  s: PykmipClientSettings,
  o: OptionValues,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  if (s.files.length > 0 || stringOption(o, 'cert') !== undefined) return undefined;
  const looked = pykmipConfigFiles(env['HOME']).join(', ');
  return (
    `no pykmip.conf found (looked for ${looked}); connecting to ${s.hosts.join(',')}:${s.port} ` +
    'without a client certificate. Write one with `kmip-server --write-client-config` (for the demo ' +
    "certificates) or give --config FILE; 'kmip help config' explains the settings."
  );
}

/** Client options for the settings; a certificate or key file that cannot be read is named. */
export function clientOptionsFrom(s: PykmipClientSettings, o: OptionValues): KmipClientOptions {
  const transport = transportOption(stringOption(o, 'transport'));
  try {
    return { ...clientOptionsFromConfig(s), ...transport };
  } catch (err) {
    throw new ClientConfigError(`${(err as Error).message} (settings from ${settingsSource(s, o)})`);
  }
}

function transportOption(value: string | undefined): { transport?: KmipTransport } {
  if (value === undefined) return {};
  const transport = Object.values(KmipTransport).find((t) => t === value.toLowerCase());
  if (transport === undefined) throw new UsageError(`--transport must be tls or https, not '${value}'`);
  return { transport };
}

/** The client settings the configuration file section and the global options give. */
export function clientOptionsFromCli(
  o: OptionValues,
  env: NodeJS.ProcessEnv = process.env,
): KmipClientOptions {
  return clientOptionsFrom(settingsFromCli(o, env), o);
}

export function makeContext(
  options: OptionValues,
  positionals: readonly string[],
  clientFactory: () => KmipClient,
): CommandContext & { readonly opened: KmipClient | undefined } {
  const json = options['json'] === true;
  let opened: KmipClient | undefined;
  return {
    options,
    positionals,
    json,
    get opened() {
      return opened;
    },
    client: () => (opened ??= clientFactory()),
    say: (text) => {
      if (!json) process.stdout.write(`${text}\n`);
    },
    note: (text) => {
      if (!json) process.stderr.write(`kmip: ${text}\n`);
    },
    result: (value, human, bytes) => {
      if (json) process.stdout.write(`${JSON.stringify(toJson(value, bytes), null, 2)}\n`);
      else if (human !== undefined) process.stdout.write(`${human}\n`);
    },
    write: (bytes) => {
      process.stdout.write(bytes);
    },
    stdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks);
    },
  };
}

/** The i-th positional argument (commander has checked that the required ones are there). */
export function positional(ctx: CommandContext, i: number, what: string): string {
  const v = ctx.positionals[i];
  if (v === undefined) throw new UsageError(`give the ${what}`);
  return v;
}

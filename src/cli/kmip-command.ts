// What every `kmip` subcommand is (name, synopsis, options, run) and what it is given: its
// arguments, the output (human text, or JSON with --json) and a client built on first use from
// pykmip.conf and the global options.
import { KmipClient } from '../client/kmip-client.js';
import type { KmipClientOptions } from '../client/kmip-client-core.js';
import { clientOptionsFromConfig, loadPykmipConfig } from '../client/pykmip-config.js';
import { UsageError, stringOption, type OptionSpec, type OptionValues } from './kmip-args.js';
import { KmipTransport } from '../client/connection.js';
import { toJson } from './kmip-output.js';

export interface CommandContext {
  readonly options: OptionValues;
  readonly positionals: readonly string[];
  readonly json: boolean;
  /** The client for the configured server (connected on first request, closed by the caller). */
  readonly client: () => KmipClient;
  /** A line (or lines) of human output; nothing under --json. */
  readonly say: (text: string) => void;
  /** The command's result: JSON under --json, else the given human text (if any). */
  readonly result: (value: unknown, human?: string) => void;
  /** Raw bytes to stdout. */
  readonly write: (bytes: Uint8Array) => void;
  /** Reads all of stdin. */
  readonly stdin: () => Promise<Buffer>;
}

export interface Command {
  readonly name: string;
  /** Positional synopsis: 'UID [NAME...]'. */
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
    help: "tls: TTLV over TLS (the default); https: POST /kmip to the server's https_port (give --port)",
  },
  { name: 'json', help: 'print results as JSON, for scripts' },
  { name: 'help', help: 'show help' },
];

/** A client from the configuration file section, with the global options on top. */
export function clientFromOptions(o: OptionValues, env: NodeJS.ProcessEnv = process.env): KmipClient {
  return new KmipClient(clientOptionsFromCli(o, env));
}

/** The client settings the configuration file section and the global options give. */
export function clientOptionsFromCli(
  o: OptionValues,
  env: NodeJS.ProcessEnv = process.env,
): KmipClientOptions {
  const port = stringOption(o, 'port');
  if (port !== undefined && !/^\d+$/.test(port)) throw new Error(`--port must be a number, not '${port}'`);
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
  const settings = loadPykmipConfig({
    ...(config !== undefined ? { files: [config] } : {}),
    ...(section !== undefined ? { section } : {}),
    ...(env['HOME'] !== undefined ? { home: env['HOME'] } : {}),
    overrides,
  });
  return { ...clientOptionsFromConfig(settings), ...transportOption(pick('transport')) };
}

function transportOption(value: string | undefined): { transport?: KmipTransport } {
  if (value === undefined) return {};
  const transport = Object.values(KmipTransport).find((t) => t === value.toLowerCase());
  if (transport === undefined) throw new UsageError(`--transport must be tls or https, not '${value}'`);
  return { transport };
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
    result: (value, human) => {
      if (json) process.stdout.write(`${JSON.stringify(toJson(value), null, 2)}\n`);
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

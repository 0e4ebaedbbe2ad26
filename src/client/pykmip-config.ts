// PyKMIP's client configuration (kmip/core/config_helper.py, kmip/services/kmip_client.py): a
// section (default [client]) of pykmip.conf, read the way Python's ConfigParser.read() reads a
// list of files: ~/.pykmip/pykmip.conf, then /etc/pykmip/pykmip.conf, each file found overriding
// the keys of the ones before. Keys: host (several, comma-separated, for failover), port,
// certfile, keyfile, ca_certs, cert_reqs, ssl_version, do_handshake_on_connect,
// suppress_ragged_eofs, username, password, timeout (seconds); kmip_version and check_hostname
// are kmip-ts additions. A value 'None' means unset, as in PyKMIP. Options given by the caller
// override the file. The INI reader is the configparser-compatible one of kmip-server.
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseIni, type IniEntry, type IniFile, type IniSection, sectionItems } from '../config/ini.js';
import type { KmipClientOptions } from './kmip-client-core.js';
import { clientTlsOptions } from './tls.js';

export class ClientConfigError extends Error {
  override readonly name = 'ClientConfigError';
}

export interface PykmipClientSettings {
  readonly hosts: readonly string[];
  readonly port: number;
  readonly certfile?: string;
  readonly keyfile?: string;
  readonly ca_certs?: string;
  readonly cert_reqs: string;
  readonly ssl_version: string;
  /** Read for compatibility; node:tls always handshakes on connect. */
  readonly do_handshake_on_connect: boolean;
  /** Read for compatibility; a ragged EOF ends the connection either way. */
  readonly suppress_ragged_eofs: boolean;
  readonly username?: string;
  readonly password?: string;
  /** Seconds (PyKMIP's default 30). */
  readonly timeout: number;
  readonly kmip_version?: string;
  readonly check_hostname: boolean;
  /** The files that were read, in order. */
  readonly files: readonly string[];
}

export type PykmipOverrides = Partial<Omit<PykmipClientSettings, 'files' | 'hosts'>> & {
  /** One host or a comma-separated list, as in the file. */
  readonly host?: string;
};

export interface LoadPykmipConfigOptions {
  /** Section name (default 'client'). A section asked for by name must exist. */
  readonly section?: string;
  /** Read these files instead of the default search list (PyKMIP's config_file). */
  readonly files?: readonly string[];
  /** Home directory for ~/.pykmip (default: os.homedir()). */
  readonly home?: string;
  readonly overrides?: PykmipOverrides;
}

/** PyKMIP's search list, in reading order (later files override earlier ones). */
export function pykmipConfigFiles(home = homedir()): string[] {
  return [join(home, '.pykmip', 'pykmip.conf'), join('/etc', 'pykmip', 'pykmip.conf')];
}

/** The section's keys across files: ConfigParser merges sections and [DEFAULT] file by file. */
function mergedItems(files: readonly IniFile[], name: string): Map<string, IniEntry> | undefined {
  const defaults = new Map<string, IniEntry>();
  const entries = new Map<string, IniEntry>();
  let found = false;
  for (const f of files) {
    for (const [k, e] of f.defaults.entries) defaults.set(k, e);
    const s = f.sections.find((x) => x.name === name);
    if (s !== undefined) {
      found = true;
      for (const [k, e] of s.entries) entries.set(k, e);
    }
  }
  if (!found) return undefined;
  const path = files.map((f) => f.path).join(', ');
  const section: IniSection = { name, line: 0, entries };
  return sectionItems(
    { path, defaults: { name: 'DEFAULT', line: 0, entries: defaults }, sections: [section] },
    section,
  );
}

function bool(v: string | undefined, fallback: boolean): boolean {
  // PyKMIP compares with the string 'True'; anything else is False.
  return v === undefined ? fallback : v === 'True';
}

function integer(key: string, v: string, where: string): number {
  if (!/^\s*[+-]?\d+\s*$/.test(v)) throw new ClientConfigError(`${where}: ${key}: '${v}' is not an integer`);
  return Number(v);
}

export function loadPykmipConfig(o: LoadPykmipConfigOptions = {}): PykmipClientSettings {
  const name = o.section ?? 'client';
  const paths = (o.files ?? pykmipConfigFiles(o.home)).filter((p) => o.files !== undefined || existsSync(p));
  const files = paths.map((p) => {
    if (!existsSync(p)) throw new ClientConfigError(`${p}: no such configuration file`);
    return parseIni(readFileSync(p, 'utf8'), p);
  });
  const items = mergedItems(files, name);
  if (items === undefined && o.section !== undefined) {
    const where = paths.length === 0 ? 'no configuration file was found' : `not in ${paths.join(', ')}`;
    throw new ClientConfigError(`section [${name}]: ${where}`);
  }
  const where = paths.join(', ') || '<options>';
  const fromFile = (key: string): string | undefined => {
    const v = items?.get(key)?.value;
    return v === undefined || v === 'None' ? undefined : v;
  };
  const ov = o.overrides ?? {};
  const text = (key: keyof PykmipOverrides): string | undefined => {
    const given = ov[key];
    return given !== undefined && given !== '' ? String(given) : fromFile(key);
  };
  const hostList = (text('host') ?? '127.0.0.1')
    .replace(/ /g, '')
    .split(',')
    .filter((h) => h !== '');
  const port = ov.port ?? integer('port', fromFile('port') ?? '5696', where);
  let timeout = ov.timeout ?? integer('timeout', fromFile('timeout') ?? '30', where);
  if (timeout < 0) timeout = 30; // PyKMIP resets a negative timeout to its default
  const optional = (key: keyof PykmipOverrides): Record<string, string> => {
    const v = text(key);
    return v === undefined ? {} : { [key]: v };
  };
  return {
    hosts: hostList,
    port,
    ...optional('certfile'),
    ...optional('keyfile'),
    ...optional('ca_certs'),
    cert_reqs: text('cert_reqs') ?? 'CERT_REQUIRED',
    ssl_version: text('ssl_version') ?? 'PROTOCOL_SSLv23',
    do_handshake_on_connect: ov.do_handshake_on_connect ?? bool(fromFile('do_handshake_on_connect'), true),
    suppress_ragged_eofs: ov.suppress_ragged_eofs ?? bool(fromFile('suppress_ragged_eofs'), true),
    ...optional('username'),
    ...optional('password'),
    timeout,
    ...optional('kmip_version'),
    check_hostname: ov.check_hostname ?? bool(fromFile('check_hostname'), false),
    files: paths,
  };
}

/** Client options for the settings: hosts with the port, TLS from the files, credential, timeout. */
export function clientOptionsFromConfig(s: PykmipClientSettings): KmipClientOptions {
  return {
    hosts: s.hosts.map((host) => ({ host, port: s.port })),
    tls: clientTlsOptions({
      certFile: s.certfile,
      keyFile: s.keyfile,
      caFile: s.ca_certs,
      certReqs: s.cert_reqs,
      sslVersion: s.ssl_version,
      checkHostname: s.check_hostname,
    }),
    requestTimeoutMs: s.timeout * 1000,
    ...(s.username !== undefined
      ? {
          credential: { username: s.username, ...(s.password !== undefined ? { password: s.password } : {}) },
        }
      : {}),
    ...(s.kmip_version !== undefined ? { version: s.kmip_version } : {}),
  };
}

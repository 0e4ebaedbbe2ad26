// What kmip-server says about a start with demo certificates: the pykmip.conf [client] section a
// client needs (unindented, so it can be pasted as it is: configparser reads an indented line as
// the continuation of the one before) and how to have it written.
import type { DemoCertificates } from '../transport/demo-certs.js';

/** The address a local client connects to for a listening address. */
export function clientHost(address: string): string {
  return address === '0.0.0.0' || address === '::' || address === '' ? '127.0.0.1' : address;
}

/** The [client] section for the demo client certificate. */
export function clientSection(d: DemoCertificates, host: string, port: number): string {
  return [
    '[client]',
    `host=${host}`,
    `port=${port}`,
    `certfile=${d.client.cert}`,
    `keyfile=${d.client.key}`,
    `ca_certs=${d.ca.cert}`,
    'cert_reqs=CERT_REQUIRED',
    'ssl_version=PROTOCOL_TLS',
    '',
  ].join('\n');
}

export function printDemoConnection(d: DemoCertificates, address: string, port: number): void {
  process.stderr.write(
    [
      '',
      `Demo certificates in ${d.dir} (configure certificate_path, key_path and ca_path for real ones).`,
      'A PyKMIP client (and the kmip command) connects with this pykmip.conf section;',
      '`kmip-server --write-client-config` writes it to ~/.pykmip/pykmip.conf:',
      '',
      clientSection(d, clientHost(address), port),
    ].join('\n'),
  );
}

// What kmip-server prints on a start with demo certificates: where they are and the pykmip.conf
// section a client needs.
import type { DemoCertificates } from '../transport/demo-certs.js';

export function printDemoConnection(d: DemoCertificates, address: string, port: number): void {
  process.stderr.write(
    [
      '',
      `Demo certificates in ${d.dir} (made on first start; configure certificate_path, key_path and ca_path for real ones).`,
      'Connect a PyKMIP client with this pykmip.conf section:',
      '  [client]',
      `  host=${address === '0.0.0.0' || address === '::' ? '127.0.0.1' : address}`,
      `  port=${port}`,
      `  certfile=${d.client.cert}`,
      `  keyfile=${d.client.key}`,
      `  ca_certs=${d.ca.cert}`,
      '  cert_reqs=CERT_REQUIRED',
      '  ssl_version=PROTOCOL_TLS',
      '',
    ].join('\n') + '\n',
  );
}

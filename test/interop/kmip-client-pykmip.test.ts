// The same client suite (kmip-client-suite.ts) against PyKMIP's pykmip-server (Debian
// python3-pykmip 0.10), an implementation this project did not write: KMIP 1.2 (PyKMIP's default)
// and 2.0 (its newest); negotiation must settle on 2.0. Skipped when it is not installed.
import { existsSync } from 'node:fs';
import { PYKMIP_SERVER_BIN, startPykmipServer } from './pykmip-server.js';
import { pykmipUnavailableReason } from './run-driver.js';
import { defineClientSuite, type SuiteServer } from './kmip-client-suite.js';

function skipReason(): string | undefined {
  if (!existsSync(PYKMIP_SERVER_BIN))
    return `${PYKMIP_SERVER_BIN} is missing (apt-get install python3-pykmip)`;
  return pykmipUnavailableReason();
}

async function start(): Promise<SuiteServer> {
  const s = await startPykmipServer();
  return { host: s.host, port: s.port, certs: s.certs, stop: () => s.stop() };
}

defineClientSuite({
  label: 'KmipClient against pykmip-server',
  skip: skipReason(),
  start,
  versions: ['1.2', '2.0'],
  negotiated: '2.0',
});

// The client suite (kmip-client-suite.ts) against this project's server over KMIP over HTTPS
// (transport 'https': POST /kmip on https_port), in KMIP 1.4 and 2.1: every client method works
// the same as over the TTLV port, host failover included.
import { startTestServer } from '../helpers/kmip-test-server.js';
import { defineClientSuite } from './kmip-client-suite.js';

defineClientSuite({
  label: 'KmipClient over HTTPS against kmip-ts',
  skip: undefined,
  start: async () => {
    const s = await startTestServer({ server: { httpsPort: 0 } });
    const https = s.server.httpsAddress;
    if (https === undefined) throw new Error('the HTTPS listener did not start');
    return { host: s.host, port: https.port, certs: s.certs, stop: () => s.stop() };
  },
  versions: ['1.4', '2.1'],
  negotiated: '2.1',
  clientOptions: { transport: 'https' },
});

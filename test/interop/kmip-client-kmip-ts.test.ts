// The client suite (kmip-client-suite.ts) against this project's server, started in-process with
// the demo certificates, in KMIP 1.4 and 2.1; negotiation must settle on 2.1.
import { startTestServer } from '../helpers/kmip-test-server.js';
import { defineClientSuite } from './kmip-client-suite.js';

defineClientSuite({
  label: 'KmipClient against kmip-ts',
  skip: undefined,
  start: startTestServer,
  versions: ['1.4', '2.1'],
  negotiated: '2.1',
});

// RNG Seed (KMIP 2.1 §6.1.50, 1.4 §4.36): the server MAY ignore client seed material and says so
// with Data Length 0 (§6.1.50: "A client SHALL NOT consider a response from a server which does
// not use the provided data as an error"; OASIS CS-RNG-O-3). OpenSSL 3 seeds itself from the
// operating system and node offers no way to add entropy, so every seed is declined this way.
// Result Reasons (Table 321): Invalid Field when Data is missing.
import { defineOperation } from './support/record.js';

export const rngSeed = defineOperation({
  operation: 'RNGSeed',
  policy: { none: true },
  handler: async () => ({ dataLength: 0 }),
});

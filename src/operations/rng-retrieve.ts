// RNG Retrieve (KMIP 2.1 §6.1.49, 1.4 §4.35): Data Length bytes from the server's generator
// (OpenSSL's CTR-DRBG). Result Reasons (Table 318): Invalid Field for a missing, negative or too
// large Data Length (at most MAX_RNG_BYTES; the response must also fit the client's Maximum Response
// Size).
import { randomBytes } from 'node:crypto';
import { invalidField } from '../messages/kmip-error.js';
import { defineOperation } from './support/record.js';

export const MAX_RNG_BYTES = 1 << 20;

export const rngRetrieve = defineOperation({
  operation: 'RNGRetrieve',
  policy: { none: true },
  handler: async (request) => {
    const length = request.dataLength;
    if (length < 0 || length > MAX_RNG_BYTES)
      throw invalidField(`the Data Length must be 0 to ${MAX_RNG_BYTES} bytes`);
    return { data: randomBytes(length) };
  },
});

// Decrypt (KMIP 2.1 §6.1.11, 1.4 §4.30): decrypts Data with a Symmetric Key or an RSA Private Key,
// checking the AEAD tag. Multi-part with Init Indicator / Correlation Value / Final Indicator.
// Result Reasons (Table 198): Invalid Object Type, Wrong Key Lifecycle State (Active, from Process
// Start Date), Incompatible Cryptographic Usage Mask (1.x: Permission Denied), Key Value Not
// Present, Invalid Field, Invalid Message for a missing IV (OASIS CS-BC-M-11..13: "missing-iv"),
// Cryptographic Failure (bad padding, tag mismatch), Invalid Correlation Value.
import { defineOperation } from './support/record.js';
import { cipherRequest } from './support/cipher-request.js';

export const decrypt = defineOperation({
  operation: 'Decrypt',
  policy: { checkedAs: 'Get' },
  handler: async (request, ctx) => cipherRequest(request, ctx, false),
});

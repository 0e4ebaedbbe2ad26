// Encrypt (KMIP 2.1 §6.1.17, 1.4 §4.29): encrypts Data with a Symmetric Key (AES, Camellia, 3DES,
// Blowfish, CAST5, IDEA, RC4, ChaCha20, ChaCha20-Poly1305) or an RSA Public Key; returns the IV the
// server generated (Random IV, or none given) and the AEAD tag. Multi-part with Init Indicator /
// Correlation Value / Final Indicator. Result Reasons (Table 216): Invalid Object Type, Wrong Key
// Lifecycle State (Active, before Protect Stop Date), Incompatible Cryptographic Usage Mask (1.x:
// Permission Denied, as PyKMIP), Key Value Not Present, Invalid Field (missing or unsupported
// parameters), Cryptographic Failure, Permission Denied (Usage Limits spent), Invalid Correlation
// Value; General Failure for a tag length outside 4, 8, 12-16 (OASIS CS-BC-M-GCM-1).
import { defineOperation } from './support/record.js';
import { cipherRequest } from './support/cipher-request.js';

export const encrypt = defineOperation({
  operation: 'Encrypt',
  policy: { checkedAs: 'Get' },
  handler: async (request, ctx) => cipherRequest(request, ctx, true),
});

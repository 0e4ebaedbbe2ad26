// SoftHSM2 as the PKCS#11 module of the tests: where its library is, and why a test that needs it
// is skipped (the library or the optional npm package pkcs11js missing), or false when it can run.
import { existsSync } from 'node:fs';
import { loadPkcs11Binding } from '../../src/store/pkcs11-binding.js';

export const SOFTHSM_LIB = '/usr/lib/softhsm/libsofthsm2.so';

const hasBinding = await loadPkcs11Binding().then(
  () => true,
  () => false,
);

export const softhsmSkip: string | false = !existsSync(SOFTHSM_LIB)
  ? `${SOFTHSM_LIB} is missing (apt-get install softhsm2)`
  : !hasBinding
    ? 'the optional npm package pkcs11js is not installed'
    : false;

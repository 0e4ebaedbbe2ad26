// SoftHSM2 as the PKCS#11 module of the tests: where its library is, why a test that needs it is
// skipped (the library or the optional npm package pkcs11js missing; false when it can run), and
// throwaway tokens (a configuration and token directory of their own, PIN 1234).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPkcs11Binding } from '../../src/store/pkcs11-binding.js';

export const SOFTHSM_LIB = '/usr/lib/softhsm/libsofthsm2.so';
export const TOKEN_PIN = '1234';

const hasBinding = await loadPkcs11Binding().then(
  () => true,
  () => false,
);

export const softhsmSkip: string | false = !existsSync(SOFTHSM_LIB)
  ? `${SOFTHSM_LIB} is missing (apt-get install softhsm2)`
  : !hasBinding
    ? 'the optional npm package pkcs11js is not installed'
    : false;

/**
 * Makes tokens with these labels under `dir`; returns the environment a process needs to see them
 * (SOFTHSM2_CONF, and the PIN as KMIP_PKCS11_PIN).
 */
export function makeSoftHsmTokens(dir: string, labels: readonly string[]): Record<string, string> {
  const tokens = join(dir, 'tokens');
  mkdirSync(tokens, { recursive: true });
  const conf = join(dir, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  for (const label of labels) {
    execFileSync(
      'softhsm2-util',
      ['--init-token', '--free', '--label', label, '--pin', TOKEN_PIN, '--so-pin', TOKEN_PIN],
      { env: { ...process.env, SOFTHSM2_CONF: conf }, stdio: 'ignore' },
    );
  }
  return { SOFTHSM2_CONF: conf, KMIP_PKCS11_PIN: TOKEN_PIN };
}

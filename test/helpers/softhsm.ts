// SoftHSM2 tokens for the PKCS#11 tests: a throwaway configuration and token directory, tokens
// initialized with PIN 1234, and why the tests must skip (no SoftHSM2, no pkcs11js).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPkcs11Binding } from '../../src/store/pkcs11-binding.js';

export const SOFTHSM_LIBRARY = '/usr/lib/softhsm/libsofthsm2.so';
export const TOKEN_PIN = '1234';

/** Why SoftHSM2 tests cannot run here, or false. */
export async function softHsmUnavailable(): Promise<string | false> {
  if (!existsSync(SOFTHSM_LIBRARY)) return `${SOFTHSM_LIBRARY} is missing (apt-get install softhsm2)`;
  const binding = await loadPkcs11Binding().then(
    () => true,
    () => false,
  );
  return binding ? false : 'the optional npm package pkcs11js is not installed';
}

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

// The master keys as server.conf and the environment configure them, for kmip-server and its
// subcommands: KMIP_MASTER_KEY, else master_key_file (default <data_dir>/master.key), whose lines
// may name keys on a PKCS#11 token; master_key_pkcs11* say how to reach that token, and alone
// (no key file) make the token's key the master key.
import { join, resolve } from 'node:path';
import type { ServerConfig } from './server-config.js';
import { MasterKeySource, type TokenDefaults } from '../store/master-key-source.js';

/** master_key_pkcs11 and its settings; undefined when no module is configured. */
export function tokenDefaults(config: ServerConfig): TokenDefaults | undefined {
  if (config.masterKeyPkcs11 === undefined) return undefined;
  return {
    library: config.masterKeyPkcs11,
    pin: config.masterKeyPkcs11Pin,
    slot: config.masterKeyPkcs11Slot,
    tokenLabel: config.masterKeyPkcs11TokenLabel,
    keyLabel: config.masterKeyPkcs11Label,
  };
}

export function masterKeyFileOf(config: ServerConfig): string {
  return config.masterKeyFile ?? join(resolve(config.dataDir), 'master.key');
}

/**
 * Opens the configured master keys. `createIfMissing`: a server's first start makes the default
 * key file (never a subcommand's: a new key would open nothing already stored).
 */
export function openMasterKeys(config: ServerConfig, createIfMissing = false): Promise<MasterKeySource> {
  return MasterKeySource.open({
    env: process.env.KMIP_MASTER_KEY,
    file: masterKeyFileOf(config),
    createIfMissing:
      createIfMissing && config.masterKeyFile === undefined && config.masterKeyPkcs11 === undefined,
    token: tokenDefaults(config),
  });
}

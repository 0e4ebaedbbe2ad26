// The master keys a process uses, as the envelope takes them, from wherever they are configured:
// - KMIP_MASTER_KEY (keys separated by commas or spaces), else
// - the master key file, one entry a line (master-key.ts): key bytes, or a key on a PKCS#11 token
//   (pkcs11-uri.ts); the first seals, the others still open. Moving the master key between a file
//   and a token is a rotation like any other (kmip-server rotate-master-key --to-pkcs11, and back);
// - with no file but master_key_pkcs11 set, the configured token key alone (made when missing).
// Reading is synchronous (the envelope rereads the keys when it meets one it has not loaded), so
// the PKCS#11 binding is loaded up front, and each module is initialized once per process and each
// token key opened once and kept open (C_Initialize may not run twice in a process).
import { existsSync, readFileSync } from 'node:fs';
import type { EnvelopeKey } from './envelope.js';
import {
  isTokenEntry,
  loadMasterKeys,
  MasterKeyError,
  parseKeyEntries,
  type KeyEntry,
} from './master-key.js';
import { loadPkcs11Binding, type Pkcs11Binding } from './pkcs11-binding.js';
import { Pkcs11Module } from './pkcs11-master-key.js';
import { formatTokenRef, type TokenKeyRef } from './pkcs11-uri.js';

/** server.conf's master_key_pkcs11* settings: what a token URI leaves out. */
export interface TokenDefaults {
  readonly library: string | undefined;
  readonly pin: string | undefined;
  readonly slot: number | undefined;
  readonly tokenLabel: string | undefined;
  readonly keyLabel: string;
}

export interface MasterKeySourceOptions {
  /** KMIP_MASTER_KEY; wins over the file when set. */
  readonly env?: string | undefined;
  readonly file: string;
  /** Make the file with a random key when it is missing (and no token is configured). */
  readonly createIfMissing?: boolean;
  /** master_key_pkcs11 and its settings, when configured. */
  readonly token?: TokenDefaults | undefined;
}

export class MasterKeySource {
  readonly #o: MasterKeySourceOptions;
  readonly #binding: Pkcs11Binding | undefined;
  readonly #bindingError: string | undefined;
  readonly #modules = new Map<string, Pkcs11Module>();
  readonly #keys = new Map<string, EnvelopeKey>();

  private constructor(o: MasterKeySourceOptions, binding: Pkcs11Binding | undefined, bindingError?: string) {
    this.#o = o;
    this.#binding = binding;
    this.#bindingError = bindingError;
  }

  /** Loads the PKCS#11 binding if it is installed, and checks that the keys can be read now. */
  static async open(o: MasterKeySourceOptions): Promise<MasterKeySource> {
    let binding: Pkcs11Binding | undefined;
    let error: string | undefined;
    try {
      binding = await loadPkcs11Binding();
    } catch (e) {
      // Only an error when a token is named (the package is optional).
      error = (e as Error).message;
    }
    const source = new MasterKeySource(o, binding, error);
    try {
      source.load();
    } catch (e) {
      source.close();
      throw e;
    }
    return source;
  }

  /** The key file a running server watches; undefined when the keys come from the environment. */
  get file(): string | undefined {
    return (this.#o.env ?? '') === '' ? this.#o.file : undefined;
  }

  /** The configured entries: the environment, the file, or the configured token. */
  entries(): KeyEntry[] {
    const env = this.#o.env ?? '';
    if (env !== '') return parseKeyEntries(env, 'KMIP_MASTER_KEY', /[\s,]+/);
    if (!existsSync(this.#o.file) && this.#o.token?.library !== undefined) {
      return [{ tokenRef: configuredTokenRef(this.#o.token) }];
    }
    if (!existsSync(this.#o.file)) {
      // Makes the file when allowed; otherwise says it is missing.
      loadMasterKeys({ file: this.#o.file, createIfMissing: this.#o.createIfMissing === true });
    }
    return parseKeyEntries(readFileSync(this.#o.file, 'utf8'), this.#o.file);
  }

  /** Every configured key, the sealing one first; token keys opened (once) as needed. */
  load(): EnvelopeKey[] {
    return this.entries().map((e) => (isTokenEntry(e) ? this.tokenKey(e.tokenRef) : e));
  }

  /** The key a token URI names, opened on first use; the configured token fills what it leaves out. */
  tokenKey(ref: TokenKeyRef): EnvelopeKey {
    const text = formatTokenRef(ref);
    const open = this.#keys.get(text);
    if (open !== undefined) return open;
    const t = this.#o.token;
    const library = ref.modulePath ?? t?.library;
    if (library === undefined)
      throw new MasterKeyError(
        `${text}: which PKCS#11 module? Set master_key_pkcs11 or module-path in the URI`,
      );
    const pin = ref.pinValue ?? (ref.pinSource !== undefined ? readPin(ref.pinSource) : t?.pin);
    if (pin === undefined)
      throw new MasterKeyError(
        `${text}: the token's PIN is needed: master_key_pkcs11_pin, KMIP_PKCS11_PIN or pin-source`,
      );
    if (this.#binding === undefined) throw new MasterKeyError(this.#bindingError ?? 'pkcs11js is not loaded');
    let module = this.#modules.get(library);
    if (module === undefined) {
      module = Pkcs11Module.load(this.#binding, library);
      this.#modules.set(library, module);
    }
    const byLabelOrSlot = ref.token !== undefined || ref.slot !== undefined;
    const key = module.openKey({
      slot: byLabelOrSlot ? ref.slot : t?.slot,
      tokenLabel: byLabelOrSlot ? ref.token : t?.tokenLabel,
      pin,
      keyLabel: ref.object,
    });
    this.#keys.set(text, key);
    return key;
  }

  /** Closes every token session and module. */
  close(): void {
    for (const m of this.#modules.values()) m.close();
    this.#modules.clear();
    this.#keys.clear();
  }
}

/** The token key server.conf configures, as a URI (what rotate-master-key --to-pkcs11 writes). */
export function configuredTokenRef(t: TokenDefaults): TokenKeyRef {
  return {
    object: t.keyLabel,
    ...(t.slot !== undefined ? { slot: t.slot } : t.tokenLabel !== undefined ? { token: t.tokenLabel } : {}),
    ...(t.library !== undefined ? { modulePath: t.library } : {}),
  };
}

function readPin(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (e) {
    throw new MasterKeyError(`pin-source ${path}: ${(e as Error).message}`);
  }
}

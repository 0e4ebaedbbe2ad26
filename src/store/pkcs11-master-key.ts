// A master key that never leaves a PKCS#11 token (an HSM, or SoftHSM2 for the tests): the data
// keys are wrapped and unwrapped on the token with C_Encrypt/C_Decrypt and CKM_AES_GCM, in the
// envelope's layout (iv 12 | wrapped key 32 | tag 16); object bodies stay sealed in software with
// their data keys. The key object is found by its label, and generated on the token when missing
// (AES-256, sensitive, not extractable). The binding is the optional npm package pkcs11js.
import { createHash, randomBytes } from 'node:crypto';
import type { KeyWrapper } from './envelope.js';
import { MasterKeyError } from './master-key.js';
import {
  loadPkcs11Binding,
  type Handle,
  type Mechanism,
  type Pkcs11,
  type Pkcs11Binding,
} from './pkcs11-binding.js';

export interface Pkcs11MasterKeyOptions {
  /** The PKCS#11 module, e.g. /usr/lib/softhsm/libsofthsm2.so. */
  readonly library: string;
  /** The slot id; else the token with tokenLabel; else the first slot with a token. */
  readonly slot?: number | undefined;
  readonly tokenLabel?: string | undefined;
  /** The user PIN. */
  readonly pin: string;
  /** CKA_LABEL of the AES key object. */
  readonly keyLabel: string;
  /** Generate the key on the token when no object has keyLabel (default true). */
  readonly createIfMissing?: boolean;
}

export interface Pkcs11MasterKey extends KeyWrapper {
  /** Logs out and unloads the module. */
  close(): void;
}

/** A CK_ULONG handle (4 or 8 bytes, little-endian here) as a number. */
const ulong = (b: Buffer): number => Number(b.length === 8 ? b.readBigUInt64LE() : b.readUInt32LE());

const trimLabel = (label: string): string => label.replace(/[\s\0]+$/, '');

function pickSlot(p11: Pkcs11, o: Pick<Pkcs11MasterKeyOptions, 'slot' | 'tokenLabel'>): Handle {
  const slots = p11.C_GetSlotList(true);
  if (o.slot !== undefined) {
    const slot = slots.find((s) => ulong(s) === o.slot);
    if (slot === undefined) throw new MasterKeyError(`PKCS#11: no token in slot ${o.slot}`);
    return slot;
  }
  const slot =
    o.tokenLabel === undefined
      ? slots[0]
      : slots.find((s) => trimLabel(p11.C_GetTokenInfo(s).label) === o.tokenLabel);
  if (slot === undefined)
    throw new MasterKeyError(
      o.tokenLabel === undefined ? 'PKCS#11: no token present' : `PKCS#11: no token labelled ${o.tokenLabel}`,
    );
  return slot;
}

function findKey(mod: Pkcs11Binding, p11: Pkcs11, session: Handle, label: string): Handle[] {
  const { CKA_CLASS, CKO_SECRET_KEY, CKA_LABEL } = mod;
  p11.C_FindObjectsInit(session, [
    { type: CKA_CLASS, value: CKO_SECRET_KEY },
    { type: CKA_LABEL, value: label },
  ]);
  try {
    return p11.C_FindObjects(session, 2);
  } finally {
    p11.C_FindObjectsFinal(session);
  }
}

function generateKey(c: Pkcs11Binding, p11: Pkcs11, session: Handle, label: string): Handle {
  return p11.C_GenerateKey(session, { mechanism: c.CKM_AES_KEY_GEN }, [
    { type: c.CKA_CLASS, value: c.CKO_SECRET_KEY },
    { type: c.CKA_KEY_TYPE, value: c.CKK_AES },
    { type: c.CKA_VALUE_LEN, value: 32 },
    { type: c.CKA_LABEL, value: label },
    { type: c.CKA_TOKEN, value: true },
    { type: c.CKA_PRIVATE, value: true },
    { type: c.CKA_SENSITIVE, value: true },
    { type: c.CKA_EXTRACTABLE, value: false },
    { type: c.CKA_ENCRYPT, value: true },
    { type: c.CKA_DECRYPT, value: true },
  ]);
}

/** Where the key is on the token and how to log in; see Pkcs11MasterKeyOptions. */
export type Pkcs11KeyLocation = Omit<Pkcs11MasterKeyOptions, 'library'>;

/**
 * One PKCS#11 module, loaded and initialized once per process (C_Initialize may not be called
 * twice): keys on its tokens are opened from it, each with its own logged-in session.
 */
export class Pkcs11Module {
  readonly library: string;
  readonly #mod: Pkcs11Binding;
  readonly #p11: Pkcs11;
  readonly #sessions: Handle[] = [];
  #closed = false;

  private constructor(mod: Pkcs11Binding, p11: Pkcs11, library: string) {
    this.#mod = mod;
    this.#p11 = p11;
    this.library = library;
  }

  /** Loads and initializes the module with an already loaded binding; throws MasterKeyError. */
  static load(mod: Pkcs11Binding, library: string): Pkcs11Module {
    const p11 = new mod.PKCS11();
    try {
      p11.load(library);
    } catch (err) {
      throw new MasterKeyError(`PKCS#11 module ${library}: ${(err as Error).message}`);
    }
    try {
      p11.C_Initialize();
    } catch (err) {
      p11.close();
      throw new MasterKeyError(`PKCS#11 module ${library}: ${(err as Error).message}`);
    }
    return new Pkcs11Module(mod, p11, library);
  }

  /** Opens a session on the token, logs in and finds (or makes) the AES key; throws MasterKeyError. */
  openKey(o: Pkcs11KeyLocation): KeyWrapper {
    const mod = this.#mod;
    const p11 = this.#p11;
    let session: Handle | undefined;
    try {
      session = p11.C_OpenSession(pickSlot(p11, o), mod.CKF_SERIAL_SESSION | mod.CKF_RW_SESSION);
      const s = session;
      try {
        p11.C_Login(s, mod.CKU_USER, o.pin);
      } catch (err) {
        // Another session of this process on the same token is logged in already: so is this one.
        if (!/CKR_USER_ALREADY_LOGGED_IN/.test((err as Error).message))
          throw new MasterKeyError(`PKCS#11 login refused: ${(err as Error).message}`);
      }
      const found = findKey(mod, p11, s, o.keyLabel);
      if (found.length > 1) throw new MasterKeyError(`PKCS#11: several keys are labelled ${o.keyLabel}`);
      let key = found[0];
      if (key === undefined) {
        if (o.createIfMissing === false) throw new MasterKeyError(`PKCS#11: no key labelled ${o.keyLabel}`);
        key = generateKey(mod, p11, s, o.keyLabel);
      }
      const wrapper = tokenKeyWrapper(mod, p11, s, key);
      this.#sessions.push(s);
      return wrapper;
    } catch (err) {
      if (session !== undefined) {
        try {
          p11.C_CloseSession(session);
        } catch {
          // Already failing; the first error is the one to report.
        }
      }
      throw err instanceof MasterKeyError ? err : new MasterKeyError(`PKCS#11: ${(err as Error).message}`);
    }
  }

  /** Logs out, closes every session and unloads the module. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      for (const s of this.#sessions) {
        try {
          this.#p11.C_CloseSession(s);
        } catch {
          // Closing anyway.
        }
      }
      this.#p11.C_Finalize();
    } finally {
      this.#p11.close();
    }
  }
}

/** The wrap/unwrap functions of an AES key on a token, with a logged-in session. */
function tokenKeyWrapper(mod: Pkcs11Binding, p11: Pkcs11, session: Handle, handle: Handle): KeyWrapper {
  const gcm = (iv: Buffer, aad: Buffer): Mechanism => ({
    mechanism: mod.CKM_AES_GCM,
    parameter: { type: mod.CK_PARAMS_AES_GCM, iv, aad, ivBits: 96, tagBits: 128 },
  });
  const encrypt = (iv: Buffer, plain: Buffer, aad: Buffer): Buffer => {
    p11.C_EncryptInit(session, gcm(iv, aad), handle);
    return Buffer.from(p11.C_Encrypt(session, plain, Buffer.alloc(plain.length + 16)));
  };
  // The id names the key without revealing it: a hash of a fixed block encrypted under it.
  const check = encrypt(Buffer.alloc(12), Buffer.alloc(32), Buffer.from('kmip-ts master key id'));
  return {
    id: `p11-${createHash('sha256').update(check).digest('hex').slice(0, 16)}`,
    wrap(dataKey, aad) {
      const iv = randomBytes(12);
      return Buffer.concat([iv, encrypt(iv, dataKey, aad)]);
    },
    unwrap(wrapped, aad) {
      p11.C_DecryptInit(session, gcm(Buffer.from(wrapped.subarray(0, 12)), aad), handle);
      return Buffer.from(p11.C_Decrypt(session, Buffer.from(wrapped.subarray(12, 60)), Buffer.alloc(48)));
    },
  };
}

/** Loads the module and opens the key (a process with one token key); close() unloads both. */
export async function openPkcs11MasterKey(o: Pkcs11MasterKeyOptions): Promise<Pkcs11MasterKey> {
  const module = Pkcs11Module.load(await loadPkcs11Binding(), o.library);
  try {
    const key = module.openKey(o);
    return { ...key, close: () => module.close() };
  } catch (err) {
    module.close();
    throw err;
  }
}

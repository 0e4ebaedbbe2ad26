// The part of the optional npm package pkcs11js (a native PKCS#11 binding) the master key uses,
// typed here so that the code typechecks and builds where the package is not installed (npm skips
// an optional dependency that does not build); it is loaded only when a token is configured.
import { MasterKeyError } from './master-key.js';

/** A CK_ULONG handle (session, slot, object) as the binding gives it. */
export type Handle = Buffer;

export interface Attribute {
  readonly type: number;
  readonly value?: number | boolean | string | Buffer;
}

export interface Mechanism {
  readonly mechanism: number;
  readonly parameter?: {
    readonly type: number;
    readonly iv: Buffer;
    readonly aad: Buffer;
    readonly ivBits: number;
    readonly tagBits: number;
  };
}

/** CK_INFO as the binding gives it (C_GetInfo). */
export interface ModuleInfo {
  readonly cryptokiVersion: { readonly major: number; readonly minor: number };
  readonly manufacturerID: string;
  readonly flags: number;
  readonly libraryDescription: string;
  readonly libraryVersion: { readonly major: number; readonly minor: number };
}

export interface Pkcs11 {
  load(path: string): void;
  close(): void;
  C_Initialize(): void;
  C_Finalize(): void;
  C_GetInfo(): ModuleInfo;
  C_GetSlotList(tokenPresent: boolean): Handle[];
  C_GetTokenInfo(slot: Handle): { readonly label: string };
  C_OpenSession(slot: Handle, flags: number): Handle;
  C_CloseSession(session: Handle): void;
  C_Login(session: Handle, userType: number, pin: string): void;
  C_Logout(session: Handle): void;
  C_FindObjectsInit(session: Handle, template: Attribute[]): void;
  C_FindObjects(session: Handle, maxObjectCount: number): Handle[];
  C_FindObjectsFinal(session: Handle): void;
  C_GenerateKey(session: Handle, mechanism: Mechanism, template: Attribute[]): Handle;
  C_GetAttributeValue(session: Handle, object: Handle, template: Attribute[]): Attribute[];
  C_EncryptInit(session: Handle, mechanism: Mechanism, key: Handle): void;
  C_Encrypt(session: Handle, inData: Buffer, outData: Buffer): Buffer;
  C_DecryptInit(session: Handle, mechanism: Mechanism, key: Handle): void;
  C_Decrypt(session: Handle, inData: Buffer, outData: Buffer): Buffer;
}

const CONSTANTS = [
  'CKF_SERIAL_SESSION',
  'CKF_RW_SESSION',
  'CKU_USER',
  'CKA_CLASS',
  'CKA_LABEL',
  'CKA_KEY_TYPE',
  'CKA_VALUE_LEN',
  'CKA_TOKEN',
  'CKA_PRIVATE',
  'CKA_SENSITIVE',
  'CKA_EXTRACTABLE',
  'CKA_ENCRYPT',
  'CKA_DECRYPT',
  'CKO_SECRET_KEY',
  'CKK_AES',
  'CKM_AES_KEY_GEN',
  'CKM_AES_GCM',
  'CK_PARAMS_AES_GCM',
] as const;

export type Pkcs11Binding = { readonly PKCS11: new () => Pkcs11 } & Readonly<
  Record<(typeof CONSTANTS)[number], number>
>;

// A specifier in a variable: TypeScript does not resolve it, so a missing package is no type error.
const PACKAGE: string = 'pkcs11js';

/**
 * Loads pkcs11js; a MasterKeyError saying so when it is not installed or did not build. `setting`
 * names the server.conf setting that asked for it, for the message.
 */
export async function loadPkcs11Binding(setting = 'master_key_pkcs11'): Promise<Pkcs11Binding> {
  let mod: { default?: Pkcs11Binding };
  try {
    mod = (await import(PACKAGE)) as { default?: Pkcs11Binding };
  } catch (err) {
    throw new MasterKeyError(
      `${setting} needs the npm package pkcs11js, which is not installed or did not build (${(err as Error).message})`,
    );
  }
  const binding = mod.default;
  if (typeof binding?.PKCS11 !== 'function' || CONSTANTS.some((c) => typeof binding[c] !== 'number'))
    throw new MasterKeyError('the npm package pkcs11js is not the binding expected (no PKCS11 class)');
  return binding;
}

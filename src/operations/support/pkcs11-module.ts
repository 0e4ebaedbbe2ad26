// A PKCS#11 module (server.conf `pkcs11_module`, e.g. SoftHSM2's libsofthsm2.so) as the library
// behind the KMIP PKCS#11 operation (engine/pkcs11-service.ts), through the optional native
// binding pkcs11js. Its CK_RV failures keep their code: the client reads them as the PKCS#11
// Return Code. A module another part of the server already initialized (a master key on the same
// token library) answers CKR_CRYPTOKI_ALREADY_INITIALIZED and is not finalized here.
import { loadPkcs11Binding } from '../../store/pkcs11-binding.js';
import { PKCS_11ReturnCode } from '../../spec/generated/enums.js';
import { Pkcs11CallError, type Pkcs11Library } from './pkcs11-service.js';

function returnCodeOf(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'number' ? code : undefined;
}

function call<T>(what: string, f: () => T): T {
  try {
    return f();
  } catch (err) {
    throw new Pkcs11CallError(returnCodeOf(err) ?? 0x06, `${what}: ${(err as Error).message}`);
  }
}

export async function moduleLibrary(path: string): Promise<Pkcs11Library> {
  const binding = await loadPkcs11Binding('pkcs11_module');
  const module = new binding.PKCS11();
  module.load(path);
  return {
    initialize: () => {
      try {
        module.C_Initialize();
        return Promise.resolve(true);
      } catch (err) {
        if (returnCodeOf(err) === PKCS_11ReturnCode.CRYPTOKI_ALREADY_INITIALIZED)
          return Promise.resolve(false);
        return Promise.reject(new Pkcs11CallError(returnCodeOf(err) ?? 0x06, (err as Error).message));
      }
    },
    finalize: () => Promise.resolve(call('C_Finalize', () => module.C_Finalize())),
    info: () => {
      const i = call('C_GetInfo', () => module.C_GetInfo());
      return Promise.resolve({
        cryptokiVersion: i.cryptokiVersion,
        manufacturerID: i.manufacturerID,
        flags: BigInt(i.flags),
        libraryDescription: i.libraryDescription,
        libraryVersion: i.libraryVersion,
      });
    },
    close: () => module.close(),
  };
}

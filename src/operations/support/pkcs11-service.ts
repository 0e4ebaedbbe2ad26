// The library behind the KMIP PKCS#11 operation (KMIP 2.1 §6.1.37): the server's own (it answers
// C_GetInfo about itself) or a configured PKCS#11 module (server.conf `pkcs11_module`,
// engine/pkcs11-module.ts), and the clients' sessions with it. C_Initialize opens a session and
// answers a server-chosen Correlation Value, which the client sends with every later call
// (§6.1.37: "Server defined Byte String that the client must provide in the next request");
// C_Finalize closes it. A call without a live session of the caller answers
// CKR_CRYPTOKI_NOT_INITIALIZED, a second C_Initialize CKR_CRYPTOKI_ALREADY_INITIALIZED, as a
// PKCS#11 library would (PKCS#11 3.0 §5.4). A module is initialized when the first session
// opens and finalized when the last one closes (or when the server stops). Sessions live in the
// process serving the connection.
import { randomBytes } from 'node:crypto';
import { PKCS_11Function, PKCS_11ReturnCode } from '../../spec/generated/enums.js';
import { encodeCkInfo, type CkInfo, type CkVersion } from '../../messages/pkcs11-params.js';

export interface Pkcs11Library {
  /** Makes the library ready (a module's C_Initialize); false when it already was (not ours to finalize). */
  initialize(): Promise<boolean>;
  finalize(): Promise<void>;
  info(): Promise<CkInfo>;
  /** Unloads the library. */
  close(): void;
}

/** A CK_RV a library call failed with (pkcs11js reports one as `code`). */
export class Pkcs11CallError extends Error {
  override readonly name = 'Pkcs11CallError';
  readonly returnCode: number;
  constructor(returnCode: number, message: string) {
    super(message);
    this.returnCode = returnCode;
  }
}

/** CKR_FUNCTION_FAILED: a failure the library did not name. */
const FUNCTION_FAILED = 0x06;
/** CKR_FUNCTION_NOT_SUPPORTED. */
const FUNCTION_NOT_SUPPORTED = 0x54;

/** The server itself as a PKCS#11 library: Cryptoki 3.0, the interface KMIP 2.1 names by default. */
export function serverLibrary(description: string, version: CkVersion): Pkcs11Library {
  return {
    initialize: () => Promise.resolve(true),
    finalize: () => Promise.resolve(),
    info: () =>
      Promise.resolve({
        cryptokiVersion: { major: 3, minor: 0 },
        manufacturerID: 'kmip-ts',
        flags: 0n,
        libraryDescription: description,
        libraryVersion: version,
      }),
    close: () => undefined,
  };
}

export interface Pkcs11Result {
  readonly returnCode: number;
  readonly output?: Uint8Array;
  /** The Correlation Value of a session C_Initialize opened. */
  readonly correlation?: Uint8Array;
}

export interface Pkcs11Call {
  readonly fn: number;
  readonly identity: string;
  readonly correlation: Uint8Array | undefined;
}

/** Functions this interface offers, for PKCS#11 Invalid Function messages. */
export const OFFERED_FUNCTIONS: ReadonlySet<number> = new Set([
  PKCS_11Function.C_Initialize,
  PKCS_11Function.C_Finalize,
  PKCS_11Function.C_GetInfo,
]);

export class Pkcs11Service {
  readonly #library: Pkcs11Library;
  readonly #maxSessions: number;
  /** Correlation Value (hex) -> the identity whose session it is. */
  readonly #sessions = new Map<string, string>();
  #ownsInitialization = false;
  #tail: Promise<unknown> = Promise.resolve();

  constructor(library: Pkcs11Library, maxSessions = 1024) {
    this.#library = library;
    this.#maxSessions = maxSessions;
  }

  /** Runs one call; calls run one at a time, as a module's initialization state is shared. */
  call(c: Pkcs11Call): Promise<Pkcs11Result> {
    const run = this.#tail.then(() => this.#run(c));
    this.#tail = run.catch(() => undefined);
    return run;
  }

  async #run(c: Pkcs11Call): Promise<Pkcs11Result> {
    const key = c.correlation === undefined ? undefined : Buffer.from(c.correlation).toString('hex');
    const live = key !== undefined && this.#sessions.get(key) === c.identity;
    try {
      if (c.fn === PKCS_11Function.C_Initialize) {
        if (live) return { returnCode: PKCS_11ReturnCode.CRYPTOKI_ALREADY_INITIALIZED };
        return await this.#open(c.identity);
      }
      if (!live || key === undefined) return { returnCode: PKCS_11ReturnCode.CRYPTOKI_NOT_INITIALIZED };
      if (c.fn === PKCS_11Function.C_GetInfo)
        return { returnCode: PKCS_11ReturnCode.OK, output: encodeCkInfo(await this.#library.info()) };
      if (c.fn !== PKCS_11Function.C_Finalize) return { returnCode: FUNCTION_NOT_SUPPORTED };
      this.#sessions.delete(key);
      if (this.#sessions.size === 0) await this.#release();
      return { returnCode: PKCS_11ReturnCode.OK };
    } catch (err) {
      return { returnCode: err instanceof Pkcs11CallError ? err.returnCode : FUNCTION_FAILED };
    }
  }

  async #open(identity: string): Promise<Pkcs11Result> {
    if (this.#sessions.size === 0) this.#ownsInitialization = await this.#library.initialize();
    const correlation = randomBytes(16);
    this.#sessions.set(correlation.toString('hex'), identity);
    // A client that never finalizes does not hold a place for ever: the oldest session goes.
    for (const oldest of this.#sessions.keys()) {
      if (this.#sessions.size <= this.#maxSessions) break;
      this.#sessions.delete(oldest);
    }
    return { returnCode: PKCS_11ReturnCode.OK, correlation };
  }

  async #release(): Promise<void> {
    if (this.#ownsInitialization) await this.#library.finalize();
    this.#ownsInitialization = false;
  }

  /** Ends every session and unloads the library (server stop). */
  async close(): Promise<void> {
    await this.#tail;
    this.#sessions.clear();
    await this.#release().catch(() => undefined);
    this.#library.close();
  }
}

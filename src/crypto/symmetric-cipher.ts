// Symmetric Encrypt/Decrypt (KMIP 2.1 §6.1.17, §6.1.11): the algorithm, mode, padding and IV rules
// that pick an OpenSSL cipher, the IV/counter/nonce the server generates when asked (Random IV) and
// the AEAD tag. AES, Camellia, 3DES, DES, Blowfish, CAST5 and IDEA in ECB, CBC, CFB, OFB and CTR;
// AES in GCM and the key wrap modes; RC4; ChaCha20 and ChaCha20-Poly1305.
import { freshNonce } from './nonce-pool.js';
import { KmipError, invalidField, invalidMessage } from '../messages/kmip-error.js';
import {
  BlockCipherMode,
  CryptographicAlgorithm,
  PaddingMethod,
  ResultReason,
} from '../spec/generated/enums.js';
import { enumValueName } from '../spec/registry.js';
import type { CipherSession } from './cipher-session.js';
import { EcbCounterSession, NodeStreamSession, PaddedBlockSession } from './cipher-session.js';
import { checkBlockPadding } from './padding.js';
import { desKeyForCipher } from './symmetric-keys.js';
import { unsupportedParams, badParams } from './crypto-errors.js';

const A = CryptographicAlgorithm;
const M = BlockCipherMode;

export interface SymmetricSpec {
  readonly algorithm: number;
  readonly key: Uint8Array;
  readonly mode?: number | undefined;
  readonly padding?: number | undefined;
  readonly iv?: Uint8Array | undefined;
  /** IV Length in bits, for a generated GCM IV. */
  readonly ivLength?: number | undefined;
  /** Tag Length in bytes (AEAD). */
  readonly tagLength?: number | undefined;
  readonly initialCounterValue?: number | undefined;
  readonly aad?: Uint8Array | undefined;
  /** The tag to check (AEAD decryption). */
  readonly tag?: Uint8Array | undefined;
}

export interface OpenedCipher {
  readonly session: CipherSession;
  /** The IV/counter/nonce the server chose (to return to the client). */
  readonly generatedIv: Buffer | undefined;
}

interface BlockCipher {
  readonly prefix: string;
  readonly blockSize: number;
  readonly modes: ReadonlySet<number>;
}

const BASIC_MODES = [M.ECB, M.CBC, M.CFB, M.OFB, M.CTR];
const AES_MODES = new Set([...BASIC_MODES, M.GCM, M.NISTKeyWrap, M.AESKeyWrapPadding]);

function blockCipher(algorithm: number, key: Uint8Array): BlockCipher | undefined {
  const bits = key.length * 8;
  const sized = (p: string): string | undefined =>
    [128, 192, 256].includes(bits) ? `${p}-${bits}` : undefined;
  switch (algorithm) {
    case A.AES: {
      const p = sized('aes');
      return p === undefined ? undefined : { prefix: p, blockSize: 16, modes: AES_MODES };
    }
    case A.Camellia: {
      const p = sized('camellia');
      return p === undefined ? undefined : { prefix: p, blockSize: 16, modes: new Set(BASIC_MODES) };
    }
    case A.DES3:
    case A.DES: {
      const k = desKeyForCipher(key);
      if (k === undefined) return undefined;
      const p = k.length === 24 ? 'des-ede3' : k.length === 16 ? 'des-ede' : 'des';
      return { prefix: p, blockSize: 8, modes: new Set(BASIC_MODES) };
    }
    case A.Blowfish:
      return key.length >= 4 && key.length <= 56
        ? { prefix: 'bf', blockSize: 8, modes: new Set(BASIC_MODES) }
        : undefined;
    case A.CAST5:
      return key.length >= 5 && key.length <= 16
        ? { prefix: 'cast5', blockSize: 8, modes: new Set(BASIC_MODES) }
        : undefined;
    case A.IDEA:
      return key.length === 16 ? { prefix: 'idea', blockSize: 8, modes: new Set(BASIC_MODES) } : undefined;
    default:
      return undefined;
  }
}

const VALID_TAG_LENGTHS: ReadonlySet<number> = new Set([4, 8, 12, 13, 14, 15, 16]);

function tagLengthOf(spec: SymmetricSpec, encrypt: boolean): number {
  const t = encrypt ? (spec.tagLength ?? 16) : (spec.tag?.length ?? spec.tagLength ?? 16);
  // The OASIS cases (CS-BC-M-GCM-1, CHACHA20POLY1305-1) answer General Failure for 1 and 32.
  if (!VALID_TAG_LENGTHS.has(t)) {
    throw new KmipError(ResultReason.GeneralFailure, `invalid tag length ${t}: 4, 8 or 12 to 16 bytes`);
  }
  if (!encrypt && spec.tag === undefined)
    throw invalidField('authenticated decryption needs the Authenticated Encryption Tag');
  return t;
}

function missingIv(): KmipError {
  // CS-BC-M-11..13 (1.4 and 2.1): Decrypt without the IV answers Invalid Message, "missing-iv".
  return invalidMessage('missing-iv: this mode needs the IV/Counter/Nonce');
}

/** The IV to use: the client's, or (encryption only) a fresh one of `length` bytes. */
function chooseIv(spec: SymmetricSpec, encrypt: boolean, length: number): { iv: Buffer; generated: boolean } {
  if (spec.iv !== undefined) return { iv: Buffer.from(spec.iv), generated: false };
  if (!encrypt) throw missingIv();
  return { iv: freshNonce(length), generated: true };
}

function chachaIv(nonce: Buffer, counter: number): Buffer {
  if (nonce.length === 16) return nonce;
  const c = Buffer.alloc(16 - nonce.length);
  c.writeUInt32LE(counter >>> 0, 0);
  if (nonce.length === 8 || nonce.length === 12) return Buffer.concat([c, nonce]);
  throw badParams(`a ChaCha20 nonce is 8, 12 or 16 bytes, not ${nonce.length}`);
}

function unsupportedMode(algorithm: number, mode: number): KmipError {
  const a = enumValueName('CryptographicAlgorithm', algorithm) ?? String(algorithm);
  const m = enumValueName('BlockCipherMode', mode) ?? String(mode);
  return unsupportedParams(`the block cipher mode ${m} is not supported with ${a}`);
}

function openChaCha(spec: SymmetricSpec, encrypt: boolean): OpenedCipher {
  const aead = spec.algorithm === A.ChaCha20Poly1305;
  if (spec.key.length !== 32) throw invalidField('ChaCha20 keys are 256 bits');
  if (aead && spec.mode !== undefined && spec.mode !== M.AEAD)
    throw unsupportedMode(spec.algorithm, spec.mode);
  const { iv, generated } = chooseIv(spec, encrypt, 12);
  const generatedIv = generated ? iv : undefined;
  if (!aead) {
    const session = new NodeStreamSession({
      name: 'chacha20',
      key: spec.key,
      iv: chachaIv(iv, spec.initialCounterValue ?? 0),
      encrypt,
    });
    return { session, generatedIv };
  }
  if (iv.length !== 12) throw badParams('a ChaCha20-Poly1305 nonce is 12 bytes');
  const tagLength = tagLengthOf(spec, encrypt);
  const session = new NodeStreamSession({
    name: 'chacha20-poly1305',
    key: spec.key,
    iv,
    encrypt,
    tagLength,
    ...(spec.aad === undefined ? {} : { aad: spec.aad }),
    ...(!encrypt && spec.tag !== undefined ? { tag: spec.tag } : {}),
  });
  return { session, generatedIv };
}

function openBlock(spec: SymmetricSpec, encrypt: boolean, bc: BlockCipher, key: Buffer): OpenedCipher {
  const mode = spec.mode;
  if (mode === undefined)
    throw invalidField(
      "a Block Cipher Mode is needed (in the request or the key's Cryptographic Parameters)",
    );
  if (!bc.modes.has(mode)) throw unsupportedMode(spec.algorithm, mode);
  const bs = bc.blockSize;
  switch (mode) {
    case M.ECB:
    case M.CBC: {
      const padding = spec.padding ?? PaddingMethod.None;
      checkBlockPadding(padding);
      let iv: Buffer | null = null;
      let generatedIv: Buffer | undefined;
      if (mode === M.CBC) {
        const c = chooseIv(spec, encrypt, bs);
        if (c.iv.length !== bs) throw badParams(`the IV must be ${bs} bytes for CBC`);
        iv = c.iv;
        if (c.generated) generatedIv = c.iv;
      }
      const name = `${bc.prefix}-${mode === M.ECB ? 'ecb' : 'cbc'}`;
      return { session: new PaddedBlockSession({ name, key, iv, encrypt }, padding, bs), generatedIv };
    }
    case M.CFB:
    case M.OFB:
    case M.CTR: {
      const c = chooseIv(spec, encrypt, bs);
      let iv = c.iv;
      if (mode === M.CTR && iv.length < bs) {
        // A nonce shorter than the block is followed by the counter (RFC 3686 §4 starts it at 1).
        const counter = Buffer.alloc(bs - iv.length);
        counter.writeUIntBE(
          (spec.initialCounterValue ?? 1) >>> 0,
          Math.max(0, counter.length - 4),
          Math.min(4, counter.length),
        );
        iv = Buffer.concat([iv, counter]);
      }
      if (iv.length !== bs) throw badParams(`the IV/counter must be ${bs} bytes`);
      const generatedIv = c.generated ? c.iv : undefined;
      if (mode === M.CTR && bs === 8)
        return { session: new EcbCounterSession(`${bc.prefix}-ecb`, key, iv), generatedIv };
      const suffix = mode === M.CFB ? 'cfb' : mode === M.OFB ? 'ofb' : 'ctr';
      return {
        session: new NodeStreamSession({ name: `${bc.prefix}-${suffix}`, key, iv, encrypt }),
        generatedIv,
      };
    }
    case M.GCM: {
      const tagLength = tagLengthOf(spec, encrypt);
      const c = chooseIv(spec, encrypt, spec.ivLength !== undefined ? Math.ceil(spec.ivLength / 8) : 12);
      if (c.iv.length === 0) throw badParams('GCM needs a non-empty IV');
      const session = new NodeStreamSession({
        name: `${bc.prefix}-gcm`,
        key,
        iv: c.iv,
        encrypt,
        tagLength,
        ...(spec.aad === undefined ? {} : { aad: spec.aad }),
        ...(!encrypt && spec.tag !== undefined ? { tag: spec.tag } : {}),
      });
      return { session, generatedIv: c.generated ? c.iv : undefined };
    }
    case M.NISTKeyWrap:
    case M.AESKeyWrapPadding: {
      // RFC 3394 / RFC 5649 with their default initial values unless the client gives one.
      const pad = mode === M.AESKeyWrapPadding;
      const iv =
        spec.iv !== undefined
          ? Buffer.from(spec.iv)
          : Buffer.from(pad ? 'a65959a6' : 'a6a6a6a6a6a6a6a6', 'hex');
      const name = `id-${bc.prefix.replace('-', '')}-wrap${pad ? '-pad' : ''}`;
      return { session: new NodeStreamSession({ name, key, iv, encrypt }), generatedIv: undefined };
    }
    default:
      throw unsupportedMode(spec.algorithm, mode);
  }
}

/** Opens an encryption (encrypt = true) or decryption with the given key and parameters. */
export function openSymmetric(spec: SymmetricSpec, encrypt: boolean): OpenedCipher {
  if (spec.algorithm === A.RC4) {
    if (spec.key.length < 5 || spec.key.length > 256) throw invalidField('RC4 keys are 40 to 2048 bits');
    return {
      session: new NodeStreamSession({ name: 'rc4', key: spec.key, iv: null, encrypt }),
      generatedIv: undefined,
    };
  }
  if (spec.algorithm === A.ChaCha20 || spec.algorithm === A.ChaCha20Poly1305)
    return openChaCha(spec, encrypt);
  const bc = blockCipher(spec.algorithm, spec.key);
  if (bc === undefined) {
    const a = enumValueName('CryptographicAlgorithm', spec.algorithm) ?? String(spec.algorithm);
    throw invalidField(`${a} with a ${spec.key.length * 8}-bit key is not a cipher this server supports`);
  }
  const key =
    spec.algorithm === A.DES || spec.algorithm === A.DES3
      ? (desKeyForCipher(spec.key) ?? Buffer.from(spec.key))
      : Buffer.from(spec.key);
  return openBlock(spec, encrypt, bc, key);
}

const CIPHER_ALGORITHMS: ReadonlySet<number> = new Set([
  A.AES,
  A.Camellia,
  A.DES3,
  A.DES,
  A.Blowfish,
  A.CAST5,
  A.IDEA,
  A.RC4,
  A.ChaCha20,
  A.ChaCha20Poly1305,
]);

/** The block size in bytes of a block cipher algorithm (AES and Camellia 16, the others 8). */
export function blockSizeOf(algorithm: number): number {
  return algorithm === A.AES || algorithm === A.Camellia ? 16 : 8;
}

/** True for the algorithms openSymmetric handles. */
export function isCipherAlgorithm(algorithm: number): boolean {
  return CIPHER_ALGORITHMS.has(algorithm);
}

/** True when the mode/algorithm uses an AEAD tag. */
export function isAead(algorithm: number, mode: number | undefined): boolean {
  return algorithm === A.ChaCha20Poly1305 || mode === M.GCM;
}

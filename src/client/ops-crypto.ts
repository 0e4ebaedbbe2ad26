// Cryptographic operations (KMIP 2.1 §6.1.14/18/20/30/46/49/50, 1.4 §4.4/4.29–4.33): Encrypt,
// Decrypt, Sign, Signature Verify, MAC, Derive Key, Re-key. Single-part only: the multi-part
// fields (Correlation Value, Init/Final Indicator) can go through `request()`.
import { Tag } from '../spec/generated/tags.js';
import { ObjectType, ValidityIndicator } from '../spec/generated/enums.js';
import type { KmipVersion } from '../spec/registry.js';
import type { CryptographicParameters } from '../messages/payloads/generated/types.js';
import { enumText, enumValue, type PlainStructure } from './values.js';
import { toAttributes, type AttributeMap } from './attribute-io.js';
import {
  answered,
  plainStructure,
  target,
  typedOperation,
  uidAnswer,
  type EnumInput,
  type KmipOperation,
} from './operation.js';

export interface CryptoOptions {
  /** Cryptographic Parameters: { BlockCipherMode: 'CBC', PaddingMethod: 'PKCS5', … }. */
  readonly parameters?: PlainStructure;
}

/** The Unique Identifier and Cryptographic Parameters every cryptographic request starts with. */
function head(
  uid: string | undefined,
  o: CryptoOptions,
  version: KmipVersion,
): { uniqueIdentifier?: string; cryptographicParameters?: CryptographicParameters } {
  return {
    ...target(uid),
    ...(o.parameters !== undefined
      ? {
          cryptographicParameters: plainStructure(
            'CryptographicParameters',
            Tag.CryptographicParameters,
            o.parameters,
            version,
          ),
        }
      : {}),
  };
}

/** `{ [key]: v }`, or nothing when `v` is undefined (exactOptionalPropertyTypes). */
function optional<K extends string, V>(key: K, v: V | undefined): { [P in K]?: V } {
  return (v === undefined ? {} : { [key]: v }) as { [P in K]?: V };
}

export interface EncryptOptions extends CryptoOptions {
  readonly iv?: Uint8Array;
  /** Authenticated Encryption Additional Data (GCM …). */
  readonly aad?: Uint8Array;
}

export interface EncryptResult {
  readonly uid: string;
  readonly data: Uint8Array;
  /** The IV/Counter/Nonce the server chose (Random IV). */
  readonly iv?: Uint8Array;
  /** Authenticated Encryption Tag. */
  readonly tag?: Uint8Array;
}

export function encryptOp(
  uid: string | undefined,
  data: Uint8Array,
  o: EncryptOptions = {},
): KmipOperation<EncryptResult> {
  return typedOperation(
    'Encrypt',
    (version) => ({
      ...head(uid, o, version),
      data,
      ...optional('ivCounterNonce', o.iv),
      ...optional('authenticatedEncryptionAdditionalData', o.aad),
    }),
    (r) => ({
      ...uidAnswer(r),
      data: answered(r.data, 'Data'),
      ...optional('iv', r.ivCounterNonce),
      ...optional('tag', r.authenticatedEncryptionTag),
    }),
  );
}

export interface DecryptOptions extends EncryptOptions {
  /** Authenticated Encryption Tag to check. */
  readonly tag?: Uint8Array;
}

export function decryptOp(
  uid: string | undefined,
  data: Uint8Array,
  o: DecryptOptions = {},
): KmipOperation<{ uid: string; data: Uint8Array }> {
  return typedOperation(
    'Decrypt',
    (version) => ({
      ...head(uid, o, version),
      data,
      ...optional('ivCounterNonce', o.iv),
      ...optional('authenticatedEncryptionAdditionalData', o.aad),
      ...optional('authenticatedEncryptionTag', o.tag),
    }),
    (r) => ({ ...uidAnswer(r), data: answered(r.data, 'Data') }),
  );
}

export interface SignOptions extends CryptoOptions {
  /** The data is already a digest (sent as Digested Data). */
  readonly digested?: boolean;
}

/** The data to sign or verify: Data, or Digested Data when the caller hashed it already. */
function signedData(data: Uint8Array, o: SignOptions): { data: Uint8Array } | { digestedData: Uint8Array } {
  return o.digested === true ? { digestedData: data } : { data };
}

export function signOp(
  uid: string | undefined,
  data: Uint8Array,
  o: SignOptions = {},
): KmipOperation<{ uid: string; signature: Uint8Array }> {
  return typedOperation(
    'Sign',
    (version) => ({ ...head(uid, o, version), ...signedData(data, o) }),
    (r) => ({ ...uidAnswer(r), signature: answered(r.signatureData, 'Signature Data') }),
  );
}

export interface VerifyResult {
  readonly uid: string;
  readonly valid: boolean;
  /** 'Valid', 'Invalid' or 'Unknown'. */
  readonly validityIndicator: string;
}

export function signatureVerifyOp(
  uid: string | undefined,
  data: Uint8Array,
  signature: Uint8Array,
  o: SignOptions = {},
): KmipOperation<VerifyResult> {
  return typedOperation(
    'SignatureVerify',
    (version) => ({ ...head(uid, o, version), ...signedData(data, o), signatureData: signature }),
    (r) => {
      const value = r.validityIndicator ?? ValidityIndicator.Unknown;
      return {
        ...uidAnswer(r),
        valid: value === ValidityIndicator.Valid,
        validityIndicator: enumText('ValidityIndicator', value),
      };
    },
  );
}

export function macOp(
  uid: string | undefined,
  data: Uint8Array,
  o: CryptoOptions = {},
): KmipOperation<{ uid: string; mac: Uint8Array }> {
  return typedOperation(
    'MAC',
    (version) => ({ ...head(uid, o, version), data }),
    (r) => ({ ...uidAnswer(r), mac: answered(r.macData, 'MAC Data') }),
  );
}

export interface DeriveKeyOptions {
  /** The objects derived from (Derive Key never uses the ID Placeholder). */
  readonly baseUids: readonly string[];
  /** 'PBKDF2', 'HASH', 'HMAC', 'ENCRYPT', 'NIST800_108_C' … */
  readonly method: EnumInput;
  /** Derivation Parameters: { CryptographicParameters: {…}, DerivationData, Salt, IterationCount … }. */
  readonly parameters: PlainStructure;
  /** Default: Symmetric Key. */
  readonly objectType?: EnumInput;
  /** Required for a symmetric key. */
  readonly algorithm?: EnumInput;
  readonly length: number;
  readonly name?: string;
  readonly attributes?: AttributeMap;
}

export function deriveKeyOp(o: DeriveKeyOptions): KmipOperation<{ uid: string }> {
  const objectType = enumValue('ObjectType', o.objectType ?? ObjectType.SymmetricKey, 'object type');
  const derivationMethod = enumValue('DerivationMethod', o.method, 'method');
  const attrs = toAttributes({
    ...(o.algorithm !== undefined
      ? { 'Cryptographic Algorithm': enumValue('CryptographicAlgorithm', o.algorithm, 'algorithm') }
      : {}),
    'Cryptographic Length': o.length,
    ...(o.name !== undefined ? { Name: o.name } : {}),
    ...o.attributes,
  });
  return typedOperation(
    'DeriveKey',
    (version) => ({
      objectType,
      uniqueIdentifier: o.baseUids,
      derivationMethod,
      derivationParameters: plainStructure(
        'DerivationParameters',
        Tag.DerivationParameters,
        o.parameters,
        version,
      ),
      attributes: attrs,
    }),
    uidAnswer,
  );
}

export interface RekeyOptions {
  /** Seconds from the new key's Initial Date to its Activation Date. */
  readonly offset?: number;
  readonly attributes?: AttributeMap;
}

export function rekeyOp(uid: string | undefined, o: RekeyOptions = {}): KmipOperation<{ uid: string }> {
  const attrs = toAttributes(o.attributes);
  return typedOperation(
    'ReKey',
    () => ({
      ...target(uid),
      ...optional('offset', o.offset),
      ...(attrs.length > 0 ? { attributes: attrs } : {}),
    }),
    uidAnswer,
  );
}

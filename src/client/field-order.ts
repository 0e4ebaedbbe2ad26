// The field order of the structures callers give as plain objects, from the KMIP 2.1 structure
// tables. Servers that decode field by field (PyKMIP reads Cryptographic Parameters in table
// order and refuses anything else) need it; a caller's object key order is not a spec order.
// Structures not listed keep the caller's order.
import { Tag } from '../spec/generated/tags.js';
import type { TtlvItem } from '../ttlv/item.js';

const ORDER: ReadonlyMap<number, readonly number[]> = new Map([
  // Table 59: Cryptographic Parameters Attribute Structure
  [
    Tag.CryptographicParameters,
    [
      Tag.BlockCipherMode,
      Tag.PaddingMethod,
      Tag.HashingAlgorithm,
      Tag.KeyRoleType,
      Tag.DigitalSignatureAlgorithm,
      Tag.CryptographicAlgorithm,
      Tag.RandomIV,
      Tag.IVLength,
      Tag.TagLength,
      Tag.FixedFieldLength,
      Tag.InvocationFieldLength,
      Tag.CounterLength,
      Tag.InitialCounterValue,
      Tag.SaltLength,
      Tag.MaskGenerator,
      Tag.MaskGeneratorHashingAlgorithm,
      Tag.PSource,
      Tag.TrailerField,
    ],
  ],
  // Table 364: Derivation Parameters Structure
  [
    Tag.DerivationParameters,
    [Tag.CryptographicParameters, Tag.InitializationVector, Tag.DerivationData, Tag.Salt, Tag.IterationCount],
  ],
  // Table 370: Key Wrapping Specification Object Structure
  [
    Tag.KeyWrappingSpecification,
    [
      Tag.WrappingMethod,
      Tag.EncryptionKeyInformation,
      Tag.MACSignatureKeyInformation,
      Tag.AttributeName,
      Tag.EncodingOption,
    ],
  ],
  // Tables 16, 17: Encryption / MAC-Signature Key Information
  [Tag.EncryptionKeyInformation, [Tag.UniqueIdentifier, Tag.CryptographicParameters]],
  [Tag.MACSignatureKeyInformation, [Tag.UniqueIdentifier, Tag.CryptographicParameters]],
  // Tables 93, 91, 123, 35, 31: Name, Link, Revocation Reason, Application Specific Information, Alternative Name
  [Tag.Name, [Tag.NameValue, Tag.NameType]],
  [Tag.Link, [Tag.LinkType, Tag.LinkedObjectIdentifier]],
  [Tag.RevocationReason, [Tag.RevocationReasonCode, Tag.RevocationMessage]],
  [Tag.ApplicationSpecificInformation, [Tag.ApplicationNamespace, Tag.ApplicationData]],
  [Tag.AlternativeName, [Tag.AlternativeNameValue, Tag.AlternativeNameType]],
]);

/** The children in the spec order of the structure `tag`; unknown fields keep their place after them. */
export function inSpecOrder(tag: number, children: readonly TtlvItem[]): readonly TtlvItem[] {
  const order = ORDER.get(tag);
  if (order === undefined) return children;
  const rank = (t: number): number => {
    const i = order.indexOf(t);
    return i < 0 ? order.length : i;
  };
  // Array.prototype.sort is stable: repeated fields keep their relative order.
  return [...children].sort((a, b) => rank(a.tag) - rank(b.tag));
}

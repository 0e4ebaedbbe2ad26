// Object Type <-> the tag of the object's structure (KMIP 2.1 §2, 1.4 §2.2): a managed object
// travels under its own tag (Symmetric Key, Certificate …) wherever a payload carries one.
import { ObjectType } from '../spec/generated/enums.js';
import { Tag } from '../spec/generated/tags.js';

export const OBJECT_TAG_BY_TYPE: ReadonlyMap<number, number> = new Map([
  [ObjectType.Certificate, Tag.Certificate],
  [ObjectType.SymmetricKey, Tag.SymmetricKey],
  [ObjectType.PublicKey, Tag.PublicKey],
  [ObjectType.PrivateKey, Tag.PrivateKey],
  [ObjectType.SplitKey, Tag.SplitKey],
  [ObjectType.Template, Tag.Template],
  [ObjectType.SecretData, Tag.SecretData],
  [ObjectType.OpaqueObject, Tag.OpaqueObject],
  [ObjectType.PGPKey, Tag.PGPKey],
  [ObjectType.CertificateRequest, Tag.CertificateRequest],
]);

/** Every object structure's tag. */
export const OBJECT_TAGS: ReadonlySet<number> = new Set(OBJECT_TAG_BY_TYPE.values());

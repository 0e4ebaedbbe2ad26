// Object Type <-> the tag of the object's structure (KMIP 2.1 §2.2).
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

export const KEY_OBJECT_TYPES: ReadonlySet<number> = new Set([
  ObjectType.SymmetricKey,
  ObjectType.PublicKey,
  ObjectType.PrivateKey,
  ObjectType.SplitKey,
  ObjectType.SecretData,
  ObjectType.PGPKey,
]);

/** Objects that go through Activate / Deactivate (KMIP 2.1 §3.22 applies to cryptographic objects). */
export const STATEFUL_OBJECT_TYPES: ReadonlySet<number> = new Set([
  ObjectType.SymmetricKey,
  ObjectType.PublicKey,
  ObjectType.PrivateKey,
  ObjectType.SplitKey,
  ObjectType.SecretData,
  ObjectType.Certificate,
  ObjectType.PGPKey,
  ObjectType.OpaqueObject,
  ObjectType.CertificateRequest,
]);

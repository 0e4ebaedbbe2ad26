// Which Object Types hold keys and which go through the lifecycle (KMIP 2.1 §2, §3.22).
import { ObjectType } from '../spec/generated/enums.js';

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

// The choices the console's forms offer, as KMIP JSON enumeration names (KMIP 2.1 §11: Object
// Type, State, Cryptographic Algorithm, Revocation Reason Code; §12.1 Cryptographic Usage Mask;
// §4 the date attributes) — what Locate can search and Create can make.
export const OBJECT_TYPES = [
  'SymmetricKey',
  'PublicKey',
  'PrivateKey',
  'SecretData',
  'Certificate',
  'OpaqueObject',
  'SplitKey',
  'PGPKey',
  'CertificateRequest',
] as const;

export const STATES = [
  'PreActive',
  'Active',
  'Deactivated',
  'Compromised',
  'Destroyed',
  'DestroyedCompromised',
] as const;

export const ALGORITHMS = [
  'AES',
  'DES3',
  'RSA',
  'EC',
  'ECDSA',
  'DSA',
  'HMAC_SHA256',
  'HMAC_SHA512',
  'ChaCha20',
] as const;

export const DATE_ATTRIBUTES = [
  'InitialDate',
  'ActivationDate',
  'DeactivationDate',
  'CompromiseDate',
  'DestroyDate',
  'LastChangeDate',
] as const;

export const REVOCATION_REASONS = [
  'Unspecified',
  'KeyCompromise',
  'CACompromise',
  'AffiliationChanged',
  'Superseded',
  'CessationOfOperation',
  'PrivilegeWithdrawn',
] as const;

export const SYMMETRIC_USAGE = [
  'Encrypt',
  'Decrypt',
  'WrapKey',
  'UnwrapKey',
  'MACGenerate',
  'MACVerify',
] as const;

/** Attributes a client may add, change and delete (KMIP 2.1 §4, "Modifiable by client"), all text here. */
export const EDITABLE_ATTRIBUTES = [
  'Name',
  'ContactInformation',
  'ObjectGroup',
  'Description',
  'Comment',
] as const;

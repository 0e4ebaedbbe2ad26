// The error of an unusable master key, apart so that the key file reader and the PKCS#11 code can
// both raise it without importing each other.

/** A master key that cannot be used: missing, malformed, or not the one the database was sealed with. */
export class MasterKeyError extends Error {
  override readonly name = 'MasterKeyError';
}

// Block padding for ECB and CBC (KMIP 2.1 §11.38 Padding Method): PKCS5 (PKCS#7 on the cipher's
// block size, RFC 5652 §6.3), ANSI X9.23 (zeros then the count) and ISO 10126 (random then the
// count). None means the data must already be whole blocks.
import { randomBytes } from 'node:crypto';
import { KmipError } from '../messages/kmip-error.js';
import { PaddingMethod, ResultReason } from '../spec/generated/enums.js';
import { enumValueName } from '../spec/registry.js';
import { unsupportedParams } from './crypto-errors.js';

const SUPPORTED: ReadonlySet<number> = new Set([
  PaddingMethod.None,
  PaddingMethod.PKCS5,
  PaddingMethod.ANSIX9_23,
  PaddingMethod.ISO10126,
]);

export function checkBlockPadding(method: number): void {
  if (!SUPPORTED.has(method)) {
    const name = enumValueName('PaddingMethod', method) ?? String(method);
    throw unsupportedParams(`the padding method ${name} is not supported for block ciphers`);
  }
}

/** The bytes to append to `length` bytes of data so that the total is whole blocks. */
export function paddingFor(method: number, length: number, blockSize: number): Buffer {
  if (method === PaddingMethod.None) return Buffer.alloc(0);
  const n = blockSize - (length % blockSize);
  const pad =
    method === PaddingMethod.ISO10126
      ? randomBytes(n)
      : Buffer.alloc(n, method === PaddingMethod.PKCS5 ? n : 0);
  pad[n - 1] = n;
  return pad;
}

function badPadding(): KmipError {
  return new KmipError(ResultReason.CryptographicFailure, 'the decrypted data has invalid padding');
}

/** Removes the padding from whole decrypted blocks; a malformed pad is a Cryptographic Failure. */
export function unpad(method: number, data: Buffer, blockSize: number): Buffer {
  if (method === PaddingMethod.None) return data;
  if (data.length === 0 || data.length % blockSize !== 0) throw badPadding();
  const n = data[data.length - 1] ?? 0;
  if (n === 0 || n > blockSize) throw badPadding();
  if (method !== PaddingMethod.ISO10126) {
    const fill = method === PaddingMethod.PKCS5 ? n : 0;
    let diff = 0;
    for (let i = data.length - n; i < data.length - 1; i++) diff |= (data[i] ?? 0) ^ fill;
    if (diff !== 0) throw badPadding();
  }
  return data.subarray(0, data.length - n);
}

// PKCS#11 Input and Output Parameters of the KMIP PKCS#11 operation (KMIP 2.1 §6.1.37, §7.27,
// §7.29), laid out as the KMIP Profiles 2.1 PKCS#11 profile (§5.18.1) says: a CK_BYTE is one byte,
// a CK_ULONG or CK_LONG eight bytes big-endian, a structure its elements in line, a fixed-length
// array its elements in order; character fields keep the space padding PKCS#11 gives them.
// CK_INFO (PKCS#11 3.0 §3.1) is thus 2 + 32 + 8 + 32 + 2 = 76 bytes.

/** CK_VERSION: major and minor, one byte each. */
export interface CkVersion {
  readonly major: number;
  readonly minor: number;
}

/** CK_INFO, the answer of C_GetInfo. */
export interface CkInfo {
  readonly cryptokiVersion: CkVersion;
  readonly manufacturerID: string;
  readonly flags: bigint;
  readonly libraryDescription: string;
  readonly libraryVersion: CkVersion;
}

/** A CK_UTF8CHAR[n] field: the text in UTF-8, padded with spaces (longer text is cut). */
function padded(text: string, size: number): Buffer {
  const out = Buffer.alloc(size, 0x20);
  Buffer.from(text, 'utf8').copy(out, 0, 0, size);
  return out;
}

function version(v: CkVersion): Buffer {
  return Buffer.from([v.major & 0xff, v.minor & 0xff]);
}

function ulong(v: bigint): Buffer {
  const out = Buffer.alloc(8);
  out.writeBigUInt64BE(BigInt.asUintN(64, v));
  return out;
}

export function encodeCkInfo(info: CkInfo): Buffer {
  return Buffer.concat([
    version(info.cryptokiVersion),
    padded(info.manufacturerID, 32),
    ulong(info.flags),
    padded(info.libraryDescription, 32),
    version(info.libraryVersion),
  ]);
}

export function decodeCkInfo(bytes: Uint8Array): CkInfo | undefined {
  if (bytes.length !== 76) return undefined;
  const b = Buffer.from(bytes);
  return {
    cryptokiVersion: { major: b[0] ?? 0, minor: b[1] ?? 0 },
    manufacturerID: b.subarray(2, 34).toString('utf8'),
    flags: b.readBigUInt64BE(34),
    libraryDescription: b.subarray(42, 74).toString('utf8'),
    libraryVersion: { major: b[74] ?? 0, minor: b[75] ?? 0 },
  };
}

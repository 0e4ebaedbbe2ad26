// Secret sharing for Split Keys (KMIP 2.1 §13.1, 1.4 §2.2.5): XOR (every part needed) and
// Shamir's polynomial sharing [w1979] over GF(2^8), GF(2^16) (16-bit pieces) or a prime field.
// A share's x coordinate is its Key Part Identifier (1 … Split Key Parts); the secret is f(0).
//
// GF(2^8): 2.1 §13.1 gives the field polynomial 285 = x^8+x^4+x^3+x^2+1 (0x11D; the 1.4 text
// named FIPS 197's 0x11B instead). GF(2^16) = GF(2^8)[y]/(y^2+y+m), m = 0x3A, an element uy+v
// stored as the bytes (u, v). Multiplication follows from y^2 = y + m:
// (ry+s)(uy+v) = ((r+s)(u+v)+sv)y + (rum+sv) — the spec prints "ru + svm", which does not agree
// with its own inverse formula (uy+v)^-1 = u·d^-1·y + (u+v)·d^-1, d = (u+v)v + mu^2; this one does.
import { randomBytes } from 'node:crypto';
import { SplitKeyMethod } from '../spec/generated/enums.js';

const GF8_POLY = 0x11d;
const M = 0x3a;
const EXP = new Uint8Array(510);
const LOG = new Uint8Array(256);
{
  let x = 1;
  for (let i = 0; i < 255; i++) {
    EXP[i] = x;
    EXP[i + 255] = x;
    LOG[x] = i;
    x <<= 1;
    if (x & 0x100) x ^= GF8_POLY;
  }
}

export function gf8Mul(a: number, b: number): number {
  if (a === 0 || b === 0) return 0;
  return EXP[(LOG[a] ?? 0) + (LOG[b] ?? 0)] ?? 0;
}

export function gf8Inv(a: number): number {
  if (a === 0) throw new RangeError('0 has no inverse');
  return EXP[255 - (LOG[a] ?? 0)] ?? 0;
}

/** GF(2^16) element uy+v as the number u·256 + v. */
export function gf16Mul(a: number, b: number): number {
  const r = a >> 8;
  const s = a & 0xff;
  const u = b >> 8;
  const v = b & 0xff;
  const sv = gf8Mul(s, v);
  const hi = gf8Mul(r ^ s, u ^ v) ^ sv;
  const lo = gf8Mul(gf8Mul(r, u), M) ^ sv;
  return (hi << 8) | lo;
}

export function gf16Inv(a: number): number {
  if (a === 0) throw new RangeError('0 has no inverse');
  const u = a >> 8;
  const v = a & 0xff;
  const d = gf8Mul(u ^ v, v) ^ gf8Mul(M, gf8Mul(u, u));
  const di = gf8Inv(d);
  return (gf8Mul(u, di) << 8) | gf8Mul(u ^ v, di);
}

interface BinaryField {
  readonly mul: (a: number, b: number) => number;
  readonly inv: (a: number) => number;
  /** Bytes per element. */
  readonly width: 1 | 2;
}

const GF8: BinaryField = { mul: gf8Mul, inv: gf8Inv, width: 1 };
const GF16: BinaryField = { mul: gf16Mul, inv: gf16Inv, width: 2 };

/** The largest number of parts each method can address (x = 1 … max). */
export function maxParts(method: number): number {
  return method === SplitKeyMethod.PolynomialSharingGF216 ? 0xffff : 0xff;
}

function randomElement(f: BinaryField): number {
  const b = randomBytes(f.width);
  return f.width === 1 ? (b[0] ?? 0) : b.readUInt16BE(0);
}

function binarySplit(f: BinaryField, secret: Uint8Array, parts: number, threshold: number): Buffer[] {
  const padded = Buffer.alloc(Math.ceil(secret.length / f.width) * f.width);
  padded.set(secret);
  const out = Array.from({ length: parts }, () => Buffer.alloc(padded.length));
  for (let at = 0; at < padded.length; at += f.width) {
    const coeffs = [f.width === 1 ? (padded[at] ?? 0) : padded.readUInt16BE(at)];
    for (let k = 1; k < threshold; k++) coeffs.push(randomElement(f));
    for (let p = 0; p < parts; p++) {
      // Horner: f(x) = c0 + x(c1 + x(c2 + …)), addition is XOR.
      let y = 0;
      for (let k = coeffs.length - 1; k >= 0; k--) y = f.mul(y, p + 1) ^ (coeffs[k] ?? 0);
      const share = out[p];
      if (share === undefined) continue;
      if (f.width === 1) share[at] = y;
      else share.writeUInt16BE(y, at);
    }
  }
  return out;
}

/** Lagrange weights at 0 for the x coordinates `xs` over a binary field (char 2: x - xi = x ^ xi). */
function binaryWeights(f: BinaryField, xs: readonly number[]): number[] {
  return xs.map((xi, i) => {
    let w = 1;
    xs.forEach((xj, j) => {
      if (j !== i) w = f.mul(w, f.mul(xj, f.inv(xj ^ xi)));
    });
    return w;
  });
}

function binaryJoin(f: BinaryField, shares: readonly Share[], length: number): Buffer {
  const weights = binaryWeights(
    f,
    shares.map((s) => s.x),
  );
  const width = shares[0]?.y.length ?? 0;
  const out = Buffer.alloc(width);
  for (let at = 0; at < width; at += f.width) {
    let acc = 0;
    shares.forEach((s, i) => {
      const y = f.width === 1 ? (s.y[at] ?? 0) : Buffer.from(s.y).readUInt16BE(at);
      acc ^= f.mul(weights[i] ?? 0, y);
    });
    if (f.width === 1) out[at] = acc;
    else out.writeUInt16BE(acc, at);
  }
  return out.subarray(0, length);
}

// Prime field GF(p): the whole secret is one integer below 2^L < p.

function mod(a: bigint, p: bigint): bigint {
  const r = a % p;
  return r < 0n ? r + p : r;
}

function modInv(a: bigint, p: bigint): bigint {
  let [r0, r1] = [mod(a, p), p];
  let [s0, s1] = [1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  if (r0 !== 1n) throw new RangeError('not invertible');
  return mod(s0, p);
}

export function bytesToBigInt(b: Uint8Array): bigint {
  return b.length === 0 ? 0n : BigInt('0x' + Buffer.from(b).toString('hex'));
}

export function bigIntToBytes(n: bigint, length: number): Buffer {
  const hex = n.toString(16).padStart(length * 2, '0');
  if (hex.length > length * 2) throw new RangeError(`${n} does not fit in ${length} bytes`);
  return Buffer.from(hex, 'hex');
}

export function byteLengthOf(p: bigint): number {
  return Math.ceil(p.toString(16).length / 2);
}

function randomBelow(p: bigint): bigint {
  return mod(bytesToBigInt(randomBytes(byteLengthOf(p) + 16)), p);
}

function primeSplit(secret: Uint8Array, parts: number, threshold: number, p: bigint): Buffer[] {
  const coeffs = [bytesToBigInt(secret)];
  for (let k = 1; k < threshold; k++) coeffs.push(randomBelow(p));
  const width = byteLengthOf(p);
  return Array.from({ length: parts }, (_, i) => {
    const x = BigInt(i + 1);
    let y = 0n;
    for (let k = coeffs.length - 1; k >= 0; k--) y = mod(y * x + (coeffs[k] ?? 0n), p);
    return bigIntToBytes(y, width);
  });
}

function primeJoin(shares: readonly Share[], length: number, p: bigint): Buffer {
  let acc = 0n;
  shares.forEach((si, i) => {
    let num = 1n;
    let den = 1n;
    shares.forEach((sj, j) => {
      if (j === i) return;
      num = mod(num * BigInt(sj.x), p);
      den = mod(den * BigInt(sj.x - si.x), p);
    });
    acc = mod(acc + bytesToBigInt(si.y) * num * modInv(den, p), p);
  });
  if (acc >= 1n << BigInt(length * 8)) throw new RangeError('the shares do not recombine to the key');
  return bigIntToBytes(acc, length);
}

export interface SplitParams {
  readonly method: number;
  readonly parts: number;
  readonly threshold: number;
  /** Polynomial Sharing Prime Field only: a prime above 2^(8·secret length). */
  readonly prime?: bigint;
}

export interface Share {
  /** The Key Part Identifier. */
  readonly x: number;
  readonly y: Uint8Array;
}

function needPrime(prime: bigint | undefined): bigint {
  if (prime === undefined) throw new RangeError('Polynomial Sharing Prime Field needs the prime');
  return prime;
}

/** Splits `secret` into `parts` shares, share i (0-based) for Key Part Identifier i + 1. */
export function splitSecret(secret: Uint8Array, p: SplitParams): Buffer[] {
  if (p.threshold < 1 || p.threshold > p.parts) throw new RangeError('threshold out of range');
  switch (p.method) {
    case SplitKeyMethod.XOR: {
      if (p.threshold !== p.parts) throw new RangeError('XOR needs every part');
      const shares = Array.from({ length: p.parts - 1 }, () => randomBytes(secret.length));
      const last = Buffer.from(secret);
      for (const s of shares) for (let i = 0; i < last.length; i++) last[i] = (last[i] ?? 0) ^ (s[i] ?? 0);
      return [...shares, last];
    }
    case SplitKeyMethod.PolynomialSharingGF28:
      return binarySplit(GF8, secret, p.parts, p.threshold);
    case SplitKeyMethod.PolynomialSharingGF216:
      return binarySplit(GF16, secret, p.parts, p.threshold);
    case SplitKeyMethod.PolynomialSharingPrimeField:
      return primeSplit(secret, p.parts, p.threshold, needPrime(p.prime));
    default:
      throw new RangeError(`Split Key Method ${p.method} is not supported`);
  }
}

/**
 * Recombines a secret of `length` bytes from shares with distinct identifiers. Given fewer
 * shares than the threshold the result is just another value (that is the point of the scheme).
 */
export function joinSecret(shares: readonly Share[], method: number, length: number, prime?: bigint): Buffer {
  switch (method) {
    case SplitKeyMethod.XOR: {
      const out = Buffer.alloc(length);
      for (const s of shares) for (let i = 0; i < length; i++) out[i] = (out[i] ?? 0) ^ (s.y[i] ?? 0);
      return out;
    }
    case SplitKeyMethod.PolynomialSharingGF28:
      return binaryJoin(GF8, shares, length);
    case SplitKeyMethod.PolynomialSharingGF216:
      return binaryJoin(GF16, shares, length);
    case SplitKeyMethod.PolynomialSharingPrimeField:
      return primeJoin(shares, length, needPrime(prime));
    default:
      throw new RangeError(`Split Key Method ${method} is not supported`);
  }
}

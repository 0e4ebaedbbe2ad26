// Property tests for the binary codec: round trips over arbitrary item trees, and hostile input
// (random bytes, mutated encodings) that must only ever produce a TtlvError.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { decodeTtlv } from './decode.js';
import { encodeTtlv, encodedSize } from './encode.js';
import { TtlvError } from './errors.js';
import type { StructureItem, TtlvItem } from './item.js';

const RUNS = 5000;

const tag = fc.oneof(fc.integer({ min: 0x420000, max: 0x4201ff }), fc.integer({ min: 0, max: 0xffffff }));
const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
const uint32 = fc.integer({ min: 0, max: 0xffffffff });
const text = fc.oneof(fc.string({ maxLength: 24 }), fc.string({ unit: 'binary', maxLength: 24 }));
const bigInt = fc.oneof(
  fc.bigInt({ min: -(2n ** 64n), max: 2n ** 64n }),
  fc.bigInt({ min: -(2n ** 600n), max: 2n ** 600n }),
);

function leaf<T extends TtlvItem['type'], V>(type: T, value: fc.Arbitrary<V>) {
  // Plain objects: fc.record's have a null prototype, which deepEqual tells apart.
  return fc.tuple(tag, value).map(([t, v]) => ({ tag: t, type, value: v }));
}

const { item: anyItem, structure: anyStructure } = fc.letrec<{ item: TtlvItem; structure: StructureItem }>(
  (tie) => ({
    // Trees up to 5 Structures deep; at the depth limit oneof falls back to its first choice.
    item: fc.oneof(
      { maxDepth: 5, depthSize: 'large', depthIdentifier: 'ttlv' },
      leaf('Integer', fc.integer()),
      leaf('LongInteger', int64),
      leaf('BigInteger', bigInt),
      leaf('Enumeration', uint32),
      leaf('Boolean', fc.boolean()),
      leaf('TextString', text),
      leaf('ByteString', fc.uint8Array({ maxLength: 24 })),
      leaf('DateTime', int64),
      leaf('Interval', uint32),
      leaf('DateTimeExtended', int64),
      { arbitrary: tie('structure'), weight: 6 },
    ),
    structure: leaf(
      'Structure',
      fc.array(tie('item'), { maxLength: 5, size: 'max', depthIdentifier: 'ttlv' }),
    ),
  }),
);
/** Mostly Structures at the top, as messages are, with some lone primitives. */
const arbitraryItem = fc.oneof({ arbitrary: anyStructure, weight: 4 }, { arbitrary: anyItem, weight: 1 });

/** Decoding must return or throw a TtlvError, nothing else. Returns the item or undefined. */
function decodeOrTtlvError(bytes: Uint8Array): TtlvItem | undefined {
  try {
    return decodeTtlv(bytes);
  } catch (e) {
    if (e instanceof TtlvError) return undefined;
    throw e;
  }
}

/** What a successful decode yields must survive its own round trip (Big Integers may shrink). */
function assertStable(item: TtlvItem | undefined): void {
  if (item !== undefined) assert.deepEqual(decodeTtlv(encodeTtlv(item, { maxDepth: 1000 })), item);
}

describe('binary codec properties', () => {
  test('decode(encode(x)) deep-equals x, and encodedSize is the encoded length', () => {
    fc.assert(
      fc.property(arbitraryItem, (item) => {
        const bytes = encodeTtlv(item);
        assert.equal(bytes.length, encodedSize(item));
        assert.equal(bytes.length % 8, 0);
        assert.deepEqual(decodeTtlv(bytes), item);
      }),
      { numRuns: RUNS },
    );
  });

  test('Big Integers are encoded in the minimal multiple of 8 bytes', () => {
    fc.assert(
      fc.property(bigInt, (value) => {
        const length = encodeTtlv({ tag: 0x420020, type: 'BigInteger', value }).readUInt32BE(4);
        const shorter = BigInt(8 * (length - 8) - 1);
        if (length > 8)
          assert.ok(value >= 2n ** shorter || value < -(2n ** shorter), `${value} in ${length}`);
      }),
      { numRuns: RUNS },
    );
  });

  test('random bytes only ever throw a TtlvError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 96 }), (bytes) => {
        assertStable(decodeOrTtlvError(bytes));
      }),
      { numRuns: RUNS },
    );
  });

  test('random bytes inside a valid Structure header only ever throw a TtlvError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 8, maxLength: 160 }), (body) => {
        // Bias every 8th byte towards known type codes so child headers get past the type check.
        for (let i = 3; i < body.length; i += 8) body[i] = body[i]! % 12;
        const length = body.length & ~7;
        const bytes = new Uint8Array(8 + length);
        new DataView(bytes.buffer).setUint32(0, 0x42007801);
        new DataView(bytes.buffer).setUint32(4, length);
        bytes.set(body.subarray(0, length), 8);
        assertStable(decodeOrTtlvError(bytes));
      }),
      { numRuns: RUNS },
    );
  });

  test('Text Strings decode exactly as a strict UTF-8 decoder says, failing with bad-utf8 where it fails', () => {
    const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 24 }),
      fc.uint8Array({ min: 0x80, max: 0xff, maxLength: 12 }),
      fc.string({ unit: 'binary', maxLength: 12 }).map((s) => new TextEncoder().encode(s)),
    );
    fc.assert(
      fc.property(bytes, (value) => {
        const encoded = encodeTtlv({ tag: 0x420020, type: 'ByteString', value });
        encoded[3] = 0x07; // the same bytes as a Text String
        let expected: string | undefined;
        try {
          expected = strict.decode(value);
        } catch {
          expected = undefined;
        }
        if (expected === undefined) assert.throws(() => decodeTtlv(encoded), { code: 'bad-utf8', offset: 8 });
        else assert.deepEqual(decodeTtlv(encoded), { tag: 0x420020, type: 'TextString', value: expected });
      }),
      { numRuns: RUNS },
    );
  });

  test('mutated valid encodings only ever throw a TtlvError', () => {
    const mutation = fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) });
    const change = fc.oneof(
      fc.record({
        kind: fc.constant('set' as const),
        edits: fc.array(mutation, { minLength: 1, maxLength: 4 }),
      }),
      fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
      fc.record({
        kind: fc.constant('append' as const),
        extra: fc.uint8Array({ minLength: 1, maxLength: 16 }),
      }),
    );
    fc.assert(
      fc.property(arbitraryItem, change, (item, c) => {
        let bytes: Uint8Array = new Uint8Array(encodeTtlv(item));
        if (c.kind === 'set') {
          for (const { at, byte } of c.edits) bytes[at % bytes.length] = byte;
        } else if (c.kind === 'cut') {
          bytes = bytes.subarray(0, c.at % bytes.length);
        } else {
          bytes = Buffer.concat([bytes, c.extra]);
        }
        assertStable(decodeOrTtlvError(bytes));
      }),
      { numRuns: RUNS },
    );
  });

  test('tight limits only ever throw a TtlvError', () => {
    fc.assert(
      fc.property(arbitraryItem, fc.nat({ max: 6 }), fc.nat({ max: 64 }), (item, maxDepth, maxLength) => {
        try {
          decodeTtlv(encodeTtlv(item), { maxDepth, maxLength });
        } catch (e) {
          assert.ok(e instanceof TtlvError && (e.code === 'too-deep' || e.code === 'too-large'), String(e));
        }
      }),
      { numRuns: 2000 },
    );
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { byteString, dateTime, enumeration, integer, structure, textString } from './builders.js';
import { encodeTtlv } from './encode.js';
import { TtlvError } from './errors.js';
import { TtlvFramer } from './framer.js';
import { ownValidVectors, parseSpecHex, specExamples } from './vectors/binary-vectors.js';

const MAX = 1024 * 1024;

// A Get response carrying a 256-bit key (tags: Response Message 42007B, Response Header 42007A,
// Protocol Version 420069/6A/6B, Time Stamp 420092, Batch Count 42000D, Batch Item 42000F,
// Operation 42005C, Result Status 42007F, Response Payload 42007C, Object Type 420057,
// Unique Identifier 420094, Symmetric Key 42008F, Key Block 420040, Key Format Type 420042,
// Key Value 420045, Key Material 420043, Cryptographic Algorithm 420028, Cryptographic Length 42002A).
const getResponse = encodeTtlv(
  structure(0x42007b, [
    structure(0x42007a, [
      structure(0x420069, [integer(0x42006a, 2), integer(0x42006b, 1)]),
      dateTime(0x420092, 1_700_000_000n),
      integer(0x42000d, 1),
    ]),
    structure(0x42000f, [
      enumeration(0x42005c, 0x0a),
      enumeration(0x42007f, 0),
      structure(0x42007c, [
        enumeration(0x420057, 2),
        textString(0x420094, '1f5c8a2e-0d3b-4a8e-9f0a-6b2d7c1e4a90'),
        structure(0x42008f, [
          structure(0x420040, [
            enumeration(0x420042, 1),
            structure(0x420045, [byteString(0x420043, new Uint8Array(32).fill(0x5a))]),
            enumeration(0x420028, 3),
            integer(0x42002a, 256),
          ]),
        ]),
      ]),
    ]),
  ]),
);
// Larger than the framer's first body allocation (16 KiB), so buffering must grow.
const bigMessage = encodeTtlv(structure(0x42007b, [byteString(0x420043, new Uint8Array(20_000).fill(7))]));
const emptyMessage = encodeTtlv(structure(0x42007b, []));

/** Every valid vector that is a frame (a Structure), plus whole messages. */
const fixtures: readonly Uint8Array[] = [
  ...[...specExamples, ...ownValidVectors]
    .filter((v) => v.item.type === 'Structure')
    .map((v) => parseSpecHex(v.hex)),
  getResponse,
  bigMessage,
  emptyMessage,
];

/** Feeds `chunks` to a fresh framer; returns copies of the frames it produced. */
function frames(chunks: readonly Uint8Array[], maxMessageSize = MAX): Uint8Array[] {
  const framer = new TtlvFramer({ maxMessageSize });
  const out: Uint8Array[] = [];
  for (const c of chunks) framer.push(c, (f) => out.push(Uint8Array.from(f)));
  assert.equal(framer.pendingBytes, 0);
  return out;
}

function oneByteChunks(bytes: Uint8Array): Uint8Array[] {
  return Array.from(bytes, (_, i) => bytes.subarray(i, i + 1));
}

function assertFramerError(fn: () => void, code: string, offset: number): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof TtlvError, String(e));
    assert.equal(e.code, code, e.message);
    assert.equal(e.offset, offset, e.message);
    return true;
  });
}

describe('TtlvFramer: splitting', () => {
  test('each fixture split at every byte offset yields exactly that frame', () => {
    for (const fixture of fixtures) {
      for (let k = 0; k <= fixture.length; k++) {
        const out = frames([fixture.subarray(0, k), fixture.subarray(k)]);
        assert.equal(out.length, 1, `split at ${k} of ${fixture.length}`);
        assert.deepEqual(out[0], Uint8Array.from(fixture));
      }
    }
  });

  test('each fixture fed one byte at a time yields exactly that frame', () => {
    for (const fixture of fixtures)
      assert.deepEqual(frames(oneByteChunks(fixture)), [Uint8Array.from(fixture)]);
  });

  test('a stream of all fixtures, in one chunk, split anywhere, or byte by byte, yields them in order', () => {
    const stream = Buffer.concat(fixtures);
    const expected = fixtures.map((f) => Uint8Array.from(f));
    assert.deepEqual(frames([stream]), expected);
    assert.deepEqual(frames(oneByteChunks(stream)), expected);
    for (let k = 0; k <= stream.length; k += 7) {
      assert.deepEqual(frames([stream.subarray(0, k), stream.subarray(k)]), expected, `split at ${k}`);
    }
  });

  test('any chunking of a stream of frames yields the same frames', () => {
    const stream = Buffer.concat([
      getResponse,
      emptyMessage,
      getResponse,
      parseSpecHex(specExamples[9]!.hex),
    ]);
    const expected = frames([stream]);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: stream.length - 1 }), { maxLength: 12 }),
        (cuts) => {
          const points = [0, ...cuts.sort((a, b) => a - b), stream.length];
          const chunks = points.slice(1).map((end, i) => stream.subarray(points[i], end));
          assert.deepEqual(frames(chunks), expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  test('an empty Structure whose header ends a chunk is delivered at once', () => {
    const framer = new TtlvFramer({ maxMessageSize: MAX });
    const out: Uint8Array[] = [];
    framer.push(emptyMessage.subarray(0, 3), (f) => out.push(f));
    framer.push(emptyMessage.subarray(3), (f) => out.push(f));
    assert.deepEqual(out, [Uint8Array.from(emptyMessage)]);
  });

  test('frames whole in a chunk are views into it; reassembled frames are not overwritten later', () => {
    const framer = new TtlvFramer({ maxMessageSize: MAX });
    const out: Uint8Array[] = [];
    const chunk = Buffer.concat([getResponse, getResponse.subarray(0, 10)]);
    framer.push(chunk, (f) => out.push(f));
    assert.equal(out[0]!.buffer, chunk.buffer);
    framer.push(getResponse.subarray(10), (f) => out.push(f));
    framer.push(Buffer.concat([getResponse.subarray(0, 5)]), (f) => out.push(f));
    framer.push(getResponse.subarray(5), (f) => out.push(f));
    assert.deepEqual(
      out.map((f) => Buffer.from(f).equals(getResponse)),
      [true, true, true],
    );
  });
});

describe('TtlvFramer: pendingBytes', () => {
  test('counts bytes held for an incomplete header and body, and drops to 0 on delivery', () => {
    const framer = new TtlvFramer({ maxMessageSize: MAX });
    const noFrame = () => assert.fail('no frame expected yet');
    framer.push(getResponse.subarray(0, 5), noFrame);
    assert.equal(framer.pendingBytes, 5);
    framer.push(getResponse.subarray(5, 11), noFrame);
    assert.equal(framer.pendingBytes, 11);
    let delivered = 0;
    framer.push(getResponse.subarray(11), () => delivered++);
    assert.equal(delivered, 1);
    assert.equal(framer.pendingBytes, 0);
  });
});

describe('TtlvFramer: header checks before buffering', () => {
  test('refuses a first tag byte other than 0x42 with bad-tag at its stream offset', () => {
    const framer = new TtlvFramer({ maxMessageSize: MAX });
    framer.push(getResponse, () => undefined);
    assertFramerError(
      () => framer.push(parseSpecHex('54 00 01 | 01 | 00 00 00 00'), () => undefined),
      'bad-tag',
      getResponse.length,
    );
  });

  test('refuses a message that is not a Structure with bad-encoding at the type byte', () => {
    assertFramerError(() => frames([parseSpecHex('42 00 7B | 02 | 00 00 00 04')]), 'bad-encoding', 3);
  });

  test('refuses a length that is not a multiple of 8 with bad-length', () => {
    assertFramerError(() => frames([parseSpecHex('42 00 7B | 01 | 00 00 00 0C')]), 'bad-length', 4);
  });

  test('refuses a length above maxMessageSize from the header alone, even split across chunks', () => {
    const header = parseSpecHex('42 00 7B | 01 | 00 10 00 08');
    assertFramerError(() => frames([header], 0x100000), 'too-large', 4);
    assertFramerError(() => frames([header.subarray(0, 6), header.subarray(6)], 0x100000), 'too-large', 4);
    assert.deepEqual(frames([header, new Uint8Array(0x100008)], 0x100008).length, 1);
  });

  test('a failed framer keeps failing', () => {
    const framer = new TtlvFramer({ maxMessageSize: 64 });
    assertFramerError(
      () => framer.push(parseSpecHex('42 00 7B | 01 | 00 00 01 00'), () => undefined),
      'too-large',
      4,
    );
    assertFramerError(() => framer.push(emptyMessage, () => undefined), 'too-large', 4);
  });

  test('a header claiming 4 GiB buffers only what has arrived', () => {
    const framer = new TtlvFramer({ maxMessageSize: 0xfffffff8 });
    const before = process.memoryUsage().arrayBuffers;
    const header = parseSpecHex('42 00 7B | 01 | FF FF FF F8');
    framer.push(header, () => assert.fail('no frame expected'));
    framer.push(new Uint8Array(1000), () => assert.fail('no frame expected'));
    assert.equal(framer.pendingBytes, 1008);
    assert.ok(process.memoryUsage().arrayBuffers - before < 1024 * 1024);
  });

  test('rejects an invalid maxMessageSize', () => {
    assert.throws(() => new TtlvFramer({ maxMessageSize: -1 }), RangeError);
    assert.throws(() => new TtlvFramer({ maxMessageSize: 2 ** 32 }), RangeError);
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { byteString, integer, structure, textString } from './builders.js';
import { decodeTtlv, decodeTtlvPrefix } from './decode.js';
import { encodeTtlv } from './encode.js';
import { TtlvError } from './errors.js';
import type { TtlvItem } from './item.js';
import { invalidVectors } from './vectors/binary-error-vectors.js';
import { ownValidVectors, parseSpecHex, specExamples } from './vectors/binary-vectors.js';

function assertTtlvError(fn: () => unknown, code: string, offset: number): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof TtlvError, `expected a TtlvError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    assert.equal(e.offset, offset, e.message);
    return true;
  });
}

function nested(levels: number): TtlvItem {
  let item: TtlvItem = integer(0x420001, 1);
  for (let i = 0; i < levels; i++) item = structure(0x420002, [item]);
  return item;
}

describe('decodeTtlv: KMIP 1.4 §9.1.2 examples', () => {
  for (const v of specExamples) {
    test(`decodes the spec example: ${v.name}`, () => {
      assert.deepEqual(decodeTtlv(parseSpecHex(v.hex)), v.item);
    });
  }
});

describe('decodeTtlv: own vectors for every type', () => {
  for (const v of ownValidVectors) {
    test(`decodes ${v.name}`, () => {
      assert.deepEqual(decodeTtlv(parseSpecHex(v.hex)), v.item);
    });
  }
});

describe('decodeTtlv: every error carries its code and offset', () => {
  for (const v of invalidVectors) {
    test(`rejects ${v.name} with ${v.code} at byte ${v.offset}`, () => {
      assertTtlvError(() => decodeTtlv(parseSpecHex(v.hex), v.options), v.code, v.offset);
    });
  }
});

describe('decodeTtlv: behaviour', () => {
  test('Byte String values are copies, not views into the input', () => {
    const bytes = encodeTtlv(byteString(0x420020, Uint8Array.of(1, 2, 3)));
    const item = decodeTtlv(bytes);
    bytes.fill(0xee);
    assert.deepEqual(item, byteString(0x420020, Uint8Array.of(1, 2, 3)));
  });

  test('Byte String values are plain Uint8Arrays even when the input is a Buffer', () => {
    const item = decodeTtlv(
      Buffer.from(parseSpecHex('42 00 20 | 08 | 00 00 00 01 | 07 00 00 00 00 00 00 00')),
    );
    assert.equal(Object.getPrototypeOf(item.value), Uint8Array.prototype);
  });

  test('decodes an input that is a view at a non-zero offset of a larger buffer', () => {
    const encoded = encodeTtlv(structure(0x420020, [integer(0x420021, -5), textString(0x420022, 'abc')]));
    const backing = new Uint8Array(encoded.length + 13).fill(0x99);
    backing.set(encoded, 5);
    assert.deepEqual(
      decodeTtlv(backing.subarray(5, 5 + encoded.length)),
      structure(0x420020, [integer(0x420021, -5), textString(0x420022, 'abc')]),
    );
  });

  test('accepts a Big Integer wider than its minimal form and keeps its sign', () => {
    const hex = '42 00 20 | 04 | 00 00 00 10 | FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FE';
    assert.deepEqual(decodeTtlv(parseSpecHex(hex)), { tag: 0x420020, type: 'BigInteger', value: -2n });
  });

  test('decodes a long Text String mixing ASCII and multi-byte characters', () => {
    const value = 'a'.repeat(100) + 'ü€𝄞' + 'z'.repeat(7);
    assert.deepEqual(decodeTtlv(encodeTtlv(textString(0x420020, value))), textString(0x420020, value));
  });

  test('accepts the default depth of 64 nested Structures and refuses 65', () => {
    assert.deepEqual(decodeTtlv(encodeTtlv(nested(64))), nested(64));
    const tooDeep = encodeTtlv(nested(65), { maxDepth: 65 });
    assertTtlvError(() => decodeTtlv(tooDeep), 'too-deep', 64 * 8);
  });

  test('maxDepth 0 refuses any Structure but still decodes a primitive', () => {
    assert.deepEqual(decodeTtlv(encodeTtlv(integer(0x420020, 3)), { maxDepth: 0 }), integer(0x420020, 3));
    assertTtlvError(() => decodeTtlv(encodeTtlv(structure(0x420020, [])), { maxDepth: 0 }), 'too-deep', 0);
  });

  test('refuses a length above the default 16 MiB from the header alone', () => {
    assertTtlvError(() => decodeTtlv(parseSpecHex('42 00 20 | 07 | 01 00 00 01')), 'too-large', 4);
    assertTtlvError(() => decodeTtlv(parseSpecHex('42 00 20 | 01 | 01 00 00 08')), 'too-large', 4);
  });

  test('a structure length beyond the input is truncated, a child beyond its structure is overrun', () => {
    assertTtlvError(
      () => decodeTtlv(parseSpecHex('42 00 20 | 01 | 00 00 00 10 | 42 00 21 | 01 | 00 00 00 00')),
      'truncated',
      4,
    );
    const overrun = '42 00 20 | 01 | 00 00 00 08 | 42 00 21 | 01 | 00 00 00 08 | 42 00 22 | 01 | 00 00 00 00';
    assertTtlvError(() => decodeTtlv(parseSpecHex(overrun)), 'overrun', 12);
  });

  test('rejects invalid options with a RangeError', () => {
    const bytes = encodeTtlv(integer(0x420020, 1));
    assert.throws(() => decodeTtlv(bytes, { maxDepth: -1 }), RangeError);
    assert.throws(() => decodeTtlv(bytes, { maxDepth: 1.5 }), RangeError);
    assert.throws(() => decodeTtlv(bytes, { maxDepth: 100000 }), RangeError);
    assert.throws(() => decodeTtlv(bytes, { maxLength: Number.NaN }), RangeError);
  });

  test('the error message names the offset', () => {
    assert.throws(
      () => decodeTtlv(parseSpecHex('42 00 20 | 0F | 00 00 00 00')),
      /unknown item type 0x0f \(at byte 3\)/,
    );
  });
});

describe('decodeTtlvPrefix', () => {
  test('decodes consecutive items and reports where each ends', () => {
    const a = encodeTtlv(textString(0x420020, 'first'));
    const b = encodeTtlv(integer(0x420021, 2));
    const both = Buffer.concat([a, b]);
    const first = decodeTtlvPrefix(both);
    assert.deepEqual(first, { item: textString(0x420020, 'first'), end: a.length });
    const second = decodeTtlvPrefix(both, first.end);
    assert.deepEqual(second, { item: integer(0x420021, 2), end: both.length });
  });

  test('an offset outside the input is a RangeError', () => {
    assert.throws(() => decodeTtlvPrefix(new Uint8Array(8), 9), RangeError);
    assert.throws(() => decodeTtlvPrefix(new Uint8Array(8), -1), RangeError);
  });

  test('an item cut short reports truncated with an offset from the start of the buffer', () => {
    const bytes = Buffer.concat([
      encodeTtlv(integer(0x420020, 1)),
      parseSpecHex('42 00 20 | 07 | 00 00 00 09 | 41'),
    ]);
    assertTtlvError(() => decodeTtlvPrefix(bytes, 16), 'truncated', 20);
  });
});

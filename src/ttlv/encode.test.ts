import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  bigInteger,
  boolean,
  byteString,
  dateTime,
  dateTimeExtended,
  enumeration,
  integer,
  interval,
  longInteger,
  structure,
  textString,
} from './builders.js';
import { decodeTtlv } from './decode.js';
import { encodeTtlv, encodedSize } from './encode.js';
import { TtlvError } from './errors.js';
import type { TtlvItem } from './item.js';
import { ownValidVectors, parseSpecHex, specExamples } from './vectors/binary-vectors.js';

const T = 0x420020;

function assertEncodeError(item: unknown, code: string): void {
  assert.throws(
    () => encodeTtlv(item as TtlvItem),
    (e: unknown) => {
      assert.ok(e instanceof TtlvError, `expected a TtlvError, got ${String(e)}`);
      assert.equal(e.code, code, e.message);
      assert.equal(e.offset, -1);
      return true;
    },
  );
}

describe('encodeTtlv: KMIP 1.4 §9.1.2 examples', () => {
  for (const v of specExamples) {
    test(`encodes the spec example exactly: ${v.name}`, () => {
      assert.deepEqual(new Uint8Array(encodeTtlv(v.item)), parseSpecHex(v.hex));
    });
  }
});

describe('encodeTtlv: own vectors for every type', () => {
  for (const v of ownValidVectors) {
    test(`encodes ${v.name}`, () => {
      assert.deepEqual(new Uint8Array(encodeTtlv(v.item)), parseSpecHex(v.hex));
    });
  }
});

describe('encodeTtlv: validation', () => {
  const outOfRange: [string, unknown][] = [
    ['Integer 2^31', integer(T, 2 ** 31)],
    ['Integer -2^31 - 1', integer(T, -(2 ** 31) - 1)],
    ['Integer 1.5', integer(T, 1.5)],
    ['Integer NaN', integer(T, Number.NaN)],
    ['Integer given a bigint', { tag: T, type: 'Integer', value: 1n }],
    ['Enumeration -1', enumeration(T, -1)],
    ['Enumeration 2^32', enumeration(T, 2 ** 32)],
    ['Interval -1', interval(T, -1)],
    ['Interval given a string', { tag: T, type: 'Interval', value: '1' }],
    ['Long Integer 2^63', longInteger(T, 2n ** 63n)],
    ['Long Integer given a number', { tag: T, type: 'LongInteger', value: 1 }],
    ['Date-Time -2^63 - 1', dateTime(T, -(2n ** 63n) - 1n)],
    ['Date-Time Extended 2^63', dateTimeExtended(T, 2n ** 63n)],
    ['Big Integer given a number', { tag: T, type: 'BigInteger', value: 5 }],
  ];
  for (const [name, item] of outOfRange) {
    test(`refuses ${name} with out-of-range`, () => assertEncodeError(item, 'out-of-range'));
  }

  test('refuses a non-boolean Boolean, non-string Text String, non-bytes Byte String with bad-encoding', () => {
    assertEncodeError({ tag: T, type: 'Boolean', value: 1 }, 'bad-encoding');
    assertEncodeError({ tag: T, type: 'TextString', value: 42 }, 'bad-encoding');
    assertEncodeError({ tag: T, type: 'ByteString', value: [1, 2] }, 'bad-encoding');
    assertEncodeError({ tag: T, type: 'Structure', value: 'x' }, 'bad-encoding');
    assertEncodeError({ tag: T, type: 'Structure', value: [integer(T, 1), undefined] }, 'bad-encoding');
  });

  test('refuses a Text String holding a lone surrogate with bad-utf8', () => {
    assertEncodeError(textString(T, 'a\uD800b'), 'bad-utf8');
    assertEncodeError(textString(T, '\uDC00'), 'bad-utf8');
  });

  test('refuses tags that are not 3-byte numbers with bad-tag', () => {
    assertEncodeError(integer(0x1000000, 1), 'bad-tag');
    assertEncodeError(integer(-1, 1), 'bad-tag');
    assertEncodeError(integer(0x420020 + 0.5, 1), 'bad-tag');
    assertEncodeError(structure(T, [integer(Number.NaN, 1)]), 'bad-tag');
  });

  test('refuses an unknown item type with unknown-type', () => {
    assertEncodeError({ tag: T, type: 'Float', value: 1 }, 'unknown-type');
  });

  test('refuses Structures nested deeper than maxDepth with too-deep', () => {
    let item: TtlvItem = integer(T, 1);
    for (let i = 0; i < 65; i++) item = structure(T, [item]);
    assertEncodeError(item, 'too-deep');
    assert.equal(encodeTtlv(item, { maxDepth: 65 }).length, 65 * 8 + 16);
  });
});

describe('encodeTtlv: behaviour', () => {
  test('Big Integers take the minimal multiple of 8 bytes, sign-extended', () => {
    const cases: [bigint, number][] = [
      [0n, 8],
      [2n ** 63n - 1n, 8],
      [-(2n ** 63n), 8],
      [2n ** 63n, 16],
      [-(2n ** 63n) - 1n, 16],
      [2n ** 127n - 1n, 16],
      [2n ** 127n, 24],
      [-(2n ** 2047n), 256],
      [2n ** 2047n, 264],
    ];
    for (const [value, length] of cases) {
      const bytes = encodeTtlv(bigInteger(T, value));
      assert.equal(bytes.readUInt32BE(4), length, `length for ${value}`);
      assert.deepEqual(decodeTtlv(bytes), bigInteger(T, value));
    }
  });

  test('padding is zero even when the buffer pool holds old bytes', () => {
    Buffer.allocUnsafe(2048).fill(0xff);
    for (let i = 0; i < 50; i++) {
      const bytes = encodeTtlv(
        structure(T, [textString(T, 'A'), byteString(T, Uint8Array.of(1)), integer(T, 1)]),
      );
      assert.deepEqual(
        new Uint8Array(bytes),
        parseSpecHex(
          '42 00 20 | 01 | 00 00 00 30 | 42 00 20 | 07 | 00 00 00 01 | 41 00 00 00 00 00 00 00 | ' +
            '42 00 20 | 08 | 00 00 00 01 | 01 00 00 00 00 00 00 00 | 42 00 20 | 02 | 00 00 00 04 | 00 00 00 01 00 00 00 00',
        ),
      );
    }
  });

  test('encodes a Date given as a Date in whole seconds, and -0 as 0', () => {
    assert.deepEqual(
      new Uint8Array(encodeTtlv(dateTime(T, new Date(1500)))),
      parseSpecHex('42 00 20 | 09 | 00 00 00 08 | 00 00 00 00 00 00 00 01'),
    );
    assert.deepEqual(decodeTtlv(encodeTtlv(integer(T, -0))), integer(T, 0));
  });

  test('encodedSize matches the encoded length and validates the same way', () => {
    const item = structure(T, [textString(T, 'héllo'), boolean(T, true), bigInteger(T, -(2n ** 70n))]);
    assert.equal(encodedSize(item), encodeTtlv(item).length);
    assert.throws(() => encodedSize(integer(T, 2 ** 40)), TtlvError);
  });
});

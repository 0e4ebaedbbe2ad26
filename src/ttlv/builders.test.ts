import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  bigInteger,
  boolean,
  byteString,
  child,
  childBigInt,
  childBool,
  childBytes,
  childDate,
  childDateExtended,
  childEnum,
  childInt,
  childInterval,
  childLong,
  childOfType,
  childStructure,
  childText,
  children,
  dateFromSeconds,
  dateTime,
  dateTimeExtended,
  enumeration,
  integer,
  interval,
  longInteger,
  structure,
  textString,
} from './builders.js';
import { TtlvError } from './errors.js';

const s = structure(0x420001, [
  textString(0x420094, 'id-1'),
  textString(0x420094, 'id-2'),
  enumeration(0x420057, 2),
  integer(0x42002a, 256),
  longInteger(0x420003, -7n),
  bigInteger(0x420004, 2n ** 100n),
  boolean(0x420006, false),
  byteString(0x420043, Uint8Array.of(9)),
  dateTime(0x420092, 1_700_000_000n),
  interval(0x42000a, 60),
  dateTimeExtended(0x42000b, 5n),
  structure(0x42007c, []),
]);

describe('builders: constructors', () => {
  test('each constructor makes a plain { tag, type, value } item', () => {
    assert.deepEqual(integer(0x420020, 8), { tag: 0x420020, type: 'Integer', value: 8 });
    assert.deepEqual(structure(0x420020, [boolean(0x420021, true)]), {
      tag: 0x420020,
      type: 'Structure',
      value: [{ tag: 0x420021, type: 'Boolean', value: true }],
    });
  });

  test('dateTime takes whole seconds of a Date, rounding towards the past', () => {
    assert.equal(dateTime(1, new Date(Date.UTC(2008, 2, 14, 11, 56, 40, 999))).value, 1205495800n);
    assert.equal(dateTime(1, new Date(-1500)).value, -2n);
    assert.equal(dateTime(1, 42n).value, 42n);
  });

  test('dateTimeExtended takes microseconds of a Date', () => {
    assert.equal(dateTimeExtended(1, new Date(1234)).value, 1_234_000n);
  });

  test('an invalid Date is refused with out-of-range', () => {
    assert.throws(
      () => dateTime(1, new Date(Number.NaN)),
      (e: unknown) => e instanceof TtlvError && e.code === 'out-of-range',
    );
  });

  test('dateFromSeconds turns a Date-Time value back into a Date', () => {
    assert.equal(dateFromSeconds(1205495800n).toISOString(), '2008-03-14T11:56:40.000Z');
  });
});

describe('builders: accessors', () => {
  test('child finds the first child with a tag, children finds them all in order', () => {
    assert.deepEqual(child(s, 0x420094), textString(0x420094, 'id-1'));
    assert.deepEqual(
      children(s, 0x420094).map((c) => c.value),
      ['id-1', 'id-2'],
    );
    assert.equal(child(s, 0x420999), undefined);
    assert.deepEqual(children(s, 0x420999), []);
  });

  test('typed getters return the value of a child of the right type', () => {
    assert.equal(childText(s, 0x420094), 'id-1');
    assert.equal(childEnum(s, 0x420057), 2);
    assert.equal(childInt(s, 0x42002a), 256);
    assert.equal(childLong(s, 0x420003), -7n);
    assert.equal(childBigInt(s, 0x420004), 2n ** 100n);
    assert.equal(childBool(s, 0x420006), false);
    assert.deepEqual(childBytes(s, 0x420043), Uint8Array.of(9));
    assert.equal(childDate(s, 0x420092), 1_700_000_000n);
    assert.equal(childInterval(s, 0x42000a), 60);
    assert.equal(childDateExtended(s, 0x42000b), 5n);
    assert.deepEqual(childStructure(s, 0x42007c), structure(0x42007c, []));
    assert.deepEqual(childOfType(s, 0x420057, 'Enumeration'), enumeration(0x420057, 2));
  });

  test('typed getters return undefined when the child is absent', () => {
    for (const get of [childText, childEnum, childInt, childBool, childBytes, childDate, childStructure]) {
      assert.equal(get(s, 0x420999), undefined);
    }
  });

  test('typed getters throw bad-encoding when the child has another type', () => {
    const wrongType = (e: unknown) =>
      e instanceof TtlvError &&
      e.code === 'bad-encoding' &&
      /0x420057 is Enumeration, expected TextString/.test(e.message);
    assert.throws(() => childText(s, 0x420057), wrongType);
    assert.throws(() => childInt(s, 0x420057), TtlvError);
    assert.throws(() => childEnum(s, 0x42002a), TtlvError);
    assert.throws(() => childStructure(s, 0x420094), TtlvError);
    assert.throws(() => childDate(s, 0x42000b), TtlvError);
  });
});

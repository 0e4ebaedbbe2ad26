import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Tag } from '../spec/generated/tags.js';
import { TtlvError } from '../ttlv/errors.js';
import type { TtlvItem } from '../ttlv/item.js';
import { jsonToTtlv, ttlvToJson } from './json.js';
import { placeholderOf } from '../ttlv/placeholders.js';

function both(json: unknown, item: TtlvItem): void {
  assert.deepEqual(jsonToTtlv(json), item);
  assert.deepEqual(jsonToTtlv(JSON.stringify(json)), item);
  assert.deepEqual(ttlvToJson(item), json);
}

function refuses(json: unknown, pattern: RegExp, code = 'bad-encoding'): void {
  assert.throws(
    () => jsonToTtlv(json),
    (e: unknown) => e instanceof TtlvError && e.code === code && pattern.test(e.message),
    `expected ${code} matching ${pattern}`,
  );
}

describe('KMIP JSON: every item type both ways', () => {
  it('Integer, Interval and safe LongInteger as numbers', () => {
    both(
      { tag: 'BatchCount', type: 'Integer', value: -7 },
      { tag: Tag.BatchCount, type: 'Integer', value: -7 },
    );
    both(
      { tag: 'LeaseTime', type: 'Interval', value: 4294967295 },
      { tag: Tag.LeaseTime, type: 'Interval', value: 4294967295 },
    );
    both(
      { tag: 'UsageLimitsTotal', type: 'LongInteger', value: 16 },
      { tag: Tag.UsageLimitsTotal, type: 'LongInteger', value: 16n },
    );
  });
  it('LongInteger beyond 2^53 as 0x hex', () =>
    both(
      { tag: 'UsageLimitsTotal', type: 'LongInteger', value: '0xf000000000000000' },
      { tag: Tag.UsageLimitsTotal, type: 'LongInteger', value: -(2n ** 60n) },
    ));
  it('BigInteger, ByteString as hex; Enumeration by name; Boolean as true/false', () => {
    both(
      { tag: 'Modulus', type: 'BigInteger', value: '0000000000000100' },
      { tag: Tag.Modulus, type: 'BigInteger', value: 256n },
    );
    both(
      { tag: 'KeyMaterial', type: 'ByteString', value: '00ff' },
      { tag: Tag.KeyMaterial, type: 'ByteString', value: new Uint8Array([0, 255]) },
    );
    both(
      { tag: 'ObjectType', type: 'Enumeration', value: 'SymmetricKey' },
      { tag: Tag.ObjectType, type: 'Enumeration', value: 2 },
    );
    both(
      { tag: 'BatchOrderOption', type: 'Boolean', value: true },
      { tag: Tag.BatchOrderOption, type: 'Boolean', value: true },
    );
  });
  it('TextString, DateTime and DateTimeExtended as strings', () => {
    both(
      { tag: 'UniqueIdentifier', type: 'TextString', value: 'a"b\n' },
      { tag: Tag.UniqueIdentifier, type: 'TextString', value: 'a"b\n' },
    );
    both(
      { tag: 'ActivationDate', type: 'DateTime', value: '2001-01-01T10:00:00+00:00' },
      { tag: Tag.ActivationDate, type: 'DateTime', value: 978343200n },
    );
    both(
      { tag: '0x540001', type: 'DateTimeExtended', value: '2001-01-01T10:00:00.000001+00:00' },
      { tag: 0x540001, type: 'DateTimeExtended', value: 978343200000001n },
    );
  });
  it('Structures as arrays, without "type"', () =>
    both(
      { tag: 'Attribute', value: [{ tag: 'AttributeName', type: 'TextString', value: 'x' }] },
      {
        tag: Tag.Attribute,
        type: 'Structure',
        value: [{ tag: Tag.AttributeName, type: 'TextString', value: 'x' }],
      },
    ));
  it('reads "type": "Structure" and numbers or hex for enumerations', () => {
    assert.deepEqual(jsonToTtlv({ tag: 'Attribute', type: 'Structure', value: [] }), {
      tag: Tag.Attribute,
      type: 'Structure',
      value: [],
    });
    assert.equal(jsonToTtlv({ tag: 'ObjectType', type: 'Enumeration', value: 2 }).value, 2);
    assert.equal(jsonToTtlv({ tag: 'ObjectType', type: 'Enumeration', value: '0x00000002' }).value, 2);
    assert.equal(jsonToTtlv({ tag: 'BatchCount', type: 'Integer', value: '0x0000000a' }).value, 10);
  });
});

describe('KMIP JSON: masks, extensions and attribute context', () => {
  it('writes masks joined by | and reads | or spaces', () => {
    const item: TtlvItem = { tag: Tag.CryptographicUsageMask, type: 'Integer', value: 12 };
    both({ tag: 'CryptographicUsageMask', type: 'Integer', value: 'Encrypt|Decrypt' }, item);
    assert.deepEqual(
      jsonToTtlv({ tag: 'CryptographicUsageMask', type: 'Integer', value: 'Decrypt Encrypt' }),
      item,
    );
    assert.deepEqual(jsonToTtlv({ tag: 'CryptographicUsageMask', type: 'Integer', value: 12 }), item);
  });
  it('writes extension tags and unnamed enumeration values in hex', () =>
    both(
      { tag: '0x540010', type: 'Enumeration', value: '0x80000001' },
      { tag: 0x540010, type: 'Enumeration', value: 0x80000001 },
    ));
  it('names an Attribute Value enumeration from its Attribute Name', () =>
    both(
      {
        tag: 'Attribute',
        value: [
          { tag: 'AttributeName', type: 'TextString', value: 'Cryptographic Algorithm' },
          { tag: 'AttributeValue', type: 'Enumeration', value: 'AES' },
        ],
      },
      {
        tag: Tag.Attribute,
        type: 'Structure',
        value: [
          { tag: Tag.AttributeName, type: 'TextString', value: 'Cryptographic Algorithm' },
          { tag: Tag.AttributeValue, type: 'Enumeration', value: 3 },
        ],
      },
    ));
});

describe('KMIP JSON: placeholders', () => {
  it('keeps "$..." strings as marked items when asked, and writes them back', () => {
    const json = { tag: 'TimeStamp', type: 'DateTime', value: '$NOW' };
    const item = jsonToTtlv(json, { placeholders: true });
    assert.equal(placeholderOf(item)?.name, 'NOW');
    assert.deepEqual(ttlvToJson(item), json);
  });
});

describe('KMIP JSON: errors', () => {
  it('refuses malformed JSON and shapes', () => {
    refuses('{', /not JSON/);
    refuses([], /expected an object/);
    refuses({ tag: 1, value: [] }, /"tag" must be a string/);
    refuses({ tag: 'Attribute', value: 1 }, /value must be an array/);
    refuses({ tag: 'BatchCount', type: 'Integer', value: 1, extra: 0 }, /unexpected member "extra"/);
    refuses({ tag: 'BatchCount', type: 'Integer' }, /missing or invalid "value"/);
  });
  it('refuses unknown tags, types and names, with the path', () => {
    refuses({ tag: 'NoSuchTag', type: 'Integer', value: 1 }, /unknown tag 'NoSuchTag'/);
    refuses({ tag: 'BatchCount', type: 'Float', value: 1 }, /unknown type "Float"/, 'unknown-type');
    refuses(
      { tag: 'Attribute', value: [{ tag: 'ObjectType', type: 'Enumeration', value: 'Nope' }] },
      /\$\.value\[0\] \(ObjectType\): 'Nope' is not one of the ObjectType values/,
    );
  });
  it('refuses values of the wrong JSON type or precision', () => {
    refuses({ tag: 'BatchCount', type: 'Integer', value: 1.5 }, /not an integer/);
    refuses({ tag: 'BatchCount', type: 'Integer', value: true }, /cannot be a JSON boolean/);
    refuses({ tag: 'KeyMaterial', type: 'ByteString', value: 12 }, /cannot be a JSON number/);
    refuses({ tag: 'UsageLimitsTotal', type: 'LongInteger', value: 2 ** 60 }, /not exact in JSON/);
    refuses({ tag: 'BatchCount', type: 'Integer', value: 2 ** 31 }, /outside 32-bit/, 'out-of-range');
  });
  it('refuses nesting deeper than the limit', () => {
    let json: unknown = { tag: 'Attribute', value: [] };
    for (let i = 0; i < 5; i++) json = { tag: 'Attribute', value: [json] };
    assert.throws(
      () => jsonToTtlv(json, { maxDepth: 5 }),
      (e: unknown) => e instanceof TtlvError && e.code === 'too-deep',
    );
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { enumText, enumValue, plainOf, toItem } from './values.js';
import { Tag } from '../spec/generated/tags.js';
import { CryptographicAlgorithm, CryptographicUsageMask, NameType } from '../spec/generated/enums.js';

describe('plain values to TTLV', () => {
  test('the registry gives each field its type: enumeration names, masks, integers, dates, bytes', () => {
    assert.deepEqual(toItem(Tag.CryptographicAlgorithm, 'AES'), {
      tag: Tag.CryptographicAlgorithm,
      type: 'Enumeration',
      value: CryptographicAlgorithm.AES,
    });
    assert.equal(toItem(Tag.CryptographicAlgorithm, 'HMAC-SHA256').value, CryptographicAlgorithm.HMAC_SHA256);
    const { Encrypt, Decrypt } = CryptographicUsageMask;
    assert.equal(toItem(Tag.CryptographicUsageMask, 'Encrypt Decrypt').value, Encrypt | Decrypt);
    assert.equal(toItem(Tag.CryptographicUsageMask, 12).value, 12);
    assert.deepEqual(toItem(Tag.ActivationDate, new Date('2030-01-02T03:04:05Z')), {
      tag: Tag.ActivationDate,
      type: 'DateTime',
      value: 1893553445n,
    });
    assert.equal(toItem(Tag.ActivationDate, '2030-01-02T03:04:05Z').value, 1893553445n);
    assert.deepEqual(toItem(Tag.Data, 'cafe').value, Uint8Array.of(0xca, 0xfe));
    assert.equal(toItem(Tag.Sensitive, true).value, true);
  });

  test('a Name given as text is an uninterpreted text string Name', () => {
    assert.deepEqual(toItem(Tag.Name, 'k1'), {
      tag: Tag.Name,
      type: 'Structure',
      value: [
        { tag: Tag.NameValue, type: 'TextString', value: 'k1' },
        { tag: Tag.NameType, type: 'Enumeration', value: NameType.UninterpretedTextString },
      ],
    });
  });

  test("structures take XML or spec field names and go out in the spec's field order", () => {
    const p = toItem(Tag.CryptographicParameters, {
      CryptographicAlgorithm: 'AES',
      'Padding Method': 'PKCS5',
      BlockCipherMode: 'CBC',
      RandomIV: true,
    });
    assert.equal(p.type, 'Structure');
    assert.deepEqual(p.type === 'Structure' ? p.value.map((c) => c.tag) : [], [
      Tag.BlockCipherMode,
      Tag.PaddingMethod,
      Tag.CryptographicAlgorithm,
      Tag.RandomIV,
    ]);
  });

  test('arrays repeat a field; TTLV items pass through, retagged', () => {
    const s = toItem(Tag.KeyWrappingSpecification, {
      WrappingMethod: 'Encrypt',
      AttributeName: ['State', 'Name'],
    });
    assert.equal(s.type === 'Structure' ? s.value.filter((c) => c.tag === Tag.AttributeName).length : 0, 2);
    assert.deepEqual(toItem(Tag.Data, { tag: 0x420001, type: 'ByteString', value: Uint8Array.of(1) }), {
      tag: Tag.Data,
      type: 'ByteString',
      value: Uint8Array.of(1),
    });
  });

  test('custom attribute values take the type of the JavaScript value', () => {
    assert.equal(toItem(Tag.AttributeValue, 'text').type, 'TextString');
    assert.equal(toItem(Tag.AttributeValue, 7).type, 'Integer');
    assert.equal(toItem(Tag.AttributeValue, Uint8Array.of(1)).type, 'ByteString');
  });

  test('wrong values are TypeErrors naming the field', () => {
    assert.throws(() => toItem(Tag.CryptographicLength, true), /CryptographicLength/);
    assert.throws(() => toItem(Tag.CryptographicAlgorithm, 'NOPE'), /NOPE/);
    assert.throws(
      () => toItem(Tag.CryptographicParameters, { NotAField: 1 }),
      /'NotAField' is not a KMIP field name/,
    );
  });
});

describe('TTLV to plain values', () => {
  test('enumerations by name, structures as objects, repeated fields as arrays, dates as Dates', () => {
    assert.equal(plainOf({ tag: Tag.ObjectType, type: 'Enumeration', value: 2 }), 'SymmetricKey');
    assert.equal(plainOf({ tag: Tag.ObjectType, type: 'Enumeration', value: 0x8000_0001 }), 0x8000_0001);
    assert.deepEqual(plainOf(toItem(Tag.Name, 'k')), { NameValue: 'k', NameType: 'UninterpretedTextString' });
    const two = plainOf({
      tag: Tag.ResponsePayload,
      type: 'Structure',
      value: [
        { tag: Tag.UniqueIdentifier, type: 'TextString', value: 'a' },
        { tag: Tag.UniqueIdentifier, type: 'TextString', value: 'b' },
      ],
    });
    assert.deepEqual(two, { UniqueIdentifier: ['a', 'b'] });
    assert.deepEqual(plainOf({ tag: Tag.InitialDate, type: 'DateTime', value: 1n }), new Date(1000));
  });

  test('enumeration helpers', () => {
    assert.equal(enumText('ObjectType', 7), 'SecretData');
    assert.equal(enumText('ObjectType', 0x80000000), '0x80000000');
    assert.equal(enumValue('ObjectType', 'Symmetric Key'), 2);
    assert.equal(enumValue('ObjectType', 4), 4);
  });
});

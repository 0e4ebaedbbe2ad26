import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Tag } from '../spec/generated/tags.js';
import {
  enumerationDisplayName,
  enumerationName,
  enumerationValue,
  hex32,
  maskNames,
  maskValue,
  tagDisplayName,
  tagFromText,
  tagHex,
  valueDomain,
} from './names.js';

describe('tag names', () => {
  it('finds tags by XML name, spec name or 6-digit hex', () => {
    assert.equal(tagFromText('UniqueIdentifier'), Tag.UniqueIdentifier);
    assert.equal(tagFromText('Unique Identifier'), Tag.UniqueIdentifier);
    assert.equal(tagFromText('0x420094'), Tag.UniqueIdentifier);
    assert.equal(tagFromText('0x54ABCD'), 0x54abcd);
    assert.equal(tagFromText('0x4200'), undefined);
    assert.equal(tagFromText('NoSuchTag'), undefined);
  });
  it('spells unknown tags in hex', () => {
    assert.equal(tagHex(0x540001), '0x540001');
    assert.equal(tagDisplayName(0x540001), '0x540001');
    assert.equal(tagDisplayName(Tag.UniqueIdentifier), 'Unique Identifier');
  });
});

describe('valueDomain', () => {
  it('takes the enumeration or mask from the tag', () => {
    assert.deepEqual(valueDomain(Tag.ObjectType), { kind: 'enum', name: 'ObjectType' });
    assert.deepEqual(valueDomain(Tag.CryptographicUsageMask), {
      kind: 'mask',
      name: 'CryptographicUsageMask',
    });
    assert.equal(valueDomain(Tag.BatchCount), undefined);
    assert.equal(valueDomain(0x540001), undefined);
  });
  it('takes Attribute Value names from the attribute named beside it', () => {
    assert.deepEqual(valueDomain(Tag.AttributeValue, 'Cryptographic Algorithm'), {
      kind: 'enum',
      name: 'CryptographicAlgorithm',
    });
    assert.deepEqual(valueDomain(Tag.AttributeValue, 'CryptographicUsageMask'), {
      kind: 'mask',
      name: 'CryptographicUsageMask',
    });
    assert.equal(valueDomain(Tag.AttributeValue, 'x-custom'), undefined);
    assert.equal(valueDomain(Tag.AttributeValue), undefined);
  });
  it('names Attribute Reference values by tag (the Tag enumeration)', () => {
    const domain = valueDomain(Tag.AttributeReference);
    assert.deepEqual(domain, { kind: 'tag' });
    assert.equal(enumerationName(domain, Tag.State), 'State');
    assert.equal(enumerationValue(domain, 'Cryptographic Usage Mask'), Tag.CryptographicUsageMask);
    assert.equal(enumerationDisplayName(domain, Tag.State), 'State');
  });
});

describe('enumeration values', () => {
  const objectType = valueDomain(Tag.ObjectType);
  it('maps values to XML names and back, accepting spec names', () => {
    assert.equal(enumerationName(objectType, 2), 'SymmetricKey');
    assert.equal(enumerationDisplayName(objectType, 2), 'Symmetric Key');
    assert.equal(enumerationValue(objectType, 'SymmetricKey'), 2);
    assert.equal(enumerationValue(objectType, 'Symmetric Key'), 2);
  });
  it('has no name for extensions or without a domain', () => {
    assert.equal(enumerationName(objectType, 0x80000001), undefined);
    assert.equal(enumerationName(undefined, 1), undefined);
    assert.equal(enumerationValue(undefined, 'SymmetricKey'), undefined);
  });
});

describe('masks', () => {
  it('lists set bits lowest first, unnamed bits as one hex entry', () => {
    assert.deepEqual(maskNames('CryptographicUsageMask', 12), ['Encrypt', 'Decrypt']);
    assert.deepEqual(maskNames('CryptographicUsageMask', 0x80000001 | 0), ['Sign', '0x80000000']);
    assert.deepEqual(maskNames('CryptographicUsageMask', 0), []);
    assert.deepEqual(maskNames('CryptographicUsageMask', 0x80, true), ['MAC Generate']);
  });
  it('reads names, spec names, hex and decimal separated by spaces or |', () => {
    assert.deepEqual(maskValue('CryptographicUsageMask', 'Decrypt Encrypt'), { value: 12 });
    assert.deepEqual(maskValue('CryptographicUsageMask', 'Encrypt | Decrypt'), { value: 12 });
    assert.deepEqual(maskValue('CryptographicUsageMask', 'MAC Generate'), { unknown: 'MAC' });
    assert.deepEqual(maskValue('CryptographicUsageMask', 'MACGenerate 0x80000000'), {
      value: 0x80000080 | 0,
    });
    assert.deepEqual(maskValue('CryptographicUsageMask', '1 2'), { value: 3 });
    assert.deepEqual(maskValue('CryptographicUsageMask', 'Juggle'), { unknown: 'Juggle' });
    assert.deepEqual(maskValue('CryptographicUsageMask', '  '), { unknown: '  ' });
  });
  it('writes 32-bit hex with 8 digits', () => {
    assert.equal(hex32(12), '0x0000000c');
    assert.equal(hex32(-1), '0xffffffff');
  });
});

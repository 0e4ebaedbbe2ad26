import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Tag } from '../spec/generated/tags.js';
import type { TtlvItem } from '../ttlv/item.js';
import { makePlaceholderItem } from '../ttlv/placeholders.js';
import { prettyPrint } from './pretty.js';

describe('prettyPrint', () => {
  it('prints one indented line per item with spec names, types and readable values', () => {
    const item: TtlvItem = {
      tag: Tag.RequestPayload,
      type: 'Structure',
      value: [
        { tag: Tag.ObjectType, type: 'Enumeration', value: 2 },
        { tag: Tag.CryptographicUsageMask, type: 'Integer', value: 12 },
        { tag: Tag.BatchCount, type: 'Integer', value: 3 },
        { tag: Tag.UniqueIdentifier, type: 'TextString', value: 'id "1"' },
        { tag: Tag.KeyMaterial, type: 'ByteString', value: new Uint8Array([1, 0xab]) },
        { tag: Tag.ActivationDate, type: 'DateTime', value: 978343200n },
        { tag: Tag.BatchOrderOption, type: 'Boolean', value: true },
        { tag: Tag.Modulus, type: 'BigInteger', value: 255n },
        { tag: 0x540001, type: 'Enumeration', value: 0x80000001 },
        {
          tag: Tag.Attribute,
          type: 'Structure',
          value: [
            { tag: Tag.AttributeName, type: 'TextString', value: 'Cryptographic Algorithm' },
            { tag: Tag.AttributeValue, type: 'Enumeration', value: 3 },
          ],
        },
        { tag: Tag.Attributes, type: 'Structure', value: [] },
        makePlaceholderItem(Tag.TimeStamp, 'DateTime', '$NOW'),
      ],
    };
    assert.equal(
      prettyPrint(item),
      [
        'Request Payload (Structure)',
        '  Object Type (Enumeration): Symmetric Key (0x00000002)',
        '  Cryptographic Usage Mask (Integer): Encrypt | Decrypt (0x0000000c)',
        '  Batch Count (Integer): 3',
        '  Unique Identifier (TextString): "id \\"1\\""',
        '  Key Material (ByteString, 2 bytes): 01ab',
        '  Activation Date (DateTime): 2001-01-01T10:00:00+00:00',
        '  Batch Order Option (Boolean): true',
        '  Modulus (BigInteger): 0x00000000000000ff (255)',
        '  0x540001 (Enumeration): 0x80000001',
        '  Attribute (Structure)',
        '    Attribute Name (TextString): "Cryptographic Algorithm"',
        '    Attribute Value (Enumeration): AES (0x00000003)',
        '  Attributes (Structure, empty)',
        '  Time Stamp (DateTime): $NOW',
      ].join('\n'),
    );
  });

  it('honours a custom indent', () => {
    const item: TtlvItem = {
      tag: Tag.Attribute,
      type: 'Structure',
      value: [{ tag: Tag.BatchCount, type: 'Integer', value: 1 }],
    };
    assert.equal(prettyPrint(item, { indent: '\t' }), 'Attribute (Structure)\n\tBatch Count (Integer): 1');
  });
});

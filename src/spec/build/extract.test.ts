import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractSpec, parseTypes } from './extract.js';
import type { SpecLayout } from './extract.js';

const layout: SpecLayout = {
  version: '1.4',
  source: 'mini.txt',
  tagSection: '9.1.3.1',
  enumStart: '9.1.3.2 Enumerations',
  enumEnd: '10 Transport',
  maskPrefix: '9.1.3.3.',
  operationsSection: '4',
  attributesChapter: '3',
};

// The shape of the converted spec text: a table of contents, then sections with '|' tables and
// 'Table N: title' captions after them.
const MINI = `1 Introduction. 5
9.1.3.1 Tags. 154
1 Introduction
Some text.
2.1.3 Key Block
| Object | Encoding | REQUIRED |
| Key Block | Structure | |
| Key Format Type | Enumeration, see 9.1.3.2.1 | Yes |
Table 5: Key Block Object Structure
9.1.3.1 Tags
| Tag |
| Object | Tag Value |
| (Unused) | 000000 - 420000 |
| Key Block | 420040 |
| Key Format Type | 420042 |
| Compromise\uFFFD Date | 420020 |
| Issuer | 42003B (deprecated as of version 1.1) |
| (Reserved) | 420125 \uFFFD 42FFFF |
Table 288: Tag Values
9.1.3.2 Enumerations
9.1.3.2.1 Key Format Type Enumeration

| Key Format Type |
| Name | Value |
| Raw | 00000001 |
| Transparent ECDSA Private Key | 0000000E (deprecated) |
| Extensions | 8XXXXXXX |

\uFFFD\uFFFD Table 291: Key Format Type Enumeration
9.1.3.2.2 Opaque Data Type Enumeration
| Opaque Data Type |
| Name | Value |
| Extensions | 8XXXXXXX |
9.1.3.3 Bit Masks
9.1.3.3.1 Storage Status Mask
| Storage Status Mask |
| Name | Value |
| On-line storage | 00000001 |
| (Reserved) | 00000004 |
Table 326: Storage Status Mask
10 Transport
| Key Block | Byte String | |
`;

test('extractSpec reads the tag table with its section and table, skipping ranges and reserved rows', () => {
  const spec = extractSpec(MINI, layout);
  assert.deepEqual(spec.tags, [
    { tag: '0x420040', name: 'Key Block', section: '9.1.3.1', table: 288 },
    { tag: '0x420042', name: 'Key Format Type', section: '9.1.3.1', table: 288 },
    { tag: '0x420020', name: 'Compromise Date', section: '9.1.3.1', table: 288 },
    { tag: '0x42003B', name: 'Issuer', section: '9.1.3.1', table: 288, deprecated: true },
  ]);
});

test('extractSpec reads enumerations and masks, including empty ones, marking deprecated values', () => {
  const spec = extractSpec(MINI, layout);
  assert.deepEqual(spec.enumerations, [
    {
      name: 'Key Format Type',
      isMask: false,
      section: '9.1.3.2.1',
      table: 291,
      values: [
        { name: 'Raw', value: '0x00000001' },
        { name: 'Transparent ECDSA Private Key', value: '0x0000000E', deprecated: true },
      ],
    },
    { name: 'Opaque Data Type', isMask: false, section: '9.1.3.2.2', values: [] },
    {
      name: 'Storage Status Mask',
      isMask: true,
      section: '9.1.3.3.1',
      table: 326,
      values: [{ name: 'On-line storage', value: '0x00000001' }],
    },
  ]);
});

test('extractSpec records the encoding rows of tags, with the enumeration they cite', () => {
  const spec = extractSpec(MINI, layout);
  assert.deepEqual(spec.fieldTypes, [
    { field: 'Key Block', types: ['Structure'], section: '2.1.3', table: 5 },
    { field: 'Key Format Type', types: ['Enumeration'], enumRef: '9.1.3.2.1', section: '2.1.3', table: 5 },
    { field: 'Key Block', types: ['ByteString'], section: '10' },
  ]);
});

test('extractSpec fails loudly when the expected headings are missing', () => {
  assert.throws(
    () => extractSpec(MINI.replace('10 Transport', '10 Other'), layout),
    /heading '10 Transport'/,
  );
});

test('parseTypes lists every item type a cell names, longest names first', () => {
  assert.deepEqual(parseTypes('Text String, Enumeration or Integer'), {
    types: ['TextString', 'Enumeration', 'Integer'],
  });
  assert.deepEqual(parseTypes('Big Integer'), { types: ['BigInteger'] });
  assert.deepEqual(parseTypes('Date-Time'), { types: ['DateTime'] });
  assert.deepEqual(parseTypes('Date Time Extended'), { types: ['DateTimeExtended'] });
  assert.deepEqual(parseTypes('Byte String: for wrapped Key Value; Structure: for plaintext Key Value'), {
    types: ['ByteString', 'Structure'],
  });
  assert.deepEqual(parseTypes('Enumeration (Tag)'), { types: ['Enumeration'], enumRef: 'Tag' });
  assert.deepEqual(parseTypes('Enumeration, see 9.1.3.2.16'), {
    types: ['Enumeration'],
    enumRef: '9.1.3.2.16',
  });
});

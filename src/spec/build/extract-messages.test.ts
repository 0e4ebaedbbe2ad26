import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SpecLayout } from './extract.js';
import { extractMessages } from './extract-messages.js';
import { camel, cleanName, isRepeated, isRequired } from './merge-messages.js';

const layout: SpecLayout = {
  version: '2.1',
  source: 'mini.txt',
  tagSection: '11.56',
  enumStart: '11 Enumerations',
  enumEnd: '13 Algorithm Implementation',
  maskPrefix: '12.',
  operationsSection: '6.1',
  attributesChapter: '4',
};

// The shape of the converted spec text: payload tables open with a one-cell row naming the
// payload, structure tables with the structure's own row; captions follow the rows.
const MINI = `1 Introduction. 5
1 Introduction
4 Object Attributes
4.1 Activation Date
| Item | Encoding |
| Activation Date | Date-Time |
Table 29: Activation Date Attribute
4.32 Name
| Item | Encoding | REQUIRED |
| Name | Structure | |
| Name Value | Text String | Yes |
| Name Type | Enumeration | Yes |

Table 93: Name Attribute Structure
6.1.17 Encrypt
| Request Payload |
| Item | REQUIRED | Description |
| Unique Identifier | No | The key. |
| Data | Yes for single-part. No for multi-part. | The data. |

Table 214: Encrypt Request Payload

| Response Payload |
| Item | REQUIRED | Description |
| Unique Identifier | Yes | The key. |

\uFFFDTable 215: Encrypt Response Payload
6.1.17.1 Error Handling - Encrypt
| Result Status | Result Reason |
| Operation Failed | Invalid Field |
Table 216: Encrypt Errors
7.12 Derivation Parameters
| Object | Encoding | REQUIRED |
| Derivation Parameters | Structure | Yes. |
| Derivation Data | Byte String | Yes, unless a Secret Data is given. May be repeated. |
Table 364: Derivation Parameters Structure
`;

test('extractMessages reads each payload table under its operation section, with the cells as written', () => {
  const m = extractMessages(MINI, layout);
  assert.deepEqual(m.payloads, [
    {
      operation: 'Encrypt',
      direction: 'request',
      section: '6.1.17',
      table: 214,
      fields: [
        { name: 'Unique Identifier', required: 'No' },
        { name: 'Data', required: 'Yes for single-part. No for multi-part.' },
      ],
    },
    {
      operation: 'Encrypt',
      direction: 'response',
      section: '6.1.17',
      table: 215,
      fields: [{ name: 'Unique Identifier', required: 'Yes' }],
    },
  ]);
});

test('extractMessages reads structure tables (objects, attribute structures) with their caption', () => {
  const m = extractMessages(MINI, layout);
  assert.deepEqual(
    m.structures.map((s) => [s.name, s.table, s.caption, s.fields.map((f) => f.name)]),
    [
      ['Name', 93, 'Name Attribute Structure', ['Name Value', 'Name Type']],
      ['Derivation Parameters', 364, 'Derivation Parameters Structure', ['Derivation Data']],
    ],
  );
  assert.deepEqual(m.attributes, [
    { name: 'Activation Date', section: '4.1' },
    { name: 'Name', section: '4.32' },
  ]);
});

test('extractMessages fails loudly on a text without the tables', () => {
  assert.throws(() => extractMessages('1 Introduction\n1 Introduction\n', layout), /no payload/);
});

test('cells are read as the spec means them: names, REQUIRED, repetition, property names', () => {
  assert.equal(cleanName('Unique Identifier, see 3.1'), 'Unique Identifier');
  assert.equal(cleanName('Credential, MAY be repeated'), 'Credential');
  assert.equal(cleanName('Cryptographic Parameters,'), 'Cryptographic Parameters');
  assert.equal(isRequired('Yes'), true);
  assert.equal(isRequired('Yes. MAY be repeated'), true);
  assert.equal(isRequired('Yes for single-part. No for multi-part.'), false);
  assert.equal(isRequired('Yes, unless a failure,'), false);
  assert.equal(isRequired('No'), false);
  assert.equal(isRepeated({ name: 'Attribute', required: 'No, MAY be repeated' }), true);
  assert.equal(
    isRepeated({ name: 'Object Defaults', required: 'No', encoding: 'Structure, may be repeated' }),
    true,
  );
  // 1.4 Tables 252/253 (Export, Import) write "Yes, is repeated".
  assert.equal(isRepeated({ name: 'Attribute, see 2.1.1', required: 'Yes, is repeated' }), true);
  assert.equal(isRepeated({ name: 'Data', required: 'Yes' }), false);
  assert.equal(camel('UniqueIdentifier'), 'uniqueIdentifier');
  assert.equal(camel('IVCounterNonce'), 'ivCounterNonce');
  assert.equal(camel('MACData'), 'macData');
  assert.equal(camel('PKCS_11Function'), 'pkcs_11Function');
});

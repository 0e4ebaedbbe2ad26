// The payload model built from the committed transcriptions: the 1.x/2.x field pairs share one
// property, the kinds say how attributes travel, and the tables' gaps are filled by the rules.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { mergeRegistry } from './merge.js';
import { mergeMessages, type MessageRules, type PayloadModel } from './merge-messages.js';
import type { MessagesTranscription } from './messages-model.js';
import type { Overrides, SpecTranscription, VersionsFile } from './model.js';

const data = (name: string): unknown =>
  JSON.parse(readFileSync(fileURLToPath(new URL(`../data/${name}`, import.meta.url)), 'utf8'));

const v14 = data('spec-1.4.json') as SpecTranscription;
const registry = mergeRegistry({
  v14,
  v21: data('spec-2.1.json') as SpecTranscription,
  versions: data('versions.json') as VersionsFile,
  overrides: data('overrides.json') as Overrides,
});
const model = mergeMessages({
  v14: data('messages-1.4.json') as MessagesTranscription,
  v21: data('messages-2.1.json') as MessagesTranscription,
  v14FieldTypes: v14.fieldTypes,
  registry,
  rules: data('message-rules.json') as MessageRules,
});

function payload(op: string, direction: 'request' | 'response', family: 1 | 2): PayloadModel {
  const p = model.payloads.find(
    (x) => x.operationXml === op && x.direction === direction && x.family === family,
  );
  assert.ok(p, `${op} ${direction} ${family}.x`);
  return p;
}

const shape = (p: PayloadModel): string[] =>
  p.fields.map((f) => `${f.key}:${f.kind}${f.repeated ? '[]' : ''}${f.required ? '!' : ''}`);

test('Template-Attribute (1.x) and Attributes (2.x) are one property, carried differently', () => {
  assert.deepEqual(shape(payload('Create', 'request', 1)), [
    'objectType:Enumeration!',
    'attributes:template-attribute!',
  ]);
  assert.deepEqual(shape(payload('Create', 'request', 2)), [
    'objectType:Enumeration!',
    'attributes:attributes!',
    'protectionStorageMasks:Structure',
  ]);
});

test('attribute names, references and single attributes pair up across the versions', () => {
  assert.deepEqual(shape(payload('GetAttributes', 'request', 1)), [
    'uniqueIdentifier:TextString',
    'attributeReference:attribute-name[]',
  ]);
  assert.deepEqual(shape(payload('GetAttributes', 'request', 2)), [
    'uniqueIdentifier:TextString',
    'attributeReference:attribute-reference[]',
  ]);
  assert.deepEqual(shape(payload('GetAttributes', 'response', 1))[1], 'attributes:attribute-list');
  assert.deepEqual(shape(payload('ModifyAttribute', 'request', 1))[1], 'newAttribute:attribute!');
  assert.deepEqual(shape(payload('ModifyAttribute', 'request', 2)).slice(1), [
    'currentAttribute:attribute-container',
    'newAttribute:attribute-container!',
  ]);
});

test('a field typed differently by 1.4 keeps its 1.4 type in the 1.x table (Certificate Request)', () => {
  const v1 = payload('Certify', 'request', 1).fields.find((f) => f.key === 'certificateRequestValue');
  assert.equal(v1?.kind, 'ByteString');
  assert.equal(v1?.name, 'Certificate Request');
});

test('the managed object is one field whatever object the table lists; Poll has no response table', () => {
  assert.ok(payload('Register', 'request', 1).fields.some((f) => f.kind === 'object' && f.required));
  assert.ok(payload('Get', 'response', 2).fields.some((f) => f.kind === 'object'));
  assert.equal(
    model.payloads.some((p) => p.operationXml === 'Poll' && p.direction === 'response'),
    false,
  );
});

test('structures: one shape per name, variants left untyped, lost rows and aliases from the rules', () => {
  const names = new Set(model.structs.map((s) => s.xmlName));
  for (const n of [
    'Name',
    'Link',
    'CryptographicParameters',
    'KeyWrappingSpecification',
    'DerivationParameters',
  ])
    assert.ok(names.has(n), n);
  assert.equal(names.has('KeyMaterial'), false, 'one Key Material structure per key format');
  const masks = model.structs.find((s) => s.xmlName === 'ProtectionStorageMasks');
  assert.deepEqual(
    masks?.fields.map((f) => f.key),
    ['protectionStorageMask'],
  );
  const common = payload('CreateKeyPair', 'request', 2).fields.find(
    (f) => f.key === 'commonProtectionStorageMasks',
  );
  assert.equal(common?.struct, 'ProtectionStorageMasks');
  // 1.4 defines Derivation Parameters twice (PBKDF2 apart); its fields join the one 2.1 table.
  const derivation = model.structs.find((s) => s.xmlName === 'DerivationParameters');
  assert.ok(derivation?.fields.some((f) => f.key === 'iterationCount' && !f.required));
});

test('attributes: every section that names a tag, with the type of its value', () => {
  const byName = new Map(model.attributes.map((a) => [a.name, a]));
  assert.equal(byName.get('Activation Date')?.type, 'DateTime');
  assert.equal(byName.get('Name')?.struct, 'Name');
  assert.equal(byName.get('Operation Policy Name')?.type, 'TextString', 'a 1.x attribute');
  assert.equal(byName.get('Quantum Safe')?.type, 'Boolean', 'a 2.1 attribute');
  assert.equal(byName.has('Custom Attribute'), false);
});

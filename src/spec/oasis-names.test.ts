// Every tag and value name of the OASIS XML test cases must resolve in the registry. The names are
// kept in fixtures/oasis-testcase-names.json so this runs on a plain clone; when ../shared is there
// the test cases themselves are read too.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { enumForTag, enumValueByName, tagByName } from './registry.js';
import { testcaseNames } from './testcase-names.js';
import type { TestcaseNames } from './testcase-names.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const fixture = JSON.parse(
  readFileSync(join(here, 'fixtures/oasis-testcase-names.json'), 'utf8'),
) as TestcaseNames;
const testcaseDir = resolve(here, '../../../shared/kmip-testcases');

/** The names that do not resolve, as readable strings (empty when all do). */
function unresolved(names: TestcaseNames): string[] {
  const missing: string[] = [];
  for (const tag of new Set(names.tags)) {
    if (tag !== 'KMIP' && tagByName(tag) === undefined) missing.push(`tag ${tag}`);
  }
  for (const name of new Set(names.attributeNames)) {
    if (tagByName(name) === undefined) missing.push(`attribute ${name}`);
  }
  for (const [owner, value] of names.values) {
    const info = tagByName(owner);
    const enumeration = info === undefined ? undefined : enumForTag(info.tag);
    if (enumeration === undefined) missing.push(`no enumeration for ${owner}`);
    else if (enumValueByName(enumeration.xmlName, value) === undefined)
      missing.push(`${enumeration.xmlName} ${value}`);
  }
  return missing;
}

test('testcaseNames reads element names, attribute names and enumeration and mask values', () => {
  const names = testcaseNames(`<KMIP><!-- <Ignored/> -->
    <Attribute><AttributeName type="TextString" value="Cryptographic Usage Mask"/>
      <AttributeValue type="Integer" value="Encrypt Decrypt"/></Attribute>
    <ObjectType type="Enumeration" value="SymmetricKey"/>
    <Attribute><VendorIdentification type="TextString" value="x"/>
      <AttributeName type="TextString" value="ID"/><AttributeValue type="TextString" value="1"/></Attribute>
    <State type="Enumeration" value="0x80000001"/></KMIP>`);
  assert.deepEqual(names.attributeNames, ['Cryptographic Usage Mask']);
  assert.deepEqual(names.values, [
    ['Cryptographic Usage Mask', 'Encrypt'],
    ['Cryptographic Usage Mask', 'Decrypt'],
    ['ObjectType', 'SymmetricKey'],
  ]);
  assert.ok(names.tags.includes('VendorIdentification'));
  assert.ok(!names.tags.includes('Ignored'));
});

test('unresolved reports names the registry does not know', () => {
  assert.deepEqual(
    unresolved({ tags: ['NoSuchTag'], attributeNames: [], values: [['ObjectType', 'NoSuchValue']] }),
    ['tag NoSuchTag', 'ObjectType NoSuchValue'],
  );
});

test('every name in the OASIS test case fixture resolves', () => {
  assert.ok(fixture.tags.length > 100 && fixture.values.length > 100);
  assert.deepEqual(unresolved(fixture), []);
});

test(
  'every name in the OASIS test cases under ../shared resolves',
  { skip: !existsSync(testcaseDir) },
  () => {
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith('.xml')) files.push(path);
      }
    };
    walk(testcaseDir);
    assert.ok(files.length > 0);
    for (const file of files) {
      assert.deepEqual(unresolved(testcaseNames(readFileSync(file, 'utf8'))), [], file);
    }
  },
);

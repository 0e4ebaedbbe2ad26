// Protocol versions of tags and values: data/versions.json (1.0-1.3, from PyKMIP and libkmip
// version comments) and the 1.4 / 2.1 tables (until '1.4' when 2.1 dropped it).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { enumValueExistsIn, tagByName, tagExistsIn, versionAtLeast } from './registry.js';
import type { KmipVersion } from './registry.js';

function since(xmlName: string): KmipVersion | undefined {
  return tagByName(xmlName)?.since;
}

test('versionAtLeast orders 1.0 < 1.1 < ... < 1.4 < 2.0 < 2.1', () => {
  assert.equal(versionAtLeast('1.2', '1.0'), true);
  assert.equal(versionAtLeast('1.2', '1.2'), true);
  assert.equal(versionAtLeast('1.2', '1.3'), false);
  assert.equal(versionAtLeast('2.0', '1.4'), true);
  assert.equal(versionAtLeast('1.4', '2.0'), false);
});

test('Located Items and Offset Items are KMIP 1.3 fields (not in 1.0-1.2 Locate)', () => {
  const located = tagByName('LocatedItems')!.tag;
  assert.equal(tagExistsIn(located, '1.0'), false);
  assert.equal(tagExistsIn(located, '1.2'), false);
  assert.equal(tagExistsIn(located, '1.3'), true);
  assert.equal(tagExistsIn(located, '2.1'), true);
  assert.equal(since('OffsetItems'), '1.3');
});

test('attributes added after 1.0 are absent from 1.0', () => {
  const added: [string, KmipVersion][] = [
    ['Fresh', '1.1'],
    ['CertificateLength', '1.1'],
    ['DigitalSignatureAlgorithm', '1.1'],
    ['X_509CertificateIdentifier', '1.1'],
    ['AlternativeName', '1.2'],
    ['KeyValuePresent', '1.2'],
    ['KeyValueLocation', '1.2'],
    ['OriginalCreationDate', '1.2'],
    ['RandomNumberGenerator', '1.3'],
    ['PKCS_12FriendlyName', '1.4'],
    ['Description', '1.4'],
    ['Comment', '1.4'],
    ['Sensitive', '1.4'],
    ['AlwaysSensitive', '1.4'],
    ['Extractable', '1.4'],
    ['NeverExtractable', '1.4'],
  ];
  for (const [name, version] of added) {
    assert.equal(since(name), version, name);
    assert.equal(tagExistsIn(tagByName(name)!.tag, '1.0'), false, name);
  }
  for (const name of [
    'UniqueIdentifier',
    'Name',
    'ObjectType',
    'CryptographicUsageMask',
    'State',
    'Password',
  ]) {
    assert.equal(since(name), '1.0', name);
  }
});

test('1.x-only tags end at 1.4 and 2.x tags start at 2.0 or 2.1', () => {
  const template = tagByName('Template')!.tag;
  assert.equal(tagExistsIn(template, '1.4'), true);
  assert.equal(tagExistsIn(template, '2.0'), false);
  assert.equal(tagByName('TemplateAttribute')?.until, '1.4');
  assert.equal(tagByName('AttributeIndex')?.until, '1.4');
  assert.equal(tagByName('OperationPolicyName')?.until, '1.4');
  assert.equal(since('Attributes'), '2.0');
  assert.equal(tagExistsIn(tagByName('Attributes')!.tag, '1.4'), false);
  assert.equal(since('ProtectionStorageMask'), '2.0');
  assert.equal(since('PublicProtectionStorageMasks'), '2.0');
  assert.equal(since('ObjectGroups'), '2.1');
  assert.equal(since('AsynchronousCorrelationValues'), '2.1');
});

test('enumeration values exist only in their versions', () => {
  assert.equal(enumValueExistsIn('ObjectType', 0x06, '1.4'), true); // Template
  assert.equal(enumValueExistsIn('ObjectType', 0x06, '2.0'), false);
  assert.equal(enumValueExistsIn('ObjectType', 0x09, '1.1'), false); // PGP Key, 1.2
  assert.equal(enumValueExistsIn('ObjectType', 0x09, '1.2'), true);
  assert.equal(enumValueExistsIn('Operation', 0x1e, '1.0'), false); // Discover Versions, 1.1
  assert.equal(enumValueExistsIn('Operation', 0x1e, '1.1'), true);
  assert.equal(enumValueExistsIn('Operation', 0x1f, '1.1'), false); // Encrypt, 1.2
  assert.equal(enumValueExistsIn('Operation', 0x2c, '2.0'), true); // Log
  assert.equal(enumValueExistsIn('Operation', 0x3b, '2.0'), false); // Ping, 2.1
  assert.equal(enumValueExistsIn('ResultReason', 0x12, '1.0'), false); // Encoding Option Error
  assert.equal(enumValueExistsIn('ResultReason', 0x100, '1.0'), true); // General Failure
  assert.equal(enumValueExistsIn('CredentialType', 0x02, '1.0'), false); // Device, 1.1
  assert.equal(enumValueExistsIn('CryptographicAlgorithm', 0x1a, '1.1'), false); // EC, 1.2
  assert.equal(enumValueExistsIn('CryptographicUsageMask', 0x4000, '1.4'), true); // Generate Cryptogram
  assert.equal(enumValueExistsIn('CryptographicUsageMask', 0x4000, '2.0'), false);
  assert.equal(enumValueExistsIn('StorageStatusMask', 0x04, '1.4'), false); // Destroyed storage, 2.0
  assert.equal(enumValueExistsIn('ObjectType', 0x99, '2.1'), false);
});

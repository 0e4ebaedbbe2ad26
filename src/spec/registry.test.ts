// Hand-typed expectations from the spec tables (1.4 §9.1.3 Tables 288-326, 2.1 §11-12 Tables
// 429-498) checked against the generated registry.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CryptographicAlgorithm, ObjectType, Operation, ResultReason } from './generated/enums.js';
import { Tag } from './generated/tags.js';
import { enumForTag, enumInfo, enumValueByName, enumValueName, tagByName, tagInfo } from './registry.js';

const tags: [number, string, string, string?][] = [
  // [tag, spec name, xml name, type]
  [0x420001, 'Activation Date', 'ActivationDate', 'DateTime'],
  [0x42000f, 'Batch Item', 'BatchItem', 'Structure'],
  [0x420028, 'Cryptographic Algorithm', 'CryptographicAlgorithm', 'Enumeration'],
  [0x42002a, 'Cryptographic Length', 'CryptographicLength', 'Integer'],
  [0x42002c, 'Cryptographic Usage Mask', 'CryptographicUsageMask', 'Integer'],
  [0x420042, 'Key Format Type', 'KeyFormatType', 'Enumeration'],
  [0x420053, 'Name', 'Name', 'Structure'],
  [0x420057, 'Object Type', 'ObjectType', 'Enumeration'],
  [0x42005c, 'Operation', 'Operation', 'Enumeration'],
  [0x420069, 'Protocol Version', 'ProtocolVersion', 'Structure'],
  [0x42006a, 'Protocol Version Major', 'ProtocolVersionMajor', 'Integer'],
  [0x420091, 'Template-Attribute', 'TemplateAttribute', 'Structure'],
  [0x420092, 'Time Stamp', 'TimeStamp', 'DateTime'],
  [0x420094, 'Unique Identifier', 'UniqueIdentifier', 'TextString'],
  [0x4200a8, 'Fresh', 'Fresh', 'Boolean'],
  [0x4200b5, 'X.509 Certificate Identifier', 'X_509CertificateIdentifier', 'Structure'],
  [0x4200d5, 'Located Items', 'LocatedItems', 'Integer'],
  [0x4200fb, 'PKCS#12 Friendly Name', 'PKCS_12FriendlyName', 'TextString'],
  [0x420125, 'Attributes', 'Attributes', 'Structure'],
  [0x42015a, 'PKCS#11 Function', 'PKCS_11Function', 'Enumeration'],
  [0x420171, 'Rotate Name Type', 'RotateNameType', 'Enumeration'],
];

test('tags carry the number, spec name, XML name and type of the tag table', () => {
  for (const [tag, name, xml, type] of tags) {
    const info = tagInfo(tag);
    assert.ok(info, `tag ${tag.toString(16)}`);
    assert.equal(info.name, name);
    assert.equal(info.xmlName, xml);
    assert.equal(info.type, type, name);
    assert.equal(tagByName(name), info);
    assert.equal(tagByName(xml), info);
  }
  assert.equal(Tag.UniqueIdentifier, 0x420094);
  assert.equal(Tag.LocatedItems, 0x4200d5);
});

const values: [string, string, string, number][] = [
  // [enumeration, spec name, xml name, value]
  ['ObjectType', 'Symmetric Key', 'SymmetricKey', 0x02],
  ['ObjectType', 'PGP Key', 'PGPKey', 0x09],
  ['Operation', 'Locate', 'Locate', 0x08],
  ['Operation', 'Discover Versions', 'DiscoverVersions', 0x1e],
  ['Operation', 'Re-key Key Pair', 'ReKeyKeyPair', 0x1d],
  ['Operation', 'Ping', 'Ping', 0x3b],
  ['ResultStatus', 'Success', 'Success', 0x00],
  ['ResultReason', 'Item Not Found', 'ItemNotFound', 0x01],
  ['ResultReason', 'Encoding Option Error', 'EncodingOptionError', 0x12],
  ['ResultReason', 'General Failure', 'GeneralFailure', 0x100],
  ['CryptographicAlgorithm', '3DES', 'DES3', 0x02],
  ['CryptographicAlgorithm', 'AES', 'AES', 0x03],
  ['CryptographicAlgorithm', 'HMAC-SHA256', 'HMAC_SHA256', 0x09],
  ['HashingAlgorithm', 'SHA-256', 'SHA_256', 0x06],
  ['KeyFormatType', 'PKCS#1', 'PKCS_1', 0x03],
  ['KeyFormatType', 'X.509', 'X_509', 0x05],
  ['BlockCipherMode', 'GCM', 'GCM', 0x09],
  ['PaddingMethod', 'PKCS5', 'PKCS5', 0x03],
  ['State', 'Pre-Active', 'PreActive', 0x01],
  ['LinkType', 'Public Key Link', 'PublicKeyLink', 0x102],
  ['RevocationReasonCode', 'Key Compromise', 'KeyCompromise', 0x02],
  ['NameType', 'Uninterpreted Text String', 'UninterpretedTextString', 0x01],
  ['CryptographicUsageMask', 'MAC Generate', 'MACGenerate', 0x80],
  ['CryptographicUsageMask', 'Decrypt', 'Decrypt', 0x08],
  ['StorageStatusMask', 'On-line storage', 'OnLineStorage', 0x01],
  ['ProtectionStorageMask', 'Software', 'Software', 0x01],
  ['MaskGenerator', 'MGF1', 'MGF1', 0x01],
];

test('enumeration values carry the spec name, XML name and number of their table', () => {
  for (const [enumeration, name, xml, value] of values) {
    assert.equal(enumValueName(enumeration, value), xml, `${enumeration} ${value}`);
    assert.equal(enumValueByName(enumeration, name), value, `${enumeration} '${name}'`);
    assert.equal(enumValueByName(enumeration, xml), value, `${enumeration} ${xml}`);
    const info = enumInfo(enumeration)?.values.find((v) => v.value === value);
    assert.equal(info?.name, name);
  }
  assert.equal(ObjectType.SymmetricKey, 2);
  assert.equal(Operation.Create, 1);
  assert.equal(ResultReason.ItemNotFound, 1);
  assert.equal(CryptographicAlgorithm.DES3, 2);
});

test('an unknown tag, enumeration or value is undefined, not an error', () => {
  assert.equal(tagInfo(0x540001), undefined);
  assert.equal(tagByName('No Such Tag'), undefined);
  assert.equal(enumInfo('NoSuchEnumeration'), undefined);
  assert.equal(enumValueName('ObjectType', 0x80000001), undefined);
  assert.equal(enumValueByName('ObjectType', 'NoSuchValue'), undefined);
});

test('tags map to the enumeration or mask their values come from', () => {
  const cases: [string, string | undefined, string | undefined][] = [
    ['ObjectType', 'ObjectType', undefined],
    ['MaskGeneratorHashingAlgorithm', 'HashingAlgorithm', undefined],
    ['RevocationReasonCode', 'RevocationReasonCode', undefined],
    ['KeyRoleType', 'KeyRoleType', undefined],
    ['LinkType', 'LinkType', undefined],
    ['AttestationType', 'AttestationType', undefined],
    ['ExtensionType', 'ItemType', undefined],
    ['AttributeReference', 'Tag', undefined],
    ['UniqueIdentifier', 'UniqueIdentifier', undefined],
    ['CryptographicUsageMask', undefined, 'CryptographicUsageMask'],
    ['StorageStatusMask', undefined, 'StorageStatusMask'],
    ['ProtectionStorageMask', undefined, 'ProtectionStorageMask'],
    ['Data', 'Data', undefined],
    ['CryptographicLength', undefined, undefined],
  ];
  for (const [tag, enumeration, mask] of cases) {
    const info = tagByName(tag);
    assert.equal(info?.enumeration, enumeration, tag);
    assert.equal(info?.mask, mask, tag);
    assert.equal(enumForTag(info!.tag)?.xmlName, enumeration ?? mask, tag);
  }
  assert.equal(enumInfo('CryptographicUsageMask')?.isMask, true);
  assert.equal(enumInfo('ObjectType')?.isMask, false);
});

test('the Tag enumeration (Attribute Reference values) holds every tag', () => {
  assert.equal(enumValueByName('Tag', 'CryptographicAlgorithm'), 0x420028);
  assert.equal(enumValueName('Tag', 0x420094), 'UniqueIdentifier');
});

test('older spec names still resolve to the renamed value', () => {
  // 1.4 §9.1.3.2.16 'SHA-3-256', 2.1 §11.21 'SHA3-256'; 2.1 §11.30 misspells MGF1 as 'MFG1'.
  assert.equal(enumValueByName('HashingAlgorithm', 'SHA-3-256'), 0x0f);
  assert.equal(enumValueName('HashingAlgorithm', 0x0f), 'SHA3_256');
  assert.equal(enumValueByName('MaskGenerator', 'MFG1'), 0x01);
});

test('the registry data cannot be edited by callers', () => {
  const info = tagInfo(0x420094)!;
  assert.throws(() => {
    (info as { name: string }).name = 'x';
  }, TypeError);
  assert.throws(() => {
    (Tag as Record<string, number>)['UniqueIdentifier'] = 1;
  }, TypeError);
});

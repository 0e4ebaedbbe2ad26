import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { ttlvToXml, xmlToTtlv } from '../notation/xml.js';
import { filterForVersion } from './version-filter.js';
import type { KmipVersion } from '../spec/registry.js';

/** A response Batch Item for `operation` with the given payload (KMIP XML). */
function item(operation: string, payloadXml: string): TtlvItem {
  return xmlToTtlv(`<BatchItem><Operation type="Enumeration" value="${operation}"/>
    <UniqueBatchItemID type="ByteString" value="0102"/><ResultStatus type="Enumeration" value="Success"/>
    <ResponsePayload>${payloadXml}</ResponsePayload></BatchItem>`);
}

const xml = (i: TtlvItem, v: KmipVersion): string => ttlvToXml(filterForVersion(i, v));

const attr1x = (name: string, valueXml: string): string =>
  `<Attribute><AttributeName type="TextString" value="${name}"/>${valueXml}</Attribute>`;

test('a 1.0–1.2 Locate answer has no Located Items (a 1.3 field); 1.3 keeps it', () => {
  const locate = item(
    'Locate',
    '<LocatedItems type="Integer" value="2"/><UniqueIdentifier type="TextString" value="a"/>',
  );
  for (const v of ['1.0', '1.1', '1.2'] as const) assert.doesNotMatch(xml(locate, v), /LocatedItems/, v);
  assert.match(xml(locate, '1.3'), /LocatedItems/);
  assert.match(xml(locate, '1.0'), /UniqueIdentifier type="TextString" value="a"/);
});

test('a 1.x attribute whose name is newer than the version is left out (Description is 1.4)', () => {
  const ga = item(
    'GetAttributes',
    '<UniqueIdentifier type="TextString" value="a"/>' +
      attr1x('Description', '<AttributeValue type="TextString" value="d"/>') +
      attr1x('Fresh', '<AttributeValue type="Boolean" value="true"/>') +
      attr1x('State', '<AttributeValue type="Enumeration" value="Active"/>') +
      attr1x('x-bucket', '<AttributeValue type="TextString" value="b"/>'),
  );
  const at10 = xml(ga, '1.0');
  assert.doesNotMatch(at10, /Description|Fresh/);
  assert.match(at10, /value="State"/);
  assert.match(at10, /value="x-bucket"/, 'custom attributes exist in every version');
  assert.match(xml(ga, '1.1'), /value="Fresh"/);
  assert.match(xml(ga, '1.4'), /value="Description"/);
});

test('a 1.0 Digest has no Key Format Type (KMIP 1.1 added that field); 1.1 keeps it', () => {
  const ga = item(
    'GetAttributes',
    '<UniqueIdentifier type="TextString" value="a"/>' +
      attr1x(
        'Digest',
        '<AttributeValue><HashingAlgorithm type="Enumeration" value="SHA_256"/>' +
          '<DigestValue type="ByteString" value="00ff"/><KeyFormatType type="Enumeration" value="Raw"/></AttributeValue>',
      ),
  );
  const at10 = xml(ga, '1.0');
  assert.doesNotMatch(at10, /KeyFormatType/);
  assert.match(at10, /DigestValue type="ByteString" value="00ff"/);
  assert.match(xml(ga, '1.1'), /KeyFormatType type="Enumeration" value="Raw"/);
});

test('an attribute holding an enumeration value newer than the version is left out, whole', () => {
  const ga = item(
    'GetAttributes',
    '<UniqueIdentifier type="TextString" value="a"/>' +
      attr1x('Cryptographic Algorithm', '<AttributeValue type="Enumeration" value="ChaCha20"/>') +
      attr1x(
        'Link',
        '<AttributeValue><LinkType type="Enumeration" value="ParentLink"/>' +
          '<LinkedObjectIdentifier type="TextString" value="p"/></AttributeValue>',
      ) +
      attr1x(
        'Link',
        '<AttributeValue><LinkType type="Enumeration" value="PublicKeyLink"/>' +
          '<LinkedObjectIdentifier type="TextString" value="q"/></AttributeValue>',
      ) +
      attr1x('Object Type', '<AttributeValue type="Enumeration" value="PGPKey"/>'),
  );
  const at11 = xml(ga, '1.1');
  assert.doesNotMatch(at11, /ChaCha20|ParentLink|PGPKey|value="p"/);
  assert.match(at11, /PublicKeyLink/, 'the other Link instance, defined in 1.1, stays');
  const at12 = xml(ga, '1.2');
  assert.match(at12, /ParentLink/);
  assert.match(at12, /PGPKey/);
  assert.doesNotMatch(at12, /ChaCha20/, 'ChaCha20 is a 1.4 algorithm');
  assert.match(xml(ga, '1.4'), /ChaCha20/);
});

test('a 2.x Attributes item holding an enumeration value newer than the version is left out', () => {
  const ga = item(
    'GetAttributes',
    '<UniqueIdentifier type="TextString" value="a"/><Attributes>' +
      '<CryptographicAlgorithm type="Enumeration" value="Ed25519"/>' +
      '<CryptographicLength type="Integer" value="256"/></Attributes>',
  );
  const at20 = xml(ga, '2.0');
  assert.match(at20, /Ed25519/);
  // Ed25519 is 2.0; a 2.0 value in a 2.0 answer stays. A 2.1 answer keeps it too.
  assert.match(xml(ga, '2.1'), /Ed25519/);
  const set = item(
    'GetAttributes',
    '<UniqueIdentifier type="TextString" value="a"/><Attributes>' +
      '<KeyFormatType type="Enumeration" value="TransparentECDSAPrivateKey"/>' +
      '<CryptographicLength type="Integer" value="256"/></Attributes>',
  );
  const at21 = xml(set, '2.1');
  assert.doesNotMatch(at21, /TransparentECDSA/, 'Transparent ECDSA key formats ended with 1.4');
  assert.match(at21, /CryptographicLength/);
});

test('mask bits the version lacks are cleared, the others kept', () => {
  const ga = (mask: string): TtlvItem =>
    item(
      'GetAttributes',
      attr1x('Cryptographic Usage Mask', `<AttributeValue type="Integer" value="${mask}"/>`),
    );
  // FPE Encrypt (0x400000) is 2.0; Export (0x40) ended with 1.4.
  assert.match(xml(ga('Encrypt Decrypt FPEEncrypt'), '1.4'), /value="Encrypt Decrypt"/);
  assert.match(xml(ga('Encrypt Decrypt Export'), '1.4'), /value="Encrypt Decrypt Export"/);
  const v2 = filterForVersion(
    xmlToTtlv(`<Attributes><CryptographicUsageMask type="Integer" value="Encrypt Export"/></Attributes>`),
    '2.1',
  ) as StructureItem;
  assert.deepEqual(v2.value[0], { tag: 0x42002c, type: 'Integer', value: 4 });
});

test('Query at 1.0 lists only 1.0 operations and object types; at 1.2 Encrypt and Discover Versions appear', () => {
  const q = item(
    'Query',
    '<Operation type="Enumeration" value="Create"/><Operation type="Enumeration" value="DiscoverVersions"/>' +
      '<Operation type="Enumeration" value="Encrypt"/><Operation type="Enumeration" value="SetAttribute"/>' +
      '<ObjectType type="Enumeration" value="SymmetricKey"/><ObjectType type="Enumeration" value="PGPKey"/>' +
      '<ObjectType type="Enumeration" value="Template"/>',
  );
  const at10 = xml(q, '1.0');
  assert.match(at10, /ResultStatus type="Enumeration" value="Success"/);
  assert.match(at10, /value="Create"/);
  assert.doesNotMatch(at10, /DiscoverVersions|Encrypt|SetAttribute|PGPKey/);
  assert.match(at10, /value="Template"/);
  const at12 = xml(q, '1.2');
  assert.match(at12, /DiscoverVersions/);
  assert.match(at12, /Encrypt/);
  assert.match(at12, /PGPKey/);
  assert.doesNotMatch(xml(q, '2.1'), /Template/, 'Template objects ended with 1.4');
});

test('the echoed Operation stays even when the version does not define it', () => {
  const enc = item(
    'Encrypt',
    '<UniqueIdentifier type="TextString" value="a"/><Data type="ByteString" value="00"/>',
  );
  assert.match(xml(enc, '1.0'), /<Operation type="Enumeration" value="Encrypt"\/>/);
});

test('an answer that needs a value the version lacks, outside any attribute or list, fails as Feature Not Supported', () => {
  const get = item(
    'Get',
    '<ObjectType type="Enumeration" value="PGPKey"/><UniqueIdentifier type="TextString" value="a"/>',
  );
  const at10 = xml(get, '1.0');
  assert.match(at10, /ResultStatus type="Enumeration" value="OperationFailed"/);
  assert.match(at10, /ResultReason type="Enumeration" value="FeatureNotSupported"/);
  assert.match(at10, /Object Type PGP Key, which KMIP 1\.0 does not define/);
  assert.match(at10, /<Operation type="Enumeration" value="Get"\/>/);
  assert.match(at10, /UniqueBatchItemID type="ByteString" value="0102"/);
  assert.doesNotMatch(at10, /ResponsePayload/);
  assert.match(xml(get, '1.2'), /value="Success"/);
});

test('an answer with nothing to trim is returned as the same object', () => {
  const get = item('Activate', '<UniqueIdentifier type="TextString" value="a"/>');
  assert.equal(filterForVersion(get, '1.0'), get);
});

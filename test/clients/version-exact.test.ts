// clients.md rule 1 through the engine: an answer carries only the tags, attributes and
// enumeration values of the request's version. Objects made at a newer version are read by older
// clients (Ceph and Percona at 1.0, PyKMIP at 1.2) and must come back in the older version's terms.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createHarness, payloadText, type Harness } from '../helpers/engine-harness.js';
import { Tag } from '../../src/spec/generated/tags.js';
import { tagByName, tagExistsIn, type KmipVersion } from '../../src/spec/registry.js';

const uidXml = (uid: string): string => `<UniqueIdentifier type="TextString" value="${uid}"/>`;
const attr = (name: string, value: string): string =>
  `<Attribute><AttributeName type="TextString" value="${name}"/>${value}</Attribute>`;

function registerKey(algorithm: string, mask: string, bits = 256): string {
  return `<ObjectType type="Enumeration" value="SymmetricKey"/><TemplateAttribute>
    ${attr('Cryptographic Usage Mask', `<AttributeValue type="Integer" value="${mask}"/>`)}
    ${attr('Description', '<AttributeValue type="TextString" value="made at 1.4"/>')}
    </TemplateAttribute>
    <SymmetricKey><KeyBlock><KeyFormatType type="Enumeration" value="Raw"/>
      <KeyValue><KeyMaterial type="ByteString" value="${randomBytes(bits / 8).toString('hex')}"/></KeyValue>
      <CryptographicAlgorithm type="Enumeration" value="${algorithm}"/>
      <CryptographicLength type="Integer" value="${bits}"/></KeyBlock></SymmetricKey>`;
}

describe('answers in the request version', () => {
  let h: Harness;
  let aes: string;
  let chacha: string;
  before(async () => {
    h = await createHarness();
    aes = payloadText(
      await h.op('Register', registerKey('AES', 'Encrypt Decrypt Export'), { version: '1.4' }),
      Tag.UniqueIdentifier,
    )!;
    chacha = payloadText(
      await h.op('Register', registerKey('ChaCha20', 'Encrypt Decrypt'), { version: '1.4' }),
      Tag.UniqueIdentifier,
    )!;
    assert.ok(aes && chacha);
  });
  after(async () => {
    await h.close();
  });

  test('GetAttributes of everything at 1.0: every attribute is a 1.0 attribute (1.4 shows newer ones)', async () => {
    const names = async (version: KmipVersion): Promise<string[]> => {
      const r = await h.op('GetAttributes', uidXml(aes), { version });
      return [...r.xml.matchAll(/AttributeName type="TextString" value="([^"]+)"/g)].map((m) => m[1] ?? '');
    };
    const newer = (v: KmipVersion) => (n: string) => !tagExistsIn(tagByName(n)?.tag ?? 0, v);
    const at10 = await names('1.0');
    assert.ok(at10.length >= 8, at10.join(', '));
    assert.deepEqual(at10.filter(newer('1.0')), []);
    assert.ok((await names('1.4')).includes('Description'), 'the 1.4 attribute is there at 1.4');
  });

  test('an attribute named by the client but newer than the version is simply absent', async () => {
    const r = await h.op(
      'GetAttributes',
      uidXml(aes) + '<AttributeName type="TextString" value="Description"/>',
      { version: '1.1' },
    );
    assert.equal(r.status, 'Success', r.xml);
    assert.deepEqual(
      r.payload?.value.map((c) => c.tag),
      [Tag.UniqueIdentifier],
    );
  });

  test('a Link of a type newer than the version is left out; the version that has it shows it', async () => {
    const link = attr(
      'Link',
      `<AttributeValue><LinkType type="Enumeration" value="ParentLink"/>
      <LinkedObjectIdentifier type="TextString" value="${chacha}"/></AttributeValue>`,
    );
    const added = await h.op('AddAttribute', uidXml(aes) + link, { version: '1.4' });
    assert.equal(added.status, 'Success', added.xml);
    const ask = uidXml(aes) + '<AttributeName type="TextString" value="Link"/>';
    assert.doesNotMatch((await h.op('GetAttributes', ask, { version: '1.1' })).xml, /ParentLink|LinkType/);
    assert.match((await h.op('GetAttributes', ask, { version: '1.2' })).xml, /ParentLink/);
  });

  test('Cryptographic Usage Mask bits a version lacks are cleared: Export is gone at 2.x', async () => {
    const ask = (version: KmipVersion): Promise<string> =>
      h
        .op(
          'GetAttributes',
          uidXml(aes) +
            (version.startsWith('2')
              ? '<AttributeReference type="Enumeration" value="CryptographicUsageMask"/>'
              : '<AttributeName type="TextString" value="Cryptographic Usage Mask"/>'),
          { version },
        )
        .then((r) => r.xml);
    assert.match(await ask('1.4'), /value="Encrypt Decrypt Export"/);
    assert.match(await ask('2.1'), /CryptographicUsageMask type="Integer" value="Encrypt Decrypt"/);
  });

  test('a 1.4 algorithm: left out of a 1.2 GetAttributes; a 1.2 Get fails Feature Not Supported; 1.4 is whole', async () => {
    const all12 = await h.op('GetAttributes', uidXml(chacha), { version: '1.2' });
    assert.equal(all12.status, 'Success');
    assert.doesNotMatch(all12.xml, /ChaCha20|"Cryptographic Algorithm"/);
    const get12 = await h.op('Get', uidXml(chacha), { version: '1.2' });
    assert.equal(get12.status, 'OperationFailed');
    assert.equal(get12.reason, 'FeatureNotSupported');
    assert.match(get12.message ?? '', /ChaCha20.*KMIP 1\.2/);
    const get14 = await h.op('Get', uidXml(chacha), { version: '1.4' });
    assert.equal(get14.status, 'Success', get14.xml);
    assert.match(get14.xml, /ChaCha20/);
  });

  test('Locate at 1.0–1.2 has no Located Items; at 1.3+ a paging client gets it', async () => {
    for (const version of ['1.0', '1.1', '1.2'] as const) {
      const r = await h.op('Locate', '<MaximumItems type="Integer" value="16"/>', { version });
      assert.equal(r.status, 'Success');
      assert.doesNotMatch(r.xml, /LocatedItems/, version);
      assert.ok((r.payload?.value.length ?? 0) >= 2, 'the identifiers are there');
    }
    const paged = await h.op(
      'Locate',
      '<MaximumItems type="Integer" value="16"/><OffsetItems type="Integer" value="0"/>',
      { version: '1.3' },
    );
    assert.match(paged.xml, /LocatedItems type="Integer" value="2"/);
  });

  test('Query at 1.0 lists no operation or object type 1.0 lacks; 1.2 lists Encrypt and Discover Versions', async () => {
    const q =
      '<QueryFunction type="Enumeration" value="QueryOperations"/><QueryFunction type="Enumeration" value="QueryObjects"/>';
    const at10 = (await h.op('Query', q, { version: '1.0' })).xml;
    assert.match(at10, /value="Locate"/);
    assert.doesNotMatch(at10, /DiscoverVersions|"Encrypt"|SetAttribute|PGPKey|CertificateRequest/);
    const at12 = (await h.op('Query', q, { version: '1.2' })).xml;
    assert.match(at12, /"Encrypt"/);
    assert.match(at12, /DiscoverVersions/);
    assert.doesNotMatch(at12, /SetAttribute|CertificateRequest/);
  });
});

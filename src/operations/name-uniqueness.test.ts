// Name uniqueness follows the request's version (engine/new-object.ts namesUniqueAcrossObjects):
// at KMIP 2.x a Name belongs to one live object (2.1 §4.32; Non Unique Name Attribute) for every
// path that gives one (Create, Register, Create Key Pair, Add/Set/Modify Attribute); at 1.x two
// objects may share one, as pykmip-server allows, and Locate by it finds both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type Harness, payloadText, withHarness } from '../../test/helpers/engine-harness.js';
import { attr1x, createKey, name1x, name2x, uidXml } from '../../test/helpers/object-fixtures.js';
import { Tag } from '../spec/generated/tags.js';
import { KMIP_VERSIONS } from '../spec/registry.js';

const SECRET =
  '<SecretData><SecretDataType type="Enumeration" value="Password"/><KeyBlock>' +
  '<KeyFormatType type="Enumeration" value="Opaque"/><KeyValue><KeyMaterial type="ByteString" value="70617373"/>' +
  '</KeyValue></KeyBlock></SecretData>';

function register(h: Harness, version: string, name: string): ReturnType<Harness['op']> {
  const attrs = version.startsWith('2.')
    ? `<Attributes><CryptographicUsageMask type="Integer" value="Verify"/>${name2x(name)}</Attributes>`
    : `<TemplateAttribute>${attr1x('Cryptographic Usage Mask', 'Integer', 'Verify')}${name1x(name)}</TemplateAttribute>`;
  return h.op('Register', `<ObjectType type="Enumeration" value="SecretData"/>${attrs}${SECRET}`, {
    version,
  });
}

function keyPair(h: Harness, version: string, privName: string, pubName: string): ReturnType<Harness['op']> {
  const v2 = version.startsWith('2.');
  const rsa = v2
    ? '<CryptographicAlgorithm type="Enumeration" value="RSA"/><CryptographicLength type="Integer" value="1024"/>'
    : attr1x('Cryptographic Algorithm', 'Enumeration', 'RSA') +
      attr1x('Cryptographic Length', 'Integer', '1024');
  const mask = (m: string): string =>
    v2
      ? `<CryptographicUsageMask type="Integer" value="${m}"/>`
      : attr1x('Cryptographic Usage Mask', 'Integer', m);
  const name = v2 ? name2x : name1x;
  const [common, priv, pub] = v2
    ? ['CommonAttributes', 'PrivateKeyAttributes', 'PublicKeyAttributes']
    : ['CommonTemplateAttribute', 'PrivateKeyTemplateAttribute', 'PublicKeyTemplateAttribute'];
  return h.op(
    'CreateKeyPair',
    `<${common}>${rsa}</${common}><${priv}>${name(privName)}${mask('Sign')}</${priv}>` +
      `<${pub}>${name(pubName)}${mask('Verify')}</${pub}>`,
    { version },
  );
}

async function locateByName(h: Harness, version: string, name: string): Promise<string[]> {
  const filter = version.startsWith('2.') ? `<Attributes>${name2x(name)}</Attributes>` : name1x(name);
  const r = await h.op('Locate', filter, { version });
  assert.equal(r.status, 'Success', r.xml);
  return (r.payload?.value ?? []).flatMap((c) =>
    c.tag === Tag.UniqueIdentifier && c.type === 'TextString' ? [c.value] : [],
  );
}

for (const version of KMIP_VERSIONS) {
  const unique = version.startsWith('2.');
  test(`KMIP ${version}: a second Create and Register with a Name in use ${unique ? 'is refused' : 'succeed, Locate finds both'}`, async () => {
    await withHarness(async (h) => {
      const first = await createKey(h, { version, name: 'shared-name' });
      const created = await h.op(
        'Create',
        `<ObjectType type="Enumeration" value="SymmetricKey"/>${
          unique
            ? `<Attributes><CryptographicAlgorithm type="Enumeration" value="AES"/><CryptographicLength type="Integer" value="128"/><CryptographicUsageMask type="Integer" value="Encrypt"/>${name2x('shared-name')}</Attributes>`
            : `<TemplateAttribute>${attr1x('Cryptographic Algorithm', 'Enumeration', 'AES')}${attr1x('Cryptographic Length', 'Integer', '128')}${attr1x('Cryptographic Usage Mask', 'Integer', 'Encrypt')}${name1x('shared-name')}</TemplateAttribute>`
        }`,
        { version },
      );
      const registered = await register(h, version, 'shared-name');
      if (unique) {
        assert.equal(created.reason, 'NonUniqueNameAttribute', created.xml);
        assert.match(created.message ?? '', /shared-name/);
        assert.equal(registered.reason, 'NonUniqueNameAttribute', registered.xml);
        assert.deepEqual(await locateByName(h, version, 'shared-name'), [first]);
      } else {
        assert.equal(created.status, 'Success', created.xml);
        assert.equal(registered.status, 'Success', registered.xml);
        const second = payloadText(created, Tag.UniqueIdentifier);
        const third = payloadText(registered, Tag.UniqueIdentifier);
        assert.deepEqual(
          (await locateByName(h, version, 'shared-name')).sort(),
          [first, second, third].sort(),
        );
      }
    });
  });

  test(`KMIP ${version}: the two keys of a new pair ${unique ? 'cannot' : 'may'} share a Name`, async () => {
    await withHarness(async (h) => {
      const r = await keyPair(h, version, 'pair-name', 'pair-name');
      if (unique) assert.equal(r.reason, 'NonUniqueNameAttribute', r.xml);
      else assert.equal(r.status, 'Success', r.xml);
    });
  });
}

test('a destroyed object frees its Name at 2.x', async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h, { version: '2.1', name: 'recycled' });
    assert.equal((await h.op('Destroy', uidXml(uid), { version: '2.1' })).status, 'Success');
    await createKey(h, { version: '2.1', name: 'recycled' });
  });
});

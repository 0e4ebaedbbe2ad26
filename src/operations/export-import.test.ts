// Export and Import (KMIP 2.1 §6.1.18, §6.1.25; 1.4 §4.40, §4.41): an object out with all its
// attributes, and back in under the identifier and attributes the client gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type BatchResult, type Harness, withHarness } from '../../test/helpers/engine-harness.js';
import { createKey, name2x, stored, uidXml } from '../../test/helpers/object-fixtures.js';

/** The `<SymmetricKey>…</SymmetricKey>` element of an answer. */
function keyXml(r: BatchResult): string {
  const start = r.xml.indexOf('<SymmetricKey>');
  const end = r.xml.indexOf('</SymmetricKey>');
  assert.ok(start >= 0 && end > start, r.xml);
  return r.xml.slice(start, end + '</SymmetricKey>'.length);
}

/** The Key Material bytes of a Raw symmetric key answer. */
function material(r: BatchResult): string {
  const m = /<KeyMaterial type="ByteString" value="([0-9a-f]+)"\/>/.exec(r.xml);
  assert.ok(m?.[1] !== undefined, r.xml);
  return m[1];
}

async function exported(h: Harness, uid: string, version: string, identity = 'alice'): Promise<BatchResult> {
  return h.op('Export', uidXml(uid), { version, identity });
}

test('Export answers the object as Get does, with every attribute, in the form of each version', async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h, { version: '2.1', name: 'exported-key' });
    const v21 = await exported(h, uid, '2.1');
    assert.equal(v21.status, 'Success', v21.xml);
    assert.match(v21.xml, /<ObjectType type="Enumeration" value="SymmetricKey"\/>/);
    assert.match(
      v21.xml,
      /<Attributes>.*<CryptographicAlgorithm type="Enumeration" value="AES"\/>.*<\/Attributes>/s,
    );
    assert.match(v21.xml, /<NameValue type="TextString" value="exported-key"\/>/);
    const get = await h.op('Get', uidXml(uid), { version: '2.1' });
    assert.equal(material(v21), material(get));
    const v14 = await exported(h, uid, '1.4');
    assert.equal(v14.status, 'Success', v14.xml);
    assert.match(
      v14.xml,
      /<Attribute>\s*<AttributeName type="TextString" value="Cryptographic Algorithm"\/>/,
    );
    assert.doesNotMatch(v14.xml, /<Attributes>/);
    // No Unique Identifier and no ID Placeholder set earlier in the batch.
    assert.equal((await h.op('Export', '', { version: '2.1' })).reason, 'InvalidField');
  });
});

test('Export of a destroyed key answers its Key Block without key material; of a missing one Item/Object Not Found', async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h);
    assert.equal((await h.op('Destroy', uidXml(uid))).status, 'Success');
    const r = await exported(h, uid, '2.1');
    assert.equal(r.status, 'Success', r.xml);
    assert.match(r.xml, /<SymmetricKey>\s*<KeyBlock>\s*<KeyFormatType type="Enumeration" value="Raw"\/>/);
    assert.doesNotMatch(r.xml, /KeyValue|KeyMaterial/);
    assert.match(r.xml, /<State type="Enumeration" value="Destroyed"\/>/);
    assert.equal((await exported(h, 'no-such-uid', '2.1')).reason, 'ObjectNotFound');
    assert.equal((await exported(h, 'no-such-uid', '1.4')).reason, 'ItemNotFound');
  });
});

test("Export is the owner's: another identity is Permission Denied; Export and Import are not 1.0-1.3 operations", async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h);
    assert.equal((await exported(h, uid, '2.1', 'bob')).reason, 'PermissionDenied');
    assert.equal((await exported(h, uid, '1.3')).reason, 'OperationNotSupported');
    assert.equal((await h.op('Import', uidXml('x'), { version: '1.3' })).reason, 'OperationNotSupported');
  });
});

test('Import stores the object under the given identifier with the given attributes, server-set ones included', async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h, { version: '2.1' });
    assert.equal((await h.op('Activate', uidXml(uid), { version: '2.1' })).status, 'Success');
    const out = await exported(h, uid, '2.1');
    const attrs = /<Attributes>.*<\/Attributes>/s.exec(out.xml)?.[0] ?? '';
    const attrsWithNewUid = attrs
      .replace(new RegExp(uid, 'g'), 'imported-0001')
      .replace(/<Name>.*?<\/Name>/s, '');
    const r = await h.op(
      'Import',
      `${uidXml('imported-0001')}<ObjectType type="Enumeration" value="SymmetricKey"/>${attrsWithNewUid.replace('</Attributes>', name2x('imported') + '</Attributes>')}${keyXml(out)}`,
      { version: '2.1' },
    );
    assert.equal(r.status, 'Success', r.xml);
    assert.equal(r.xml.includes('imported-0001'), true);
    const again = await h.op('Get', uidXml('imported-0001'), { version: '2.1' });
    assert.equal(material(again), material(out));
    // State Active and the Activation Date came from the client, not from the server's rules.
    const [state] = await stored(h, 'imported-0001', 'State');
    assert.deepEqual(state?.value.type === 'Enumeration' ? state.value.value : undefined, 2);
    assert.deepEqual(
      await stored(h, 'imported-0001', 'Activation Date'),
      await stored(h, uid, 'Activation Date'),
    );
  });
});

test('Import at 1.4 reads the Object Type off the object; one that disagrees with the Object Type is Invalid Field', async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h);
    const got = await h.op('Get', uidXml(uid));
    const r = await h.op('Import', `${uidXml('imported-14')}${keyXml(got)}`, { version: '1.4' });
    assert.equal(r.status, 'Success', r.xml);
    assert.equal((await h.store.get('imported-14'))?.objectType, 2);
    const wrong = await h.op(
      'Import',
      `${uidXml('imported-wrong')}<ObjectType type="Enumeration" value="SecretData"/><Attributes/>${keyXml(got)}`,
      { version: '2.1' },
    );
    assert.equal(wrong.reason, 'InvalidField', wrong.xml);
  });
});

test('Import over an existing identifier: Object Already Exists, replaced with Replace Existing, never over another owner', async () => {
  await withHarness(async (h) => {
    const uid = await createKey(h);
    const other = await createKey(h);
    const replacement = keyXml(await h.op('Get', uidXml(other)));
    const body = `${uidXml(uid)}<ObjectType type="Enumeration" value="SymmetricKey"/><Attributes/>${replacement}`;
    assert.equal((await h.op('Import', body, { version: '2.1' })).reason, 'ObjectAlreadyExists');
    const replace = '<ReplaceExisting type="Boolean" value="true"/>';
    const withReplace = `${uidXml(uid)}${replace}<ObjectType type="Enumeration" value="SymmetricKey"/><Attributes/>${replacement}`;
    assert.equal(
      (await h.op('Import', withReplace, { version: '2.1', identity: 'bob' })).reason,
      'PermissionDenied',
    );
    const r = await h.op('Import', withReplace, { version: '2.1' });
    assert.equal(r.status, 'Success', r.xml);
    assert.equal(material(await h.op('Get', uidXml(uid))), material(await h.op('Get', uidXml(other))));
  });
});

test('Import with Key Wrap Type Not Wrapped unwraps the key with the wrapping key the server holds', async () => {
  await withHarness(async (h) => {
    const created = await h.op(
      'Create',
      `<ObjectType type="Enumeration" value="SymmetricKey"/><Attributes><CryptographicAlgorithm type="Enumeration" value="AES"/>
       <CryptographicLength type="Integer" value="256"/><CryptographicUsageMask type="Integer" value="WrapKey UnwrapKey"/></Attributes>`,
      { version: '2.1' },
    );
    const wrapper = /value="([0-9a-f-]{36})"/.exec(created.xml)?.[1] ?? '';
    assert.equal((await h.op('Activate', uidXml(wrapper), { version: '2.1' })).status, 'Success');
    const uid = await createKey(h);
    const plain = material(await h.op('Get', uidXml(uid)));
    const wrapped = await h.op(
      'Get',
      `${uidXml(uid)}<KeyWrappingSpecification><WrappingMethod type="Enumeration" value="Encrypt"/>
       <EncryptionKeyInformation>${uidXml(wrapper)}</EncryptionKeyInformation></KeyWrappingSpecification>`,
      { version: '2.1' },
    );
    assert.equal(wrapped.status, 'Success', wrapped.xml);
    assert.match(wrapped.xml, /<KeyWrappingData>/);
    const r = await h.op(
      'Import',
      `${uidXml('unwrapped-0001')}<KeyWrapType type="Enumeration" value="NotWrapped"/><ObjectType type="Enumeration" value="SymmetricKey"/><Attributes/>${keyXml(wrapped)}`,
      { version: '2.1' },
    );
    assert.equal(r.status, 'Success', r.xml);
    assert.equal(material(await h.op('Get', uidXml('unwrapped-0001'))), plain);
  });
});

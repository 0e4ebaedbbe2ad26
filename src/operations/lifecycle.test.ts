import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHarness, payloadText } from '../../test/helpers/engine-harness.js';
import { Tag } from '../spec/generated/tags.js';

const createAes = (name: string): string => `<ObjectType type="Enumeration" value="SymmetricKey"/>
  <TemplateAttribute>
    <Attribute><AttributeName type="TextString" value="Cryptographic Algorithm"/><AttributeValue type="Enumeration" value="AES"/></Attribute>
    <Attribute><AttributeName type="TextString" value="Cryptographic Length"/><AttributeValue type="Integer" value="256"/></Attribute>
    <Attribute><AttributeName type="TextString" value="Cryptographic Usage Mask"/><AttributeValue type="Integer" value="Encrypt Decrypt"/></Attribute>
    <Attribute><AttributeName type="TextString" value="Name"/><AttributeValue>
      <NameValue type="TextString" value="${name}"/><NameType type="Enumeration" value="UninterpretedTextString"/></AttributeValue></Attribute>
  </TemplateAttribute>`;

test('a symmetric key goes Create -> Activate -> Revoke -> Destroy, and Get after Destroy is Item Not Found at 1.x', async () => {
  const h = await createHarness();
  try {
    const created = await h.op('Create', createAes('k1'));
    assert.equal(created.status, 'Success', created.xml);
    const uid = payloadText(created, Tag.UniqueIdentifier)!;
    const got = await h.op('Get', `<UniqueIdentifier type="TextString" value="${uid}"/>`);
    assert.equal(got.status, 'Success', got.xml);
    assert.match(got.xml, /KeyMaterial type="ByteString" value="[0-9a-f]{64}"/);
    const state = await h.op(
      'GetAttributes',
      `<UniqueIdentifier type="TextString" value="${uid}"/><AttributeName type="TextString" value="State"/>`,
    );
    assert.match(state.xml, /AttributeValue type="Enumeration" value="PreActive"/);
    assert.equal(
      (await h.op('Destroy', `<UniqueIdentifier type="TextString" value="${uid}"/>`)).status,
      'Success',
    );
    const again = await h.op('Get', `<UniqueIdentifier type="TextString" value="${uid}"/>`);
    assert.equal(again.reason, 'ItemNotFound');
  } finally {
    await h.close();
  }
});

test('an Active key cannot be destroyed until revoked: 2.1 Wrong Key Lifecycle State, 1.4 Permission Denied', async () => {
  const h = await createHarness();
  try {
    const uid = payloadText(await h.op('Create', createAes('k2')), Tag.UniqueIdentifier)!;
    assert.equal(
      (await h.op('Activate', `<UniqueIdentifier type="TextString" value="${uid}"/>`)).status,
      'Success',
    );
    const refused = await h.op('Destroy', `<UniqueIdentifier type="TextString" value="${uid}"/>`, {
      version: '2.1',
    });
    assert.equal(refused.reason, 'WrongKeyLifecycleState');
    const refused14 = await h.op('Destroy', `<UniqueIdentifier type="TextString" value="${uid}"/>`);
    assert.equal(refused14.reason, 'PermissionDenied');
    const revoked = await h.op(
      'Revoke',
      `<UniqueIdentifier type="TextString" value="${uid}"/><RevocationReason><RevocationReasonCode type="Enumeration" value="CessationOfOperation"/></RevocationReason>`,
    );
    assert.equal(revoked.status, 'Success', revoked.xml);
    assert.equal(
      (await h.op('Destroy', `<UniqueIdentifier type="TextString" value="${uid}"/>`)).status,
      'Success',
    );
  } finally {
    await h.close();
  }
});

test("another identity's key is invisible: Get answers Permission Denied and Locate does not list it", async () => {
  const h = await createHarness();
  try {
    const uid = payloadText(await h.op('Create', createAes('secret')), Tag.UniqueIdentifier)!;
    const bob = await h.op('Get', `<UniqueIdentifier type="TextString" value="${uid}"/>`, {
      identity: 'bob',
    });
    assert.equal(bob.reason, 'PermissionDenied');
    const located = await h.op('Locate', '', { identity: 'bob' });
    assert.doesNotMatch(located.xml, new RegExp(uid));
    const mine = await h.op('Locate', '', { identity: 'alice' });
    assert.match(mine.xml, new RegExp(uid));
  } finally {
    await h.close();
  }
});

test('a 1.0 Locate response carries no Located Items; a paging 1.4 one does', async () => {
  const h = await createHarness();
  try {
    await h.op('Create', createAes('ceph-key'));
    const byName = `<Attribute><AttributeName type="TextString" value="Name"/><AttributeValue>
      <NameValue type="TextString" value="ceph-key"/><NameType type="Enumeration" value="UninterpretedTextString"/></AttributeValue></Attribute>`;
    const old = await h.op('Locate', byName, { version: '1.0' });
    assert.equal(old.status, 'Success', old.xml);
    assert.doesNotMatch(old.xml, /LocatedItems/);
    assert.equal(old.payload?.value.filter((c) => c.tag === Tag.UniqueIdentifier).length, 1);
    const recent = await h.op('Locate', `<OffsetItems type="Integer" value="0"/>${byName}`, {
      version: '1.4',
    });
    assert.match(recent.xml, /LocatedItems type="Integer" value="1"/);
  } finally {
    await h.close();
  }
});

// Set Constraints / Get Constraints (KMIP 2.1 §6.1.52, §6.1.22, §7.6-7.7) and their effect on the
// operations that create objects (support/constraints.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withHarness, type Harness } from '../../test/helpers/engine-harness.js';
import { createKey } from '../../test/helpers/object-fixtures.js';

const len256 = '<CryptographicLength type="Integer" value="256"/>';

function constraint(inner: string): string {
  return `<Constraints><Constraint>${inner}</Constraint></Constraints>`;
}

const symmetricOnly = '<ObjectTypes><ObjectType type="Enumeration" value="SymmetricKey"/></ObjectTypes>';

async function set(h: Harness, body: string, identity = 'alice'): Promise<void> {
  const r = await h.op('SetConstraints', body, { version: '2.1', identity });
  assert.equal(r.status, 'Success', r.xml);
}

async function create(
  h: Harness,
  length: number,
  version = '2.1',
  identity = 'alice',
): Promise<string | undefined> {
  const attrs =
    version === '2.1'
      ? `<Attributes><CryptographicAlgorithm type="Enumeration" value="AES"/><CryptographicLength type="Integer" value="${length}"/>
         <CryptographicUsageMask type="Integer" value="Encrypt"/></Attributes>`
      : `<TemplateAttribute><Attribute><AttributeName type="TextString" value="Cryptographic Algorithm"/><AttributeValue type="Enumeration" value="AES"/></Attribute>
         <Attribute><AttributeName type="TextString" value="Cryptographic Length"/><AttributeValue type="Integer" value="${length}"/></Attribute>
         <Attribute><AttributeName type="TextString" value="Cryptographic Usage Mask"/><AttributeValue type="Integer" value="Encrypt"/></Attribute></TemplateAttribute>`;
  const r = await h.op('Create', `<ObjectType type="Enumeration" value="SymmetricKey"/>${attrs}`, {
    version,
    identity,
  });
  return r.status === 'Success' ? undefined : r.reason;
}

test('Get Constraints answers an empty Constraints until Set Constraints sets some, then what was set', async () => {
  await withHarness(async (h) => {
    const empty = await h.op('GetConstraints', '', { version: '2.1' });
    assert.equal(empty.status, 'Success', empty.xml);
    assert.match(empty.xml, /<Constraints\/>|<Constraints><\/Constraints>/);
    await set(h, constraint(`${symmetricOnly}<Attributes>${len256}</Attributes>`));
    const got = await h.op('GetConstraints', '', { version: '2.1' });
    assert.match(got.xml, /<ObjectType type="Enumeration" value="SymmetricKey"\/>/);
    assert.match(got.xml, /<CryptographicLength type="Integer" value="256"\/>/);
    await set(h, '<Constraints/>');
    assert.doesNotMatch((await h.op('GetConstraints', '', { version: '2.1' })).xml, /Constraint>/);
  });
});

test('a creation that breaks a Constraint fails with Constraint Violation (2.x) / Invalid Field (1.x); one that keeps it succeeds', async () => {
  await withHarness(async (h) => {
    await set(h, constraint(`${symmetricOnly}<Attributes>${len256}</Attributes>`));
    assert.equal(await create(h, 128), 'ConstraintViolation');
    assert.equal(await create(h, 128, '1.4'), 'InvalidField');
    assert.equal(await create(h, 256), undefined);
    assert.equal(await create(h, 256, '1.4'), undefined);
  });
});

test("a Constraint governs only its Object Types and Object Groups, and only its setter's creations", async () => {
  await withHarness(async (h) => {
    const groups = '<ObjectGroups><ObjectGroup type="TextString" value="payments"/></ObjectGroups>';
    await set(h, constraint(`${groups}<Attributes>${len256}</Attributes>`));
    assert.equal(await create(h, 128), undefined, 'outside the group');
    const inGroup = await h.op(
      'Create',
      `<ObjectType type="Enumeration" value="SymmetricKey"/><Attributes><CryptographicAlgorithm type="Enumeration" value="AES"/>
       <CryptographicLength type="Integer" value="128"/><CryptographicUsageMask type="Integer" value="Encrypt"/>
       <ObjectGroup type="TextString" value="payments"/></Attributes>`,
      { version: '2.1' },
    );
    assert.equal(inGroup.reason, 'ConstraintViolation', inGroup.xml);
    await set(
      h,
      constraint(
        `<ObjectTypes><ObjectType type="Enumeration" value="SecretData"/></ObjectTypes><Attributes>${len256}</Attributes>`,
      ),
    );
    assert.equal(await create(h, 128), undefined, 'another object type');
    await set(h, constraint(`<Attributes>${len256}</Attributes>`), 'bob');
    assert.equal(await create(h, 128, '2.1', 'bob'), 'ConstraintViolation');
    assert.equal(
      await createKey(h, { version: '2.1' }).then(() => 'ok'),
      'ok',
      "bob's constraint does not bind alice",
    );
  });
});

test('Set Constraints of an unknown Object Type is Invalid Object Type; both are 2.x operations only', async () => {
  await withHarness(async (h) => {
    const bad = await h.op(
      'SetConstraints',
      constraint('<ObjectTypes><ObjectType type="Enumeration" value="0x00000063"/></ObjectTypes>'),
      {
        version: '2.1',
      },
    );
    assert.equal(bad.reason, 'InvalidObjectType', bad.xml);
    for (const op of ['SetConstraints', 'GetConstraints']) {
      const r = await h.op(op, op === 'SetConstraints' ? '<Constraints/>' : '', { version: '1.4' });
      assert.equal(r.reason, 'OperationNotSupported', r.xml);
    }
  });
});

test('Set Endpoint Role: the server keeps the Server role; the Client role is Feature Not Supported; not a 1.x operation', async () => {
  await withHarness(async (h) => {
    const server = await h.op('SetEndpointRole', '<EndpointRole type="Enumeration" value="Server"/>', {
      version: '2.1',
    });
    assert.equal(server.status, 'Success', server.xml);
    assert.match(server.xml, /<EndpointRole type="Enumeration" value="Server"\/>/);
    const client = await h.op('SetEndpointRole', '<EndpointRole type="Enumeration" value="Client"/>', {
      version: '2.1',
    });
    assert.equal(client.reason, 'FeatureNotSupported', client.xml);
    const missing = await h.op('SetEndpointRole', '', { version: '2.1' });
    assert.equal(missing.reason, 'InvalidMessage', missing.xml);
    const old = await h.op('SetEndpointRole', '<EndpointRole type="Enumeration" value="Server"/>', {
      version: '1.4',
    });
    assert.equal(old.reason, 'OperationNotSupported', old.xml);
  });
});

// max_objects_per_identity through the engine: a Create over the limit gets Server Limit Exceeded
// in KMIP 2.x (1.x has no such reason: the nearest, Operation Not Supported) with a message
// naming the limit; another identity still creates; a key pair that does not fit whole is not
// stored in part; destroying a key makes room again.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Tag } from '../spec/generated/tags.js';
import { withHarness } from '../../test/helpers/engine-harness.js';
import { createKey, uidXml } from '../../test/helpers/object-fixtures.js';

const KEY_PAIR_21 = `<CommonAttributes><CryptographicAlgorithm type="Enumeration" value="ECDSA"/>
  <CryptographicLength type="Integer" value="256"/></CommonAttributes>
  <PrivateKeyAttributes><CryptographicUsageMask type="Integer" value="Sign"/></PrivateKeyAttributes>
  <PublicKeyAttributes><CryptographicUsageMask type="Integer" value="Verify"/></PublicKeyAttributes>`;

const CREATE_21 = `<ObjectType type="Enumeration" value="SymmetricKey"/><Attributes>
  <CryptographicAlgorithm type="Enumeration" value="AES"/><CryptographicLength type="Integer" value="256"/>
  <CryptographicUsageMask type="Integer" value="Encrypt Decrypt"/></Attributes>`;

test('Create over max_objects_per_identity: Server Limit Exceeded (2.1), Operation Not Supported (1.4)', async () => {
  await withHarness(
    async (h) => {
      await createKey(h);
      await createKey(h, { version: '2.1' });
      const r21 = await h.op('Create', CREATE_21, { version: '2.1' });
      assert.equal(r21.status, 'OperationFailed');
      assert.equal(r21.reason, 'ServerLimitExceeded');
      assert.match(
        r21.message ?? '',
        /alice already owns 2 objects, the most max_objects_per_identity allows/,
      );
      await assert.rejects(createKey(h), /ResultReason type="Enumeration" value="OperationNotSupported"/);
      assert.ok(await createKey(h, { identity: 'bob' }), 'another identity is not held to alice’s count');
    },
    { maxObjectsPerOwner: 2 },
  );
});

test('a key pair that does not fit whole is refused without leaving its private key behind', async () => {
  await withHarness(
    async (h) => {
      const first = await createKey(h, { version: '2.1' });
      const pair = await h.op('CreateKeyPair', KEY_PAIR_21, { version: '2.1' });
      assert.equal(pair.reason, 'ServerLimitExceeded', pair.xml);
      const located = await h.op('Locate', '', { version: '2.1' });
      assert.deepEqual(
        located.payload?.value.filter((i) => i.tag === Tag.UniqueIdentifier).map((i) => i.value),
        [first],
        'only the first key is stored',
      );
      const destroy = await h.op('Destroy', uidXml(first), { version: '2.1' });
      assert.equal(destroy.status, 'Success', destroy.xml);
      const again = await h.op('CreateKeyPair', KEY_PAIR_21, { version: '2.1' });
      assert.equal(again.status, 'Success', 'the destroyed key made room for the pair');
      const one = await h.op('Create', CREATE_21, { version: '2.1' });
      assert.equal(one.reason, 'ServerLimitExceeded', one.xml);
    },
    { maxObjectsPerOwner: 2 },
  );
});

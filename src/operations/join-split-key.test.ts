import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { payloadText } from '../../test/helpers/engine-harness.js';
import { attr1x, createKey, uidXml } from '../../test/helpers/object-fixtures.js';
import {
  withHarness,
  uids,
  splitFields,
  newSplitXml,
  existingSplitXml,
  join,
  keyOf,
} from '../../test/helpers/split-key-fixtures.js';
import { Tag } from '../spec/generated/tags.js';

test('Register of client-made XOR parts and Join of them: the registered Split Key objects keep working', async () => {
  await withHarness(async (h) => {
    const key = randomBytes(16);
    const s1 = randomBytes(16);
    const s2 = Buffer.from(key.map((b, i) => b ^ (s1[i] ?? 0)));
    const registered: string[] = [];
    for (const [i, share] of [s1, s2].entries()) {
      const r = await h.op(
        'Register',
        `<ObjectType type="Enumeration" value="SplitKey"/><TemplateAttribute>${attr1x('Cryptographic Usage Mask', 'Integer', 'Encrypt')}</TemplateAttribute>
         <SplitKey><SplitKeyParts type="Integer" value="2"/><KeyPartIdentifier type="Integer" value="${i + 1}"/>
         <SplitKeyThreshold type="Integer" value="2"/><SplitKeyMethod type="Enumeration" value="XOR"/>
         <KeyBlock><KeyFormatType type="Enumeration" value="Raw"/><KeyValue><KeyMaterial type="ByteString" value="${share.toString('hex')}"/></KeyValue>
         <CryptographicAlgorithm type="Enumeration" value="AES"/><CryptographicLength type="Integer" value="128"/></KeyBlock></SplitKey>`,
        { version: '1.4' },
      );
      assert.equal(r.status, 'Success', r.xml);
      registered.push(payloadText(r, Tag.UniqueIdentifier)!);
    }
    const joined = await join(h, '1.4', registered);
    assert.equal(joined.status, 'Success', joined.xml);
    assert.deepEqual(await keyOf(h, '1.4', payloadText(joined, Tag.UniqueIdentifier)!), key);
  });
});

test('errors: Object Type, XOR threshold, unknown method, too many parts, non-split keys, mixed and repeated parts', async () => {
  await withHarness(async (h) => {
    const reason = async (op: string, xml: string, version = '2.1'): Promise<string | undefined> =>
      (await h.op(op, xml, { version })).reason;
    const sym = newSplitXml('2.1', splitFields('XOR', 2, 2)).replace(
      'value="SplitKey"',
      'value="SymmetricKey"',
    );
    assert.equal(await reason('CreateSplitKey', sym), 'InvalidField');
    assert.equal(
      await reason('CreateSplitKey', newSplitXml('2.1', splitFields('XOR', 3, 2))),
      'InvalidField',
    );
    assert.equal(
      await reason('CreateSplitKey', newSplitXml('2.1', splitFields('0x80000001', 3, 2))),
      'InvalidField',
    );
    assert.equal(
      await reason('CreateSplitKey', newSplitXml('2.1', splitFields('PolynomialSharingGF28', 2, 3))),
      'InvalidField',
    );
    assert.equal(
      await reason('CreateSplitKey', newSplitXml('2.1', splitFields('PolynomialSharingGF216', 300, 2))),
      'ServerLimitExceeded',
    );
    // REQUIRED fields missing (Split Key Parts …) are Invalid Message (1.4 §11).
    assert.equal(await reason('CreateSplitKey', newSplitXml('1.4', '')), 'InvalidMessage');
    assert.equal(
      await reason('CreateSplitKey', existingSplitXml('2.1', 'no-such-key', splitFields('XOR', 2, 2))),
      'ObjectNotFound',
    );

    const plain = await createKey(h, { version: '2.1' });
    assert.equal(
      await reason('JoinSplitKey', `<ObjectType type="Enumeration" value="SymmetricKey"/>${uidXml(plain)}`),
      'InvalidObjectType',
    );
    assert.equal(
      await reason(
        'JoinSplitKey',
        `<ObjectType type="Enumeration" value="SymmetricKey"/>${uidXml(plain)}`,
        '1.4',
      ),
      'InvalidField',
    );
    const a = uids(
      await h.op('CreateSplitKey', newSplitXml('2.1', splitFields('PolynomialSharingGF28', 3, 2)), {
        version: '2.1',
      }),
    );
    const b = uids(
      await h.op('CreateSplitKey', newSplitXml('2.1', splitFields('PolynomialSharingGF28', 3, 3)), {
        version: '2.1',
      }),
    );
    assert.equal((await join(h, '2.1', [a[0]!, b[1]!])).reason, 'InvalidField', 'parts of two splits');
    assert.equal((await join(h, '2.1', [a[0]!, a[0]!])).reason, 'InvalidField', 'the same part twice');
    assert.equal((await join(h, '2.1', [a[0]!, a[1]!], 'PrivateKey')).reason, 'InvalidField', 'object type');
    assert.equal((await join(h, '2.1', [])).reason, 'InvalidField', 'no parts');
  });
});

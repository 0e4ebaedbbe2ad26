import { test } from 'node:test';
import assert from 'node:assert/strict';

import { payloadText } from '../../test/helpers/engine-harness.js';
import { createKey, name1x, uidXml } from '../../test/helpers/object-fixtures.js';
import {
  withHarness,
  material,
  uids,
  bigXml,
  PRIME_130,
  splitFields,
  newSplitXml,
  existingSplitXml,
  join,
  keyOf,
} from '../../test/helpers/split-key-fixtures.js';
import { Tag } from '../spec/generated/tags.js';

test('1.4 XOR: a new AES-256 key in 3 parts, each a Split Key object; all 3 join to the key, 2 are refused', async () => {
  await withHarness(async (h) => {
    const r = await h.op('CreateSplitKey', newSplitXml('1.4', splitFields('XOR', 3, 3), 256, name1x('sk')), {
      version: '1.4',
    });
    assert.equal(r.status, 'Success', r.xml);
    const parts = uids(r);
    assert.equal(parts.length, 3);
    const shares: Buffer[] = [];
    for (const [i, uid] of parts.entries()) {
      const got = await h.op('Get', uidXml(uid), { version: '1.4' });
      assert.match(got.xml, /<ObjectType type="Enumeration" value="SplitKey"\/>/);
      assert.match(got.xml, new RegExp(`<KeyPartIdentifier type="Integer" value="${i + 1}"/>`));
      assert.match(got.xml, /<SplitKeyThreshold type="Integer" value="3"\/>/);
      assert.match(got.xml, /<SplitKeyMethod type="Enumeration" value="XOR"\/>/);
      assert.match(got.xml, /<CryptographicLength type="Integer" value="256"\/>/);
      shares.push(material(got));
    }
    const xor = Buffer.alloc(32);
    for (const s of shares) for (let i = 0; i < 32; i++) xor[i] = (xor[i] ?? 0) ^ (s[i] ?? 0);
    const joined = await join(h, '1.4', parts);
    assert.equal(joined.status, 'Success', joined.xml);
    const key = await keyOf(h, '1.4', payloadText(joined, Tag.UniqueIdentifier)!);
    assert.deepEqual(key, xor);
    const short = await join(h, '1.4', parts.slice(0, 2));
    assert.equal(short.reason, 'CryptographicFailure', short.xml);
    // Names stay unique: each part gets its own.
    const named = await h.op('Locate', `${name1x('sk part 2')}`, { version: '1.4' });
    assert.deepEqual(uids(named), [parts[1]]);
  });
});

test('2.1 GF(2^8): splitting an existing key 3-of-5; every 3 parts give it back, 2 do not; links both ways', async () => {
  await withHarness(async (h) => {
    const source = await createKey(h, { version: '2.1' });
    const original = await keyOf(h, '2.1', source);
    const r = await h.op(
      'CreateSplitKey',
      existingSplitXml('2.1', source, splitFields('PolynomialSharingGF28', 5, 3)),
      { version: '2.1' },
    );
    assert.equal(r.status, 'Success', r.xml);
    const parts = uids(r);
    assert.equal(parts.length, 5);
    for (const pick of [
      [0, 1, 2],
      [0, 2, 4],
      [1, 3, 4],
      [2, 3, 4],
      [0, 1, 2, 3, 4],
    ]) {
      const joined = await join(
        h,
        '2.1',
        pick.map((i) => parts[i]!),
      );
      assert.equal(joined.status, 'Success', joined.xml);
      assert.deepEqual(
        await keyOf(h, '2.1', payloadText(joined, Tag.UniqueIdentifier)!),
        original,
        `parts ${pick.join()}`,
      );
    }
    const two = await join(h, '2.1', [parts[0]!, parts[3]!]);
    assert.equal(two.reason, 'CryptographicFailure', two.xml);
    const src = await h.op(
      'GetAttributes',
      `${uidXml(source)}<AttributeReference type="Enumeration" value="Link"/>`,
      {
        version: '2.1',
      },
    );
    assert.equal((src.xml.match(/value="ChildLink"/g) ?? []).length, 5, src.xml);
    const p2 = await h.op(
      'GetAttributes',
      `${uidXml(parts[1]!)}<AttributeReference type="Enumeration" value="Link"/>`,
      {
        version: '2.1',
      },
    );
    for (const [type, target] of [
      ['ParentLink', source],
      ['PreviousLink', parts[0]],
      ['NextLink', parts[2]],
    ] as const) {
      assert.match(
        p2.xml,
        new RegExp(`value="${type}"/>\\s*<LinkedObjectIdentifier type="TextString" value="${target}"`),
      );
    }
  });
});

test('GF(2^16) at 1.4: 2-of-3 parts join into Secret Data of the type asked for', async () => {
  await withHarness(async (h) => {
    const r = await h.op(
      'CreateSplitKey',
      newSplitXml('1.4', splitFields('PolynomialSharingGF216', 3, 2), 128),
      {
        version: '1.4',
      },
    );
    assert.equal(r.status, 'Success', r.xml);
    const parts = uids(r);
    const a = await join(h, '1.4', [parts[0]!, parts[2]!]);
    const b = await join(
      h,
      '1.4',
      [parts[2]!, parts[1]!],
      'SecretData',
      '<SecretDataType type="Enumeration" value="Password"/>',
    );
    assert.equal(b.status, 'Success', b.xml);
    const secret = await h.op('Get', uidXml(payloadText(b, Tag.UniqueIdentifier)!), { version: '1.4' });
    assert.match(secret.xml, /<SecretDataType type="Enumeration" value="Password"\/>/);
    assert.deepEqual(material(secret), await keyOf(h, '1.4', payloadText(a, Tag.UniqueIdentifier)!));
    assert.equal(material(secret).length, 16);
  });
});

test('prime field with the given prime 2^130 - 5: 2-of-3 recover the key; the prime must exceed 2^L and be prime', async () => {
  await withHarness(async (h) => {
    const source = await createKey(h, { version: '1.4' });
    const original = await keyOf(h, '1.4', source);
    const fields = (p?: bigint): string =>
      splitFields('PolynomialSharingPrimeField', 3, 2, p === undefined ? '' : bigXml(p));
    const r = await h.op('CreateSplitKey', existingSplitXml('1.4', source, fields((1n << 257n) - 93n)), {
      version: '1.4',
    });
    // 2^257 - 93 is prime and above 2^256.
    assert.equal(r.status, 'Success', r.xml);
    const parts = uids(r);
    const got = await h.op('Get', uidXml(parts[0]!), { version: '1.4' });
    assert.match(got.xml, /<PrimeFieldSize type="BigInteger"/);
    const joined = await join(h, '1.4', [parts[2]!, parts[0]!]);
    assert.deepEqual(await keyOf(h, '1.4', payloadText(joined, Tag.UniqueIdentifier)!), original);

    const aes128 = await h.op('CreateSplitKey', newSplitXml('2.1', fields(PRIME_130), 128), {
      version: '2.1',
    });
    assert.equal(aes128.status, 'Success', aes128.xml);
    const p128 = uids(aes128);
    const j128 = await join(h, '2.1', [p128[1]!, p128[2]!]);
    assert.equal(j128.status, 'Success', j128.xml);
    for (const [prime, why] of [
      [undefined, 'missing'],
      [(1n << 127n) - 1n, 'below 2^128'],
      [(1n << 130n) - 3n, 'not prime'],
    ] as const) {
      const bad = await h.op('CreateSplitKey', newSplitXml('2.1', fields(prime), 128), { version: '2.1' });
      assert.equal(bad.reason, 'InvalidField', `${why}: ${bad.xml}`);
    }
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  createHarness,
  payloadText,
  type BatchResult,
  type Harness,
} from '../../test/helpers/engine-harness.js';
import { attr1x, createKey, name1x, uidXml } from '../../test/helpers/object-fixtures.js';
import { Tag } from '../spec/generated/tags.js';

async function withHarness(f: (h: Harness) => Promise<void>): Promise<void> {
  const h = await createHarness();
  try {
    await f(h);
  } finally {
    await h.close();
  }
}

function material(r: BatchResult): Buffer {
  const m = /KeyMaterial type="ByteString" value="([0-9a-f]*)"/.exec(r.xml);
  assert.ok(m, r.xml);
  return Buffer.from(m[1] ?? '', 'hex');
}

function uids(r: BatchResult): string[] {
  return (r.payload?.value ?? []).flatMap((c) =>
    c.tag === Tag.UniqueIdentifier && c.type === 'TextString' ? [c.value] : [],
  );
}

/** A Big Integer in KMIP XML: two's complement hex, whole 8-byte words. */
function bigXml(n: bigint): string {
  let hex = n.toString(16);
  if (hex.length % 2 === 1 || /^[89a-f]/.test(hex)) hex = '0' + hex;
  const padded = hex.padStart(Math.ceil(hex.length / 16) * 16, '0');
  return `<PrimeFieldSize type="BigInteger" value="${padded}"/>`;
}

const PRIME_130 = (1n << 130n) - 5n;

function splitFields(method: string, parts: number, threshold: number, extra = ''): string {
  return `<SplitKeyParts type="Integer" value="${parts}"/><SplitKeyThreshold type="Integer" value="${threshold}"/>
    <SplitKeyMethod type="Enumeration" value="${method}"/>${extra}`;
}

/** Create Split Key of a new AES key in the version's payload form. */
function newSplitXml(version: string, fields: string, bits = 256, more = ''): string {
  const attrs = version.startsWith('2.')
    ? `<Attributes><CryptographicAlgorithm type="Enumeration" value="AES"/><CryptographicLength type="Integer" value="${bits}"/>
       <CryptographicUsageMask type="Integer" value="Encrypt Decrypt"/>${more}</Attributes>`
    : `<TemplateAttribute>${attr1x('Cryptographic Algorithm', 'Enumeration', 'AES')}${attr1x('Cryptographic Length', 'Integer', String(bits))}
       ${attr1x('Cryptographic Usage Mask', 'Integer', 'Encrypt Decrypt')}${more}</TemplateAttribute>`;
  return `<ObjectType type="Enumeration" value="SplitKey"/>${fields}${attrs}`;
}

function existingSplitXml(version: string, uid: string, fields: string): string {
  const attrs = version.startsWith('2.') ? '<Attributes/>' : '<TemplateAttribute/>';
  return `<ObjectType type="Enumeration" value="SplitKey"/>${uidXml(uid)}${fields}${attrs}`;
}

async function join(
  h: Harness,
  version: string,
  parts: readonly string[],
  type = 'SymmetricKey',
  extra = '',
) {
  return h.op(
    'JoinSplitKey',
    `<ObjectType type="Enumeration" value="${type}"/>${parts.map(uidXml).join('')}${extra}`,
    {
      version,
    },
  );
}

async function keyOf(h: Harness, version: string, uid: string): Promise<Buffer> {
  const r = await h.op('Get', uidXml(uid), { version });
  assert.equal(r.status, 'Success', r.xml);
  return material(r);
}

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
    assert.equal(await reason('CreateSplitKey', newSplitXml('1.4', '')), 'InvalidField');
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

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type BatchResult, withHarness } from '../../test/helpers/engine-harness.js';

function data(r: BatchResult): string | undefined {
  const c = r.payload?.value.find((i) => i.type === 'ByteString');
  return c?.type === 'ByteString' ? Buffer.from(c.value).toString('hex') : undefined;
}

const input = '<Data type="ByteString" value="01020304050607080910111213141516"/>';
const hashing = (alg: string): string =>
  `<CryptographicParameters><HashingAlgorithm type="Enumeration" value="${alg}"/></CryptographicParameters>`;

test('Hash gives the OASIS CS-AC-M-7 SHA-256 digest and a SHA3-256 one; no Cryptographic Parameters is Invalid Message (REQUIRED, 1.4 §11), an unsupported one Unsupported Cryptographic Parameters', async () => {
  await withHarness(async (h) => {
    const r = await h.op('Hash', hashing('SHA_256') + input, { version: '2.1' });
    assert.equal(r.status, 'Success', r.xml);
    assert.equal(data(r), 'ad41233d22cf9322e3a7ff49a13da434797abed3bab80950a1a0d4e582b7ea72');
    const empty = await h.op('Hash', hashing('SHA3_256') + '<Data type="ByteString" value=""/>', {
      version: '2.1',
    });
    assert.equal(data(empty), 'a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a');
    assert.equal((await h.op('Hash', input, { version: '2.1' })).reason, 'InvalidMessage');
    assert.equal(
      (await h.op('Hash', hashing('Tiger') + input, { version: '2.1' })).reason,
      'UnsupportedCryptographicParameters',
    );
    assert.equal((await h.op('Hash', hashing('Tiger') + input, { version: '1.4' })).reason, 'InvalidField');
  });
});

test('RNG Retrieve returns Data Length fresh bytes and refuses an absurd length; RNG Seed takes none (Data Length 0)', async () => {
  await withHarness(async (h) => {
    const a = await h.op('RNGRetrieve', '<DataLength type="Integer" value="32"/>');
    const b = await h.op('RNGRetrieve', '<DataLength type="Integer" value="32"/>');
    assert.equal(data(a)?.length, 64);
    assert.notEqual(data(a), data(b));
    assert.equal(
      (await h.op('RNGRetrieve', '<DataLength type="Integer" value="-1"/>')).reason,
      'InvalidField',
    );
    assert.equal(
      (await h.op('RNGRetrieve', '<DataLength type="Integer" value="100000000"/>')).reason,
      'InvalidField',
    );
    const seed = await h.op('RNGSeed', '<Data type="ByteString" value="333c06587706225099a67438f263f8f9"/>', {
      version: '2.1',
    });
    assert.match(seed.xml, /DataLength type="Integer" value="0"/);
  });
});

test('multi-part Hash: Init gives a Correlation Value, the final part the digest of all the parts', async () => {
  await withHarness(async (h) => {
    const v = { version: '2.1' };
    const first = await h.op(
      'Hash',
      hashing('SHA_256') +
        '<Data type="ByteString" value="0102030405060708"/><InitIndicator type="Boolean" value="true"/>',
      v,
    );
    assert.equal(first.status, 'Success', first.xml);
    const cv = /CorrelationValue type="ByteString" value="([0-9a-f]+)"/.exec(first.xml)?.[1];
    assert.ok(cv, first.xml);
    const last = await h.op(
      'Hash',
      `<Data type="ByteString" value="0910111213141516"/><CorrelationValue type="ByteString" value="${cv}"/><FinalIndicator type="Boolean" value="true"/>`,
      v,
    );
    assert.equal(data(last), 'ad41233d22cf9322e3a7ff49a13da434797abed3bab80950a1a0d4e582b7ea72');
    const reuse = await h.op(
      'Hash',
      `<Data type="ByteString" value="00"/><CorrelationValue type="ByteString" value="${cv}"/>`,
      v,
    );
    assert.equal(reuse.reason, 'InvalidCorrelationValue');
  });
});

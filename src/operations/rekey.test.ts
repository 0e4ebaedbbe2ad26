import { test } from 'node:test';
import assert from 'node:assert/strict';
import { payloadText, batchResult, withHarness } from '../../test/helpers/engine-harness.js';
import { attr1x, createKey, name1x, name2x, uidXml } from '../../test/helpers/object-fixtures.js';
import { Tag } from '../spec/generated/tags.js';

const attrNames = (...names: string[]): string =>
  names.map((n) => `<AttributeName type="TextString" value="${n}"/>`).join('');

test('PyKMIP-style ReKey (1.2, Offset 0): an Active AES-256 replacement that takes the Name, linked both ways', async () => {
  await withHarness(async (h) => {
    const old = await createKey(h, { version: '1.2', name: 'rekey-source' });
    await h.op('Activate', uidXml(old), { version: '1.2' });
    const r = await h.op('ReKey', uidXml(old) + '<Offset type="Interval" value="0"/>', { version: '1.2' });
    assert.equal(r.status, 'Success', r.xml);
    const uid = payloadText(r, Tag.UniqueIdentifier)!;
    assert.notEqual(uid, old);
    const got = await h.op('Get', uidXml(uid), { version: '1.2' });
    assert.match(got.xml, /KeyMaterial type="ByteString" value="[0-9a-f]{64}"/);
    assert.match(got.xml, /CryptographicLength type="Integer" value="256"/);
    const now = await h.op(
      'GetAttributes',
      uidXml(uid) + attrNames('State', 'Name', 'Link', 'Cryptographic Usage Mask'),
      { version: '1.2' },
    );
    assert.match(now.xml, /AttributeValue type="Enumeration" value="Active"/);
    assert.match(now.xml, /NameValue type="TextString" value="rekey-source"/);
    assert.match(now.xml, new RegExp(`ReplacedObjectLink.*${old}`, 's'));
    assert.match(now.xml, /AttributeValue type="Integer" value="Encrypt Decrypt"/);
    const before = await h.op('GetAttributes', uidXml(old) + attrNames('Name', 'Link'), { version: '1.2' });
    assert.doesNotMatch(before.xml, /rekey-source/);
    assert.match(before.xml, new RegExp(`ReplacementObjectLink.*${uid}`, 's'));
  });
});

test('ReKey without Offset copies the dates; with an Offset it moves them by the same amount (KMIP 2.1 Table 303)', async () => {
  await withHarness(async (h) => {
    const t0 = Math.floor(Date.now() / 1000) - 100;
    const iso = (s: number): string => new Date(s * 1000).toISOString().replace(/\.\d+Z$/, '+00:00');
    const extra = `<ActivationDate type="DateTime" value="${iso(t0)}"/><DeactivationDate type="DateTime" value="${iso(t0 + 86400)}"/>`;
    const old = await createKey(h, { version: '2.1', extra });
    const same = await h.op('ReKey', uidXml(old), { version: '2.1' });
    const s = await h.op(
      'GetAttributes',
      uidXml(payloadText(same, Tag.UniqueIdentifier)!) +
        '<AttributeReference type="Enumeration" value="DeactivationDate"/><AttributeReference type="Enumeration" value="State"/>',
      { version: '2.1' },
    );
    assert.ok(s.xml.includes(`DeactivationDate type="DateTime" value="${iso(t0 + 86400)}"`), s.xml);
    assert.match(s.xml, /State type="Enumeration" value="Active"/);
    const moved = await h.op('ReKey', uidXml(old) + '<Offset type="Interval" value="3600"/>', {
      version: '2.1',
    });
    const m = await h.op(
      'GetAttributes',
      uidXml(payloadText(moved, Tag.UniqueIdentifier)!) +
        '<AttributeReference type="Enumeration" value="ActivationDate"/><AttributeReference type="Enumeration" value="DeactivationDate"/><AttributeReference type="Enumeration" value="State"/>',
      { version: '2.1' },
    );
    assert.match(m.xml, /State type="Enumeration" value="PreActive"/);
    const act = /ActivationDate type="DateTime" value="([^"]+)"/.exec(m.xml)?.[1];
    const deact = /DeactivationDate type="DateTime" value="([^"]+)"/.exec(m.xml)?.[1];
    assert.ok(act !== undefined && deact !== undefined, m.xml);
    assert.equal((Date.parse(deact) - Date.parse(act)) / 1000, 86400);
  });
});

test('ReKey of a private key is Invalid Object Type', async () => {
  await withHarness(async (h) => {
    const r = await h.op(
      'CreateKeyPair',
      `<CommonAttributes><CryptographicAlgorithm type="Enumeration" value="RSA"/><CryptographicLength type="Integer" value="1024"/><CryptographicUsageMask type="Integer" value="Sign Verify"/></CommonAttributes>`,
      { version: '2.1' },
    );
    assert.equal(
      (await h.op('ReKey', uidXml(payloadText(r, Tag.PrivateKeyUniqueIdentifier)!), { version: '2.1' }))
        .reason,
      'InvalidObjectType',
    );
  });
});

test('ReKeyKeyPair (1.4, ID Placeholder from CreateKeyPair) replaces both keys: same algorithm and length, Names moved, links set', async () => {
  await withHarness(async (h) => {
    const ckp = `${'<CommonTemplateAttribute>'}${attr1x('Cryptographic Algorithm', 'Enumeration', 'RSA')}${attr1x('Cryptographic Length', 'Integer', '1024')}</CommonTemplateAttribute>
      <PrivateKeyTemplateAttribute>${name1x('rkp-priv')}${attr1x('Cryptographic Usage Mask', 'Integer', 'Sign')}</PrivateKeyTemplateAttribute>
      <PublicKeyTemplateAttribute>${name1x('rkp-pub')}${attr1x('Cryptographic Usage Mask', 'Integer', 'Verify')}</PublicKeyTemplateAttribute>`;
    const xml = `<RequestMessage><RequestHeader><ProtocolVersion><ProtocolVersionMajor type="Integer" value="1"/><ProtocolVersionMinor type="Integer" value="4"/></ProtocolVersion><BatchCount type="Integer" value="2"/></RequestHeader>
      <BatchItem><Operation type="Enumeration" value="CreateKeyPair"/><RequestPayload>${ckp}</RequestPayload></BatchItem>
      <BatchItem><Operation type="Enumeration" value="ReKeyKeyPair"/><RequestPayload/></BatchItem></RequestMessage>`;
    const resp = await h.send(xml);
    const first = batchResult(resp, 0);
    const second = batchResult(resp, 1);
    assert.equal(second.status, 'Success', second.xml);
    const oldPriv = payloadText(first, Tag.PrivateKeyUniqueIdentifier)!;
    const newPriv = payloadText(second, Tag.PrivateKeyUniqueIdentifier)!;
    const newPub = payloadText(second, Tag.PublicKeyUniqueIdentifier)!;
    const a = await h.op(
      'GetAttributes',
      uidXml(newPriv) +
        attrNames(
          'Name',
          'Link',
          'Cryptographic Length',
          'Cryptographic Algorithm',
          'Cryptographic Usage Mask',
        ),
    );
    assert.match(a.xml, /rkp-priv/);
    assert.match(a.xml, new RegExp(`PublicKeyLink.*${newPub}`, 's'));
    assert.match(a.xml, new RegExp(`ReplacedObjectLink.*${oldPriv}`, 's'));
    assert.match(a.xml, /AttributeValue type="Integer" value="1024"/);
    assert.match(a.xml, /AttributeValue type="Integer" value="Sign"/);
    const p = await h.op('GetAttributes', uidXml(newPub) + attrNames('Name', 'Link'));
    assert.match(p.xml, /rkp-pub/);
    assert.match(p.xml, new RegExp(`PrivateKeyLink.*${newPriv}`, 's'));
    const old = await h.op('GetAttributes', uidXml(oldPriv) + attrNames('Name', 'Link'));
    assert.doesNotMatch(old.xml, /rkp-priv/);
    assert.match(old.xml, new RegExp(`ReplacementObjectLink.*${newPriv}`, 's'));
  });
});

test('ReKeyKeyPair keeps the curve of an EC pair (2.1)', async () => {
  await withHarness(async (h) => {
    const r = await h.op(
      'CreateKeyPair',
      `<CommonAttributes><CryptographicAlgorithm type="Enumeration" value="ECDSA"/><CryptographicLength type="Integer" value="384"/></CommonAttributes>
       <PrivateKeyAttributes>${name2x('ec-priv')}<CryptographicUsageMask type="Integer" value="Sign"/></PrivateKeyAttributes>
       <PublicKeyAttributes><CryptographicUsageMask type="Integer" value="Verify"/></PublicKeyAttributes>`,
      { version: '2.1' },
    );
    const priv = payloadText(r, Tag.PrivateKeyUniqueIdentifier)!;
    const rk = await h.op('ReKeyKeyPair', `<PrivateKeyUniqueIdentifier type="TextString" value="${priv}"/>`, {
      version: '2.1',
    });
    assert.equal(rk.status, 'Success', rk.xml);
    const t = await h.op(
      'Get',
      uidXml(payloadText(rk, Tag.PublicKeyUniqueIdentifier)!) +
        '<KeyFormatType type="Enumeration" value="TransparentECPublicKey"/>',
      { version: '2.1' },
    );
    assert.match(t.xml, /RecommendedCurve type="Enumeration" value="P_384"/);
  });
});

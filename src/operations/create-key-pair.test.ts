import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { payloadText, batchResult, type Harness, withHarness } from '../../test/helpers/engine-harness.js';
import { attr1x, name1x, name2x, uidXml } from '../../test/helpers/object-fixtures.js';
import { Tag } from '../spec/generated/tags.js';
import type { StructureItem, TtlvItem } from '../ttlv/item.js';

const template = (tag: string, attrs: string): string => `<${tag}>${attrs}</${tag}>`;

function pair14(alg: string, length: number, privName: string, pubName: string, extraCommon = ''): string {
  return (
    template(
      'CommonTemplateAttribute',
      attr1x('Cryptographic Algorithm', 'Enumeration', alg) +
        attr1x('Cryptographic Length', 'Integer', String(length)) +
        extraCommon,
    ) +
    template(
      'PrivateKeyTemplateAttribute',
      name1x(privName) + attr1x('Cryptographic Usage Mask', 'Integer', 'Sign'),
    ) +
    template(
      'PublicKeyTemplateAttribute',
      name1x(pubName) + attr1x('Cryptographic Usage Mask', 'Integer', 'Verify'),
    )
  );
}

function find(s: TtlvItem | undefined, tag: number): TtlvItem | undefined {
  return s?.type === 'Structure' ? s.value.find((c) => c.tag === tag) : undefined;
}

function keyBlock(r: { payload: StructureItem | undefined }, objectTag: number): StructureItem {
  const kb = find(find(r.payload, objectTag), Tag.KeyBlock);
  assert.equal(kb?.type, 'Structure');
  return kb;
}

function material(kb: StructureItem): TtlvItem | undefined {
  return find(find(kb, Tag.KeyValue), Tag.KeyMaterial);
}

test('CreateKeyPair (1.4) makes an RSA pair stored as PKCS#1, linked both ways, each key usable by node', async () => {
  await withHarness(async (h) => {
    const r = await h.op('CreateKeyPair', pair14('RSA', 1024, 'ckp-priv', 'ckp-pub'));
    assert.equal(r.status, 'Success', r.xml);
    const priv = payloadText(r, Tag.PrivateKeyUniqueIdentifier)!;
    const pub = payloadText(r, Tag.PublicKeyUniqueIdentifier)!;
    assert.notEqual(priv, pub);
    const gp = await h.op('Get', uidXml(priv));
    assert.match(gp.xml, /ObjectType type="Enumeration" value="PrivateKey"/);
    const kb = keyBlock(gp, Tag.PrivateKey);
    assert.match(gp.xml, /KeyFormatType type="Enumeration" value="PKCS_1"/);
    const m = material(kb);
    assert.equal(m?.type, 'ByteString');
    const key = createPrivateKey({
      key: Buffer.from((m as { value: Uint8Array }).value),
      format: 'der',
      type: 'pkcs1',
    });
    assert.equal(key.asymmetricKeyDetails?.modulusLength, 1024);
    const gpub = await h.op('Get', uidXml(pub));
    const pm = material(keyBlock(gpub, Tag.PublicKey)) as { value: Uint8Array };
    const pk = createPublicKey({ key: Buffer.from(pm.value), format: 'der', type: 'pkcs1' });
    assert.equal(pk.export({ format: 'jwk' }).n, key.export({ format: 'jwk' }).n);
    const links = await h.op(
      'GetAttributes',
      uidXml(priv) + '<AttributeName type="TextString" value="Link"/>',
    );
    assert.match(links.xml, /LinkType type="Enumeration" value="PublicKeyLink"/);
    assert.match(links.xml, new RegExp(`LinkedObjectIdentifier type="TextString" value="${pub}"`));
    const back = await h.op(
      'GetAttributes',
      uidXml(pub) +
        '<AttributeName type="TextString" value="Link"/><AttributeName type="TextString" value="Cryptographic Usage Mask"/>',
    );
    assert.match(back.xml, /LinkType type="Enumeration" value="PrivateKeyLink"/);
    assert.match(back.xml, /AttributeValue type="Integer" value="Verify"/);
  });
});

test('the ID Placeholder after CreateKeyPair is the private key', async () => {
  await withHarness(async (h) => {
    const xml = `<RequestMessage><RequestHeader><ProtocolVersion><ProtocolVersionMajor type="Integer" value="1"/><ProtocolVersionMinor type="Integer" value="4"/></ProtocolVersion><BatchCount type="Integer" value="2"/></RequestHeader>
      <BatchItem><Operation type="Enumeration" value="CreateKeyPair"/><RequestPayload>${pair14('RSA', 1024, 'ph-priv', 'ph-pub')}</RequestPayload></BatchItem>
      <BatchItem><Operation type="Enumeration" value="GetAttributes"/><RequestPayload><AttributeName type="TextString" value="Object Type"/></RequestPayload></BatchItem></RequestMessage>`;
    const resp = await h.send(xml);
    const second = batchResult(resp, 1);
    assert.equal(second.status, 'Success', second.xml);
    assert.match(second.xml, /AttributeValue type="Enumeration" value="PrivateKey"/);
  });
});

test('CreateKeyPair (2.1) with Common/Private/Public Attributes makes EC P-256, Ed25519 and EC by Recommended Curve', async () => {
  await withHarness(async (h) => {
    const make = (
      common: string,
      n: string,
    ): Promise<ReturnType<Harness['op']> extends Promise<infer R> ? R : never> =>
      h.op(
        'CreateKeyPair',
        `<CommonAttributes>${common}</CommonAttributes>
         <PrivateKeyAttributes>${name2x(`${n}-priv`)}<CryptographicUsageMask type="Integer" value="Sign"/></PrivateKeyAttributes>
         <PublicKeyAttributes>${name2x(`${n}-pub`)}<CryptographicUsageMask type="Integer" value="Verify"/></PublicKeyAttributes>`,
        { version: '2.1' },
      );
    const ec = await make(
      '<CryptographicAlgorithm type="Enumeration" value="ECDSA"/><CryptographicLength type="Integer" value="256"/>',
      'ec',
    );
    assert.equal(ec.status, 'Success', ec.xml);
    const priv = payloadText(ec, Tag.PrivateKeyUniqueIdentifier)!;
    const pub = payloadText(ec, Tag.PublicKeyUniqueIdentifier)!;
    const gp = await h.op('Get', uidXml(priv), { version: '2.1' });
    assert.match(gp.xml, /KeyFormatType type="Enumeration" value="PKCS_8"/);
    const gq = await h.op('Get', uidXml(pub), { version: '2.1' });
    assert.match(gq.xml, /KeyFormatType type="Enumeration" value="X_509"/);
    const t = await h.op(
      'Get',
      uidXml(pub) + '<KeyFormatType type="Enumeration" value="TransparentECPublicKey"/>',
      { version: '2.1' },
    );
    assert.match(t.xml, /RecommendedCurve type="Enumeration" value="P_256"/);
    assert.match(t.xml, /QString type="ByteString" value="04[0-9a-f]{128}"/);
    const ed = await make('<CryptographicAlgorithm type="Enumeration" value="Ed25519"/>', 'ed');
    assert.equal(ed.status, 'Success', ed.xml);
    const edPub = await h.op('Get', uidXml(payloadText(ed, Tag.PublicKeyUniqueIdentifier)!), {
      version: '2.1',
    });
    assert.match(edPub.xml, /CryptographicLength type="Integer" value="256"/);
    const curve = await make(
      '<CryptographicAlgorithm type="Enumeration" value="EC"/><CryptographicDomainParameters><RecommendedCurve type="Enumeration" value="P_384"/></CryptographicDomainParameters>',
      'p384',
    );
    assert.equal(curve.status, 'Success', curve.xml);
    const c = await h.op('Get', uidXml(payloadText(curve, Tag.PrivateKeyUniqueIdentifier)!), {
      version: '2.1',
    });
    assert.match(c.xml, /CryptographicLength type="Integer" value="384"/);
  });
});

test('Get converts RSA keys between PKCS#1, PKCS#8, X.509 and Transparent, and refuses what does not fit', async () => {
  await withHarness(async (h) => {
    const r = await h.op('CreateKeyPair', pair14('RSA', 1024, 'fmt-priv', 'fmt-pub'));
    const priv = payloadText(r, Tag.PrivateKeyUniqueIdentifier)!;
    const pub = payloadText(r, Tag.PublicKeyUniqueIdentifier)!;
    const as = (uid: string, f: string): ReturnType<Harness['op']> =>
      h.op('Get', uidXml(uid) + `<KeyFormatType type="Enumeration" value="${f}"/>`);
    const p8 = await as(priv, 'PKCS_8');
    assert.equal(p8.status, 'Success', p8.xml);
    const der = material(keyBlock(p8, Tag.PrivateKey)) as { value: Uint8Array };
    assert.equal(
      createPrivateKey({ key: Buffer.from(der.value), format: 'der', type: 'pkcs8' }).asymmetricKeyType,
      'rsa',
    );
    const tr = await as(priv, 'TransparentRSAPrivateKey');
    for (const f of [
      'Modulus',
      'PrivateExponent',
      'PublicExponent',
      'P',
      'Q',
      'PrimeExponentP',
      'PrimeExponentQ',
      'CRTCoefficient',
    ]) {
      assert.match(tr.xml, new RegExp(`<${f} type="BigInteger"`), f);
    }
    const spki = await as(pub, 'X_509');
    assert.equal(spki.status, 'Success', spki.xml);
    const tp = await as(pub, 'TransparentRSAPublicKey');
    assert.match(tp.xml, /PublicExponent type="BigInteger" value="(0x)?0*10001"/i);
    assert.equal((await as(priv, 'X_509')).reason, 'KeyFormatTypeNotSupported');
    assert.equal((await as(pub, 'PKCS_8')).reason, 'KeyFormatTypeNotSupported');
    assert.equal((await as(pub, 'TransparentSymmetricKey')).reason, 'KeyFormatTypeNotSupported');
  });
});

test('CreateKeyPair refuses a missing usage mask, different algorithms, a bad length and a shared Name', async () => {
  await withHarness(async (h) => {
    const noMask =
      template(
        'CommonTemplateAttribute',
        attr1x('Cryptographic Algorithm', 'Enumeration', 'RSA') +
          attr1x('Cryptographic Length', 'Integer', '1024'),
      ) + template('PrivateKeyTemplateAttribute', attr1x('Cryptographic Usage Mask', 'Integer', 'Sign'));
    assert.equal((await h.op('CreateKeyPair', noMask)).reason, 'InvalidField');
    const differ =
      template(
        'CommonTemplateAttribute',
        attr1x('Cryptographic Length', 'Integer', '1024') +
          attr1x('Cryptographic Usage Mask', 'Integer', 'Sign'),
      ) +
      template('PrivateKeyTemplateAttribute', attr1x('Cryptographic Algorithm', 'Enumeration', 'RSA')) +
      template('PublicKeyTemplateAttribute', attr1x('Cryptographic Algorithm', 'Enumeration', 'ECDSA'));
    assert.equal((await h.op('CreateKeyPair', differ)).reason, 'InvalidField');
    assert.equal(
      (await h.op('CreateKeyPair', pair14('RSA', 512, 'small-a', 'small-b'))).reason,
      'InvalidField',
    );
    assert.equal(
      (await h.op('CreateKeyPair', pair14('ECDSA', 200, 'curve-a', 'curve-b'))).reason,
      'InvalidField',
    );
    const shared = `<CommonAttributes><CryptographicAlgorithm type="Enumeration" value="RSA"/><CryptographicLength type="Integer" value="1024"/>
      <CryptographicUsageMask type="Integer" value="Sign Verify"/></CommonAttributes>
      <PrivateKeyAttributes>${name2x('same')}</PrivateKeyAttributes><PublicKeyAttributes>${name2x('same')}</PublicKeyAttributes>`;
    assert.equal((await h.op('CreateKeyPair', shared, { version: '2.1' })).reason, 'NonUniqueNameAttribute');
  });
});

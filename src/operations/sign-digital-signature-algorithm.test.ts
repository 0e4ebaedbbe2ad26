// Sign and Signature Verify with a Digital Signature Algorithm and no Hashing Algorithm (KMIP 2.1
// §4.9 / 1.4 §3.6: "either the Digital Signature Algorithm can be specified or the Cryptographic
// Algorithm and Hashing Algorithm combination"): the hash is the one the algorithm's name gives.
// Every enumeration value naming a hash is tried, with the parameters in the request and as the
// key's Cryptographic Parameters attribute, at 1.x and 2.x; each signature is checked by OpenSSL
// with the hash read from the enumeration name, not from the server's table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { type Harness, payloadBytes, payloadText, withHarness } from '../../test/helpers/engine-harness.js';
import { uidXml } from '../../test/helpers/object-fixtures.js';
import { DigitalSignatureAlgorithm } from '../spec/generated/enums.js';
import { Tag } from '../spec/generated/tags.js';

const DATA = Buffer.from('signed with the hash the Digital Signature Algorithm names');
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** The OpenSSL digest an enumeration name implies: SHA_256… → sha256, SHA3_384… → sha3-384. */
function hashOfName(name: string): string | undefined {
  const h = /MD2|MD5|SHA3_\d+|SHA_?\d+/.exec(name)?.[0];
  if (h === undefined) return undefined;
  return h.startsWith('SHA3_') ? `sha3-${h.slice(5)}` : h.replace('_', '').toLowerCase();
}

/** Key algorithm and length for each family of names; DSA keys and MD2 are not offered. */
function keyFor(name: string): readonly [string, number] | undefined {
  if (name.startsWith('ECDSA')) return ['ECDSA', 256];
  if (name.endsWith('WithRSAEncryption') && !name.startsWith('MD2')) return ['RSA', 1024];
  return undefined;
}

const CASES = Object.entries(DigitalSignatureAlgorithm).flatMap(([name, value]) => {
  const hash = hashOfName(name);
  const key = keyFor(name);
  return hash === undefined || key === undefined ? [] : [{ name, value, hash, key }];
});

const dsaParams = (name: string): string =>
  `<CryptographicParameters><DigitalSignatureAlgorithm type="Enumeration" value="${name}"/></CryptographicParameters>`;

function attr1x(name: string, type: string, value: string): string {
  return `<Attribute><AttributeName type="TextString" value="${name}"/><AttributeValue type="${type}" value="${value}"/></Attribute>`;
}

/** An active pair; `keyParams` puts the Cryptographic Parameters on both keys. */
async function pair(
  h: Harness,
  version: string,
  [alg, length]: readonly [string, number],
  keyParams: string,
): Promise<{ priv: string; pub: string }> {
  const v2 = version.startsWith('2.');
  const cp1x =
    keyParams === ''
      ? ''
      : keyParams.replace(
          /^<CryptographicParameters>(.*)<\/CryptographicParameters>$/,
          '<Attribute><AttributeName type="TextString" value="Cryptographic Parameters"/><AttributeValue>$1</AttributeValue></Attribute>',
        );
  const body = v2
    ? `<CommonAttributes><CryptographicAlgorithm type="Enumeration" value="${alg}"/><CryptographicLength type="Integer" value="${length}"/>${keyParams}</CommonAttributes>
       <PrivateKeyAttributes><CryptographicUsageMask type="Integer" value="Sign"/></PrivateKeyAttributes>
       <PublicKeyAttributes><CryptographicUsageMask type="Integer" value="Verify"/></PublicKeyAttributes>`
    : `<CommonTemplateAttribute>${attr1x('Cryptographic Algorithm', 'Enumeration', alg)}${attr1x('Cryptographic Length', 'Integer', String(length))}${cp1x}</CommonTemplateAttribute>
       <PrivateKeyTemplateAttribute>${attr1x('Cryptographic Usage Mask', 'Integer', 'Sign')}</PrivateKeyTemplateAttribute>
       <PublicKeyTemplateAttribute>${attr1x('Cryptographic Usage Mask', 'Integer', 'Verify')}</PublicKeyTemplateAttribute>`;
  const r = await h.op('CreateKeyPair', body, { version });
  assert.equal(r.status, 'Success', r.xml);
  const priv = payloadText(r, Tag.PrivateKeyUniqueIdentifier)!;
  const pub = payloadText(r, Tag.PublicKeyUniqueIdentifier)!;
  for (const uid of [priv, pub])
    assert.equal((await h.op('Activate', uidXml(uid), { version })).status, 'Success');
  return { priv, pub };
}

test('every Digital Signature Algorithm naming a hash is covered (RSA PKCS#1 v1.5 and SHA-3 forms, ECDSA)', () => {
  assert.deepEqual(
    CASES.map((c) => c.name),
    [
      'MD5WithRSAEncryption',
      'SHA_1WithRSAEncryption',
      'SHA_224WithRSAEncryption',
      'SHA_256WithRSAEncryption',
      'SHA_384WithRSAEncryption',
      'SHA_512WithRSAEncryption',
      'ECDSAWithSHA_1',
      'ECDSAWithSHA224',
      'ECDSAWithSHA256',
      'ECDSAWithSHA384',
      'ECDSAWithSHA512',
      'SHA3_256WithRSAEncryption',
      'SHA3_384WithRSAEncryption',
      'SHA3_512WithRSAEncryption',
    ],
  );
});

for (const version of ['1.4', '2.1']) {
  for (const where of ['request', 'key attribute'] as const) {
    test(`KMIP ${version}, Digital Signature Algorithm in the ${where}: Sign hashes as the algorithm names, Signature Verify agrees`, async () => {
      await withHarness(async (h) => {
        for (const c of CASES) {
          const params = dsaParams(c.name);
          const { priv, pub } = await pair(h, version, c.key, where === 'key attribute' ? params : '');
          const sent = where === 'request' ? params : '';
          const data = `<Data type="ByteString" value="${hex(DATA)}"/>`;
          const s = await h.op('Sign', uidXml(priv) + sent + data, { version });
          assert.equal(s.status, 'Success', `${c.name}: ${s.xml}`);
          const signature = payloadBytes(s, Tag.SignatureData)!;
          const spki = await h.op('Get', uidXml(pub) + '<KeyFormatType type="Enumeration" value="X_509"/>', {
            version,
          });
          const der = Buffer.from(
            /KeyMaterial type="ByteString" value="([0-9a-f]+)"/.exec(spki.xml)?.[1] ?? '',
            'hex',
          );
          const key = createPublicKey({ key: der, format: 'der', type: 'spki' });
          assert.equal(verify(c.hash, DATA, key, signature), true, `${c.name}: OpenSSL ${c.hash} verifies`);
          const v = await h.op(
            'SignatureVerify',
            uidXml(pub) + sent + data + `<SignatureData type="ByteString" value="${hex(signature)}"/>`,
            { version },
          );
          assert.match(v.xml, /ValidityIndicator type="Enumeration" value="Valid"/, c.name);
        }
      });
    });
  }
}

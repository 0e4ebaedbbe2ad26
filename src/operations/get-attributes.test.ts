// Get Attributes naming no attribute (KMIP 1.4 §4.12: "all attributes SHALL be deemed to match";
// 2.1 §6.1.24) answers every attribute the object has that the request's version defines, and
// nothing newer: Link (1.0), Fresh (1.1), Original Creation Date and Alternative Name (1.2),
// Random Number Generator (1.3), Sensitive and Extractable (1.4), Protection Storage Mask (2.0).
// 1.x answers give each Attribute Index, 0 included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  type BatchResult,
  type Harness,
  payloadText,
  withHarness,
} from '../../test/helpers/engine-harness.js';
import { attr1x, uidXml } from '../../test/helpers/object-fixtures.js';
import { Tag } from '../spec/generated/tags.js';
import { tagInfo } from '../spec/registry.js';

const ALTERNATIVE_NAME =
  '<Attribute><AttributeName type="TextString" value="Alternative Name"/><AttributeValue>' +
  '<AlternativeNameValue type="TextString" value="backup"/><AlternativeNameType type="Enumeration" value="UninterpretedTextString"/>' +
  '</AttributeValue></Attribute>';

/** An RSA private key (linked to its public key) with an Alternative Name, made at 1.4. */
async function privateKey(h: Harness): Promise<string> {
  const template = (tag: string, attrs: string): string => `<${tag}>${attrs}</${tag}>`;
  const r = await h.op(
    'CreateKeyPair',
    template(
      'CommonTemplateAttribute',
      attr1x('Cryptographic Algorithm', 'Enumeration', 'RSA') +
        attr1x('Cryptographic Length', 'Integer', '1024'),
    ) +
      template('PrivateKeyTemplateAttribute', attr1x('Cryptographic Usage Mask', 'Integer', 'Sign')) +
      template('PublicKeyTemplateAttribute', attr1x('Cryptographic Usage Mask', 'Integer', 'Verify')),
  );
  assert.equal(r.status, 'Success', r.xml);
  const uid = payloadText(r, Tag.PrivateKeyUniqueIdentifier);
  assert.ok(uid);
  const added = await h.op('AddAttribute', uidXml(uid) + ALTERNATIVE_NAME);
  assert.equal(added.status, 'Success', added.xml);
  return uid;
}

/** The attribute names of a Get Attributes answer, 1.x or 2.x form. */
function names(r: BatchResult): Set<string> {
  const out = new Set<string>();
  for (const c of r.payload?.value ?? []) {
    if (c.tag === Tag.Attribute && c.type === 'Structure') {
      const name = c.value.find((v) => v.tag === Tag.AttributeName);
      if (name?.type === 'TextString') out.add(name.value);
    } else if (c.tag === Tag.Attributes && c.type === 'Structure') {
      for (const a of c.value) out.add(tagInfo(a.tag)?.name ?? `0x${a.tag.toString(16)}`);
    }
  }
  return out;
}

const ALL_VERSIONS = ['1.0', '1.1', '1.2', '1.3', '1.4', '2.0', '2.1'] as const;
/** Attributes this object has, with the first version that defines each (the spec's tables). */
const SINCE: Readonly<Record<string, (typeof ALL_VERSIONS)[number]>> = {
  Link: '1.0',
  'Cryptographic Algorithm': '1.0',
  'Lease Time': '1.0',
  Fresh: '1.1',
  'Original Creation Date': '1.2',
  'Alternative Name': '1.2',
  'Random Number Generator': '1.3',
  Sensitive: '1.4',
  Extractable: '1.4',
  'Never Extractable': '1.4',
  'Protection Storage Mask': '2.0',
};

for (const version of ALL_VERSIONS) {
  test(`KMIP ${version}: naming no attribute answers every attribute the object has that ${version} defines`, async () => {
    await withHarness(async (h) => {
      const uid = await privateKey(h);
      const r = await h.op('GetAttributes', uidXml(uid), { version });
      assert.equal(r.status, 'Success', r.xml);
      const got = names(r);
      for (const [name, since] of Object.entries(SINCE)) {
        const defined = ALL_VERSIONS.indexOf(since) <= ALL_VERSIONS.indexOf(version);
        assert.equal(got.has(name), defined, `${name} (since ${since}) at ${version}`);
      }
      if (version.startsWith('1.')) {
        assert.doesNotMatch(
          r.xml,
          /<Attribute>\s*<AttributeName[^>]*\/>\s*<AttributeValue/,
          'every index given',
        );
        assert.match(
          r.xml,
          /AttributeName type="TextString" value="Link"\/>\s*<AttributeIndex type="Integer" value="0"/,
        );
      }
    });
  });
}

test('naming attributes answers just those, the ones the object lacks left out', async () => {
  await withHarness(async (h) => {
    const uid = await privateKey(h);
    const named =
      uidXml(uid) +
      ['Link', 'Object Group', 'Alternative Name']
        .map((n) => `<AttributeName type="TextString" value="${n}"/>`)
        .join('');
    const r = await h.op('GetAttributes', named, { version: '1.2' });
    assert.deepEqual([...names(r)].sort(), ['Alternative Name', 'Link']);
  });
});

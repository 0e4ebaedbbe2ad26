// Templates at KMIP 1.0–1.4, from the specification text (1.4 §2.1.8, §2.2.6, §4 intro, §4.2,
// §4.21, §11.2–11.4) and their absence at 2.x (2.1 §11.34: Object Type 6 is reserved).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { payloadText, withHarness, type Harness } from '../../../test/helpers/engine-harness.js';
import { Tag } from '../../spec/generated/tags.js';
import { dateItem, withSingle } from '../../objects/managed-object.js';

const attr = (name: string, type: string, value: string): string =>
  `<Attribute><AttributeName type="TextString" value="${name}"/><AttributeValue type="${type}" value="${value}"/></Attribute>`;
const name = (value: string): string =>
  `<Attribute><AttributeName type="TextString" value="Name"/><AttributeValue><NameValue type="TextString" value="${value}"/>` +
  '<NameType type="Enumeration" value="UninterpretedTextString"/></AttributeValue></Attribute>';
const templateName = (value: string): string =>
  `<Name><NameValue type="TextString" value="${value}"/><NameType type="Enumeration" value="UninterpretedTextString"/></Name>`;
/** An attribute in an answer: its name, then (1.x) Attribute Index 0, then its value. */
const attrValue = (name: string, type: string, value: string): RegExp =>
  new RegExp(
    `value="${name}"/>\\s*(<AttributeIndex[^>]*/>\\s*)?<AttributeValue type="${type}" value="${value}"`,
  );
const uid = (v: string): string => `<UniqueIdentifier type="TextString" value="${v}"/>`;

async function registerTemplate(
  h: Harness,
  tplName: string,
  contents: string,
  opts: { version?: string; identity?: string; own?: string } = {},
): Promise<string> {
  const r = await h.op(
    'Register',
    `<ObjectType type="Enumeration" value="Template"/><TemplateAttribute>${name(tplName)}${opts.own ?? ''}</TemplateAttribute>` +
      `<Template>${contents}</Template>`,
    opts,
  );
  assert.equal(r.status, 'Success', r.xml);
  return payloadText(r, Tag.UniqueIdentifier) ?? '';
}

async function createWith(
  h: Harness,
  templateAttribute: string,
  identity?: string,
): Promise<ReturnType<Harness['op']>> {
  return h.op(
    'Create',
    `<ObjectType type="Enumeration" value="SymmetricKey"/><TemplateAttribute>${templateAttribute}</TemplateAttribute>`,
    identity === undefined ? {} : { identity },
  );
}

async function attributesXml(h: Harness, id: string, version = '1.4'): Promise<string> {
  const r = await h.op('GetAttributes', uid(id), { version });
  assert.equal(r.status, 'Success', r.xml);
  return r.xml;
}

const AES_256 =
  attr('Cryptographic Algorithm', 'Enumeration', 'AES') +
  attr('Cryptographic Length', 'Integer', '256') +
  attr('Cryptographic Usage Mask', 'Integer', 'Encrypt Decrypt');

test('§2.2.6: a registered Template gives its attributes to an object created naming it', async () => {
  await withHarness(async (h) => {
    for (const version of ['1.0', '1.2', '1.4']) {
      await registerTemplate(h, `aes-${version}`, AES_256, { version });
      const created = await h.op(
        'Create',
        `<ObjectType type="Enumeration" value="SymmetricKey"/><TemplateAttribute>${templateName(`aes-${version}`)}${name(`key-${version}`)}</TemplateAttribute>`,
        { version },
      );
      assert.equal(created.status, 'Success', created.xml);
      const xml = await attributesXml(h, payloadText(created, Tag.UniqueIdentifier) ?? '', version);
      assert.match(xml, attrValue('Cryptographic Algorithm', 'Enumeration', 'AES'));
      assert.match(xml, attrValue('Cryptographic Length', 'Integer', '256'));
      assert.match(xml, /value="key-[.\d]+"/, 'the key has its own name');
      assert.doesNotMatch(xml, /value="aes-/, "the template's name is not the key's");
    }
  });
});

test('§4: the last of several templates wins a single-instance conflict, the request wins over templates, multi-instance values join', async () => {
  await withHarness(async (h) => {
    await registerTemplate(
      h,
      't1',
      AES_256.replace('value="256"', 'value="128"') + attr('Object Group', 'TextString', 'g1'),
    );
    await registerTemplate(
      h,
      't2',
      attr('Cryptographic Length', 'Integer', '192') + attr('Object Group', 'TextString', 'g2'),
    );
    const created = await createWith(
      h,
      templateName('t1') + templateName('t2') + attr('Cryptographic Usage Mask', 'Integer', 'Encrypt'),
    );
    assert.equal(created.status, 'Success', created.xml);
    const xml = await attributesXml(h, payloadText(created, Tag.UniqueIdentifier) ?? '');
    assert.match(xml, attrValue('Cryptographic Length', 'Integer', '192'), 'last template');
    assert.match(xml, attrValue('Cryptographic Usage Mask', 'Integer', 'Encrypt'), 'request');
    assert.match(xml, /value="g1"/);
    assert.match(xml, /value="g2"/);
  });
});

test('§4.2: Create Key Pair ranks explicit per-key attributes, per-key templates, explicit common, common templates', async () => {
  await withHarness(async (h) => {
    const contact = (v: string): string => attr('Contact Information', 'TextString', v);
    await registerTemplate(
      h,
      'common',
      attr('Cryptographic Algorithm', 'Enumeration', 'RSA') +
        attr('Cryptographic Length', 'Integer', '2048') +
        contact('common template'),
    );
    await registerTemplate(h, 'private', contact('private template'));
    await registerTemplate(h, 'public', contact('public template'));
    const r = await h.op(
      'CreateKeyPair',
      `<CommonTemplateAttribute>${templateName('common')}${contact('common explicit')}</CommonTemplateAttribute>` +
        `<PrivateKeyTemplateAttribute>${templateName('private')}${attr('Cryptographic Usage Mask', 'Integer', 'Sign')}</PrivateKeyTemplateAttribute>` +
        `<PublicKeyTemplateAttribute>${templateName('public')}${attr('Cryptographic Usage Mask', 'Integer', 'Verify')}${contact('public explicit')}</PublicKeyTemplateAttribute>`,
    );
    assert.equal(r.status, 'Success', r.xml);
    const priv = await attributesXml(h, payloadText(r, Tag.PrivateKeyUniqueIdentifier) ?? '');
    const pub = await attributesXml(h, payloadText(r, Tag.PublicKeyUniqueIdentifier) ?? '');
    assert.match(priv, /value="private template"/, 'a per-key template beats explicit common attributes');
    assert.match(pub, /value="public explicit"/, 'explicit per-key attributes beat everything');
    assert.match(priv, attrValue('Cryptographic Length', 'Integer', '2048'), 'common template');
  });
});

test('§11.2–11.4: a template that does not exist is Item Not Found, an archived one Object Archived', async () => {
  await withHarness(async (h) => {
    const missing = await createWith(h, templateName('nowhere'));
    assert.equal(missing.reason, 'ItemNotFound', missing.xml);
    assert.match(missing.message ?? '', /no template named 'nowhere'/);
    // Table 94 gives clients no Archive of a template: the server archives one (here, the store).
    const id = await registerTemplate(h, 'shelved', AES_256);
    assert.equal((await h.op('Archive', uid(id))).reason, 'PermissionDenied');
    const stored = await h.store.get(id);
    assert.ok(stored !== undefined);
    await h.store.update({
      ...stored,
      attributes: withSingle(stored.attributes, 'Archive Date', dateItem('Archive Date', new Date())),
      revision: stored.revision + 1,
    });
    assert.equal((await createWith(h, templateName('shelved'))).reason, 'ObjectArchived');
  });
});

test('§11.4: registering a Template whose structure holds a Name is Invalid Field', async () => {
  await withHarness(async (h) => {
    const r = await h.op(
      'Register',
      `<ObjectType type="Enumeration" value="Template"/><TemplateAttribute>${name('t')}</TemplateAttribute><Template>${AES_256}${name('inner')}</Template>`,
    );
    assert.equal(r.reason, 'InvalidField', r.xml);
  });
});

test('a Template is located by Object Type, answers Get Attributes and Get with the attributes it applies', async () => {
  await withHarness(async (h) => {
    const id = await registerTemplate(h, 'find-me', AES_256);
    const located = await h.op('Locate', attr('Object Type', 'Enumeration', 'Template') + name('find-me'));
    assert.equal(payloadText(located, Tag.UniqueIdentifier), id, located.xml);
    const xml = await attributesXml(h, id);
    assert.match(xml, attrValue('Object Type', 'Enumeration', 'Template'));
    assert.match(xml, attrValue('Cryptographic Algorithm', 'Enumeration', 'AES'));
    const got = await h.op('Get', uid(id));
    assert.equal(got.status, 'Success', got.xml);
    assert.match(got.xml, /<Template>[\s\S]*value="Cryptographic Length"[\s\S]*<\/Template>/);
    assert.doesNotMatch(
      got.xml,
      /value="find-me"/,
      'Get returns what the template applies, not its own name',
    );
  });
});

test('§4.21: destroying a Template removes it with all its metadata', async () => {
  await withHarness(async (h) => {
    const id = await registerTemplate(h, 'gone', AES_256);
    assert.equal((await h.op('Destroy', uid(id))).status, 'Success');
    assert.equal((await h.op('GetAttributes', uid(id))).reason, 'ItemNotFound');
    assert.equal((await createWith(h, templateName('gone'))).reason, 'ItemNotFound');
  });
});

test('Tables 94/95: another identity cannot use a private template, any identity a public one', async () => {
  await withHarness(async (h) => {
    await registerTemplate(h, 'mine', AES_256, { identity: 'alice' });
    await registerTemplate(h, 'shared', AES_256, {
      identity: 'alice',
      own: attr('Operation Policy Name', 'TextString', 'public'),
    });
    assert.equal((await createWith(h, templateName('mine'), 'bob')).reason, 'ItemNotFound');
    const made = await createWith(h, templateName('shared'), 'bob');
    assert.equal(made.status, 'Success', made.xml);
    const policy = await h.op(
      'GetAttributes',
      uid(payloadText(made, Tag.UniqueIdentifier) ?? '') +
        '<AttributeName type="TextString" value="Operation Policy Name"/>',
      { identity: 'bob' },
    );
    assert.match(policy.xml, /value="default"/, "the template's own policy is not passed on");
    assert.equal((await createWith(h, templateName('mine'), 'alice')).status, 'Success');
  });
});

test('KMIP 2.x has no Templates: Register of one is Invalid Object Type (2.1 §11.34: Object Type 6 is reserved)', async () => {
  await withHarness(async (h) => {
    const r = await h.op(
      'Register',
      `<ObjectType type="Enumeration" value="0x00000006"/><Attributes/><Template>${AES_256}</Template>`,
      { version: '2.1' },
    );
    assert.equal(r.reason, 'InvalidObjectType', r.xml);
  });
});

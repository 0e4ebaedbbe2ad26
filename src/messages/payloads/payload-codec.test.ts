// The payload codecs: one typed form per payload, read from and written to each protocol version's
// wire form, with the spec's REQUIRED and item types enforced on what is received.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StructureItem, TtlvItem } from '../../ttlv/item.js';
import { xmlToTtlv, ttlvToXml } from '../../notation/xml.js';
import { payloadTables } from '../../spec/generated/payloads.js';
import type { FieldInfo } from '../../spec/model/messages.js';
import { Tag } from '../../spec/generated/tags.js';
import { ObjectType, ResultReason } from '../../spec/generated/enums.js';
import type { KmipVersion } from '../../spec/registry.js';
import { KmipError } from '../kmip-error.js';
import { requestCodec, responseCodec } from './codecs.js';
import { tableCodec } from './payload-codec.js';
import { structureTable } from './tables.js';

const payload = (xml: string): StructureItem =>
  xmlToTtlv(`<RequestPayload>${xml}</RequestPayload>`) as StructureItem;
const xmlOf = (items: readonly TtlvItem[]): string =>
  ttlvToXml({ tag: Tag.RequestPayload, type: 'Structure', value: items });

function refused(f: () => unknown, mentions: RegExp, reason: number): void {
  assert.throws(f, (e: unknown) => {
    assert.ok(e instanceof KmipError, String(e));
    assert.equal(e.resultReason, reason);
    assert.match(e.message, mentions);
    return true;
  });
}

const aes = (container: 'TemplateAttribute' | 'Attributes'): string =>
  container === 'Attributes'
    ? '<Attributes><CryptographicAlgorithm type="Enumeration" value="AES"/><CryptographicLength type="Integer" value="256"/></Attributes>'
    : '<TemplateAttribute><Attribute><AttributeName type="TextString" value="Cryptographic Algorithm"/><AttributeValue type="Enumeration" value="AES"/></Attribute>' +
      '<Attribute><AttributeName type="TextString" value="Cryptographic Length"/><AttributeValue type="Integer" value="256"/></Attribute></TemplateAttribute>';

test('Create: a 1.4 Template-Attribute and a 2.1 Attributes are the same typed request, written back in each form', () => {
  const create = requestCodec('Create');
  const v1 = create.decode(
    payload(`<ObjectType type="Enumeration" value="SymmetricKey"/>${aes('TemplateAttribute')}`),
    '1.4',
  );
  const v2 = create.decode(
    payload(`<ObjectType type="Enumeration" value="SymmetricKey"/>${aes('Attributes')}`),
    '2.1',
  );
  assert.equal(v1.objectType, ObjectType.SymmetricKey);
  assert.deepEqual(
    v1.attributes.map((a) => [a.name, a.value.value]),
    [
      ['Cryptographic Algorithm', 3],
      ['Cryptographic Length', 256],
    ],
  );
  assert.deepEqual(v2, v1);
  assert.match(xmlOf(create.encode(v1, '1.4')), /<TemplateAttribute>\s*<Attribute>\s*<AttributeName/);
  assert.match(xmlOf(create.encode(v1, '2.1')), /<Attributes>\s*<CryptographicAlgorithm/);
});

test('a 1.x request holding the 2.x form of a field (Attributes) is read too', () => {
  const v = requestCodec('Create').decode(
    payload(`<ObjectType type="Enumeration" value="SymmetricKey"/>${aes('Attributes')}`),
    '1.2',
  );
  assert.equal(v.attributes.length, 2);
});

const invalidField = (f: () => unknown, mentions: RegExp): void =>
  refused(f, mentions, ResultReason.InvalidField);
const invalidMessage = (f: () => unknown, mentions: RegExp): void =>
  refused(f, mentions, ResultReason.InvalidMessage);

test('a missing REQUIRED field or a repeated single field is Invalid Message (1.4 §11), a wrong item type Invalid Field, each naming the field', () => {
  const create = requestCodec('Create');
  invalidMessage(() => create.decode(payload(aes('Attributes')), '2.1'), /Create needs the Object Type/);
  invalidField(
    () => create.decode(payload(`<ObjectType type="Integer" value="2"/>${aes('Attributes')}`), '2.1'),
    /Object Type must be an Enumeration/,
  );
  invalidMessage(
    () =>
      requestCodec('Activate').decode(
        payload(
          '<UniqueIdentifier type="TextString" value="a"/><UniqueIdentifier type="TextString" value="b"/>',
        ),
        '2.1',
      ),
    /Unique Identifier may be given only once/,
  );
  invalidField(
    () =>
      requestCodec('Revoke').decode(
        payload('<RevocationReason><RevocationMessage type="TextString" value="x"/></RevocationReason>'),
        '1.4',
      ),
    /Revocation Reason needs a Revocation Reason Code/,
  );
});

test('an enumeration value the version dropped is refused: Object Type Template at 2.x is Invalid Object Type', () => {
  const register = requestCodec('Register');
  const xml = `<ObjectType type="Enumeration" value="Template"/>${aes('Attributes')}<Template/>`;
  refused(
    () => register.decode(payload(xml), '2.0'),
    /Object Type Template does not exist in KMIP 2.0/,
    ResultReason.InvalidObjectType,
  );
  const at14 = register.decode(payload(xml.replace(aes('Attributes'), aes('TemplateAttribute'))), '1.4');
  assert.equal(at14.objectType, ObjectType.Template);
  assert.equal(at14.object.tag, Tag.Template);
});

test('a field the version does not define is not written: Located Items before 1.3', () => {
  const locate = responseCodec('Locate');
  const value = { locatedItems: 2, uniqueIdentifier: ['a', 'b'] };
  assert.doesNotMatch(xmlOf(locate.encode(value, '1.2')), /LocatedItems/);
  assert.match(xmlOf(locate.encode(value, '1.3')), /LocatedItems type="Integer" value="2"/);
});

test('attributes a version lacks are left out of what is written; names become 1.x names or 2.x references', () => {
  const list = responseCodec('GetAttributeList');
  const value = { uniqueIdentifier: 'u', attributeReference: ['State', 'Description', 'x-mine'] as const };
  const at10 = xmlOf(list.encode({ ...value, attributeReference: [...value.attributeReference] }, '1.0'));
  assert.match(at10, /AttributeName type="TextString" value="State"/);
  assert.doesNotMatch(at10, /Description/, 'Description is a 1.4 attribute');
  assert.match(at10, /value="x-mine"/);
  const at21 = xmlOf(list.encode({ ...value, attributeReference: [...value.attributeReference] }, '2.1'));
  assert.match(at21, /AttributeReference type="Enumeration" value="State"/);
  assert.match(
    at21,
    /<AttributeReference>\s*<VendorIdentification type="TextString" value="x"\/>\s*<AttributeName type="TextString" value="mine"\/>/,
  );
});

test('typed structures: Key Wrapping Specification, Cryptographic Parameters nested, read and written', () => {
  const get = requestCodec('Get');
  const v = get.decode(
    payload(
      '<KeyWrappingSpecification><WrappingMethod type="Enumeration" value="Encrypt"/><EncryptionKeyInformation>' +
        '<UniqueIdentifier type="TextString" value="kek"/><CryptographicParameters><BlockCipherMode type="Enumeration" value="NISTKeyWrap"/></CryptographicParameters>' +
        '</EncryptionKeyInformation></KeyWrappingSpecification>',
    ),
    '2.1',
  );
  assert.equal(v.keyWrappingSpecification?.encryptionKeyInformation?.uniqueIdentifier, 'kek');
  assert.equal(
    v.keyWrappingSpecification?.encryptionKeyInformation?.cryptographicParameters?.blockCipherMode,
    0x0d,
  );
  assert.match(xmlOf(get.encode(v, '1.4')), /<BlockCipherMode type="Enumeration" value="NISTKeyWrap"\/>/);
});

/** A value of each field's kind, enough to write and read it back. */
function sample(f: FieldInfo, version: KmipVersion): unknown {
  switch (f.kind) {
    case 'Integer':
    case 'Interval':
      return 7;
    case 'Enumeration':
      return 1;
    case 'LongInteger':
    case 'BigInteger':
    case 'DateTime':
    case 'DateTimeExtended':
      return 7n;
    case 'Boolean':
      return true;
    case 'TextString':
      return 't';
    case 'ByteString':
      return new Uint8Array([1, 2]);
    case 'Structure':
      return f.struct === undefined
        ? { tag: f.tag, type: 'Structure', value: [] }
        : sampleStruct(f.struct, version);
    case 'any':
      return { tag: f.tag, type: 'TextString', value: 'any' };
    case 'object':
      return { tag: Tag.SecretData, type: 'Structure', value: [] };
    case 'template-attribute':
    case 'attributes':
      return [
        { name: 'Object Group', index: 0, value: { tag: Tag.ObjectGroup, type: 'TextString', value: 'g' } },
      ];
    case 'attribute-list':
    case 'attribute':
    case 'attribute-container':
      return {
        name: 'Object Group',
        index: 0,
        value: { tag: Tag.ObjectGroup, type: 'TextString', value: 'g' },
      };
    case 'attribute-name':
    case 'attribute-reference':
      return 'Object Group';
  }
}

function sampleStruct(xmlName: string, version: KmipVersion): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of structureTable(xmlName).fields) {
    if (f.required === true) out[f.key] = f.repeated === true ? [sample(f, version)] : sample(f, version);
  }
  return out;
}

test('every payload table of both families writes and reads back a value with its REQUIRED fields', () => {
  let checked = 0;
  for (const t of payloadTables) {
    const version: KmipVersion = t.family === 1 ? '1.4' : '2.1';
    const codec = tableCodec<Record<string, unknown>>(t.operation, t.direction);
    const value: Record<string, unknown> = {};
    for (const f of t.fields) {
      if (f.required !== true) continue;
      const one = sample(f, version);
      value[f.key] = f.repeated === true || f.kind === 'attribute-list' ? [one] : one;
    }
    const items = codec.encode(value, version);
    const back = codec.decode({ tag: Tag.RequestPayload, type: 'Structure', value: items }, version);
    // A 1.x answer gives each Attribute's index: read back as the derived `…Index` property.
    for (const f of t.fields) if (f.kind === 'attribute') delete back[`${f.key}Index`];
    assert.deepEqual(back, value, `${t.operation.toString(16)} ${t.direction} ${t.family}.x`);
    checked++;
  }
  assert.ok(checked > 150, `${checked} tables`);
});

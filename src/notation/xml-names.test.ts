import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Tag } from '../spec/generated/tags.js';
import { TtlvError } from '../ttlv/errors.js';
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { placeholderOf } from '../ttlv/placeholders.js';
import { parseKmipXmlDocument, readKmipTestCase, ttlvToXml, xmlToTtlv } from './xml.js';

function refuses(xml: string, pattern: RegExp, code = 'bad-encoding'): void {
  assert.throws(
    () => xmlToTtlv(xml),
    (e: unknown) => e instanceof TtlvError && e.code === code && pattern.test(e.message),
    `expected ${code} matching ${pattern}`,
  );
}

/** Reads `xml`, checks the item, and checks that writing it gives `xml` back. */
function both(xml: string, item: TtlvItem): void {
  assert.deepEqual(xmlToTtlv(xml), item);
  assert.equal(ttlvToXml(item), xml);
}

describe('KMIP XML: masks and enumerations', () => {
  const mask = (value: string): string => `<CryptographicUsageMask type="Integer" value="${value}"/>`;
  it('reads mask bit names separated by spaces or |, in any order, and writes them lowest bit first', () => {
    const item: TtlvItem = { tag: Tag.CryptographicUsageMask, type: 'Integer', value: 12 };
    assert.deepEqual(xmlToTtlv(mask('Decrypt Encrypt')), item);
    assert.deepEqual(xmlToTtlv(mask('Encrypt|Decrypt')), item);
    assert.deepEqual(xmlToTtlv(mask('0x0000000C')), item);
    assert.deepEqual(xmlToTtlv(mask('12')), item);
    assert.equal(ttlvToXml(item), mask('Encrypt Decrypt'));
  });
  it('writes bits without a name as one hex entry after the names, and zero as 0', () => {
    const item: TtlvItem = { tag: Tag.CryptographicUsageMask, type: 'Integer', value: 0x80000004 | 0 };
    both(mask('Encrypt 0x80000000'), item);
    both(mask('0'), { tag: Tag.CryptographicUsageMask, type: 'Integer', value: 0 });
  });
  it('reads an enumeration value in hex and writes it by name', () => {
    const item = xmlToTtlv('<CryptographicAlgorithm type="Enumeration" value="0x00000003"/>');
    assert.deepEqual(item, { tag: Tag.CryptographicAlgorithm, type: 'Enumeration', value: 3 });
    assert.equal(ttlvToXml(item), '<CryptographicAlgorithm type="Enumeration" value="AES"/>');
  });
  it('writes an enumeration value without a name (an extension) as 8 hex digits', () => {
    both('<OpaqueDataType type="Enumeration" value="0x80000001"/>', {
      tag: Tag.OpaqueDataType,
      type: 'Enumeration',
      value: 0x80000001,
    });
  });
  it('reads a value by its spec name too', () => {
    assert.equal(xmlToTtlv('<ObjectType type="Enumeration" value="Symmetric Key"/>').value, 2);
  });
  it('reads Attribute Reference (Enumeration of Tag) by tag name', () => {
    both('<AttributeReference type="Enumeration" value="State"/>', {
      tag: Tag.AttributeReference,
      type: 'Enumeration',
      value: Tag.State,
    });
  });
});

describe('KMIP XML: Attribute Value takes its names from the sibling Attribute Name', () => {
  const attribute = (name: string, value: string): string =>
    [
      '<Attribute>',
      `  <AttributeName type="TextString" value="${name}"/>`,
      `  ${value}`,
      '</Attribute>',
    ].join('\n');
  const item = (name: string, value: TtlvItem): TtlvItem => ({
    tag: Tag.Attribute,
    type: 'Structure',
    value: [{ tag: Tag.AttributeName, type: 'TextString', value: name }, value],
  });
  it('an enumeration', () =>
    both(
      attribute('Cryptographic Algorithm', '<AttributeValue type="Enumeration" value="AES"/>'),
      item('Cryptographic Algorithm', { tag: Tag.AttributeValue, type: 'Enumeration', value: 3 }),
    ));
  it('a mask', () =>
    both(
      attribute('Cryptographic Usage Mask', '<AttributeValue type="Integer" value="Sign Verify"/>'),
      item('Cryptographic Usage Mask', { tag: Tag.AttributeValue, type: 'Integer', value: 3 }),
    ));
  it('a custom attribute has no names: hex only, and a name is refused', () => {
    both(
      attribute('x-custom', '<AttributeValue type="Enumeration" value="0x00000001"/>'),
      item('x-custom', { tag: Tag.AttributeValue, type: 'Enumeration', value: 1 }),
    );
    refuses(
      attribute('x-custom', '<AttributeValue type="Enumeration" value="AES"/>'),
      /no enumeration is known.*'AES'/,
    );
  });
  it('a structured value (Name) names its fields by their own tags', () => {
    const xml = [
      '<Attribute>',
      '  <AttributeName type="TextString" value="Name"/>',
      '  <AttributeValue>',
      '    <NameValue type="TextString" value="key-1"/>',
      '    <NameType type="Enumeration" value="UninterpretedTextString"/>',
      '  </AttributeValue>',
      '</Attribute>',
    ].join('\n');
    both(
      xml,
      item('Name', {
        tag: Tag.AttributeValue,
        type: 'Structure',
        value: [
          { tag: Tag.NameValue, type: 'TextString', value: 'key-1' },
          { tag: Tag.NameType, type: 'Enumeration', value: 1 },
        ],
      }),
    );
  });
  it('KMIP 2.x attributes are their own tags', () =>
    both(
      [
        '<Attributes>',
        '  <CryptographicAlgorithm type="Enumeration" value="AES"/>',
        '  <CryptographicUsageMask type="Integer" value="Encrypt"/>',
        '</Attributes>',
      ].join('\n'),
      {
        tag: Tag.Attributes,
        type: 'Structure',
        value: [
          { tag: Tag.CryptographicAlgorithm, type: 'Enumeration', value: 3 },
          { tag: Tag.CryptographicUsageMask, type: 'Integer', value: 4 },
        ],
      },
    ));
  it('the name may follow the value', () => {
    const xml = [
      '<Attribute>',
      '<AttributeValue type="Enumeration" value="RSA"/>',
      '<AttributeName type="TextString" value="Cryptographic Algorithm"/>',
      '</Attribute>',
    ].join('');
    const item = xmlToTtlv(xml);
    assert.equal(item.type === 'Structure' ? item.value[0]!.value : undefined, 4);
  });
});

describe('KMIP XML: tags outside the registry', () => {
  it('reads and writes extension tags in the <TTLV tag="0x54xxxx"> form, structures too', () => {
    const xml = [
      '<TTLV tag="0x540001">',
      '  <TTLV tag="0x540002" type="TextString" value="x"/>',
      '</TTLV>',
    ].join('\n');
    both(xml, {
      tag: 0x540001,
      type: 'Structure',
      value: [{ tag: 0x540002, type: 'TextString', value: 'x' }],
    });
  });
  it('accepts the tag attribute in hex for a known tag, and writes it by name', () => {
    const item = xmlToTtlv('<TTLV tag="0x42000D" type="Integer" value="1"/>');
    assert.deepEqual(item, { tag: Tag.BatchCount, type: 'Integer', value: 1 });
    assert.equal(ttlvToXml(item), '<BatchCount type="Integer" value="1"/>');
  });
});

describe('KMIP XML: placeholders and documents', () => {
  it('keeps "$..." values as marked items when asked, and writes them back', () => {
    const xml = [
      '<ResponseHeader>',
      '  <TimeStamp type="DateTime" value="$NOW-3600"/>',
      '  <KeyMaterial type="ByteString" value="$KEY_MATERIAL_0"/>',
      '</ResponseHeader>',
    ].join('\n');
    const item = xmlToTtlv(xml, { placeholders: true });
    assert.equal(item.type, 'Structure');
    const [time, bytes] = item.value as TtlvItem[];
    assert.deepEqual(placeholderOf(time!), { text: '$NOW-3600', name: 'NOW', offset: -3600 });
    assert.deepEqual(time, { tag: Tag.TimeStamp, type: 'DateTime', value: 0n });
    assert.equal(placeholderOf(bytes!)?.name, 'KEY_MATERIAL_0');
    assert.equal(ttlvToXml(item), xml);
  });
  it('reads a TextString "$..." as plain text without the option', () => {
    const item = xmlToTtlv('<UniqueIdentifier type="TextString" value="$UNIQUE_IDENTIFIER_0"/>');
    assert.equal(item.value, '$UNIQUE_IDENTIFIER_0');
    assert.equal(placeholderOf(item), undefined);
  });
  it('reads the messages of a <KMIP> test-case document, skipping comments', () => {
    const doc = [
      '<KMIP>',
      '<!-- header -->',
      '<RequestMessage><BatchCount type="Integer" value="1"/></RequestMessage>',
      '<!-- <ResponseMessage/> -->',
      '<ResponseMessage/>',
      '</KMIP>',
    ].join('\n');
    const items = parseKmipXmlDocument(doc);
    assert.deepEqual(
      items.map((i) => i.tag),
      [Tag.RequestMessage, Tag.ResponseMessage],
    );
  });
  it('reads a <KmipTestCase> document (KMIP Profiles v1.0) with values as HTML renders them', () => {
    const doc = [
      '<KmipTestCase>',
      '  <RequestMessage><BatchItem><RequestPayload>',
      '    <AttributeName type="TextString" value="Cryptographic   Usage Mask" />',
      '    <Attribute><AttributeName type="TextString" value="Cryptographic   Usage  Mask" />',
      '      <AttributeValue type="Integer" value="Decrypt   Encrypt" /></Attribute>',
      '    <UniqueIdentifier type="TextString" value="$UNIQUE_IDENTIFIER_0" />',
      '  </RequestPayload></BatchItem></RequestMessage>',
      '  </KmipTestCase>',
    ].join('\n');
    const printed = readKmipTestCase(doc, { placeholders: true });
    assert.equal(printed.printedInHtml, true);
    const batchItem = (printed.messages[0] as StructureItem).value[0] as StructureItem;
    const [name, attribute, uid] = (batchItem.value[0] as StructureItem).value;
    assert.deepEqual(name, { tag: Tag.AttributeName, type: 'TextString', value: 'Cryptographic Usage Mask' });
    const mask = (attribute as StructureItem).value[1];
    assert.equal(mask?.type === 'Integer' ? mask.value : undefined, 0x04 | 0x08, 'Encrypt | Decrypt');
    assert.equal(uid !== undefined ? placeholderOf(uid)?.name : undefined, 'UNIQUE_IDENTIFIER_0');
    assert.equal(readKmipTestCase('<KMIP><RequestMessage/></KMIP>').printedInHtml, false);
  });
  it('keeps runs of white space in the values of other documents', () => {
    const item = xmlToTtlv('<AttributeName type="TextString" value="a   b"/>');
    assert.equal(item.value, 'a   b');
  });
  it('reads a document whose root is a message as that one message', () => {
    assert.equal(parseKmipXmlDocument('<RequestMessage/>')[0]!.tag, Tag.RequestMessage);
  });
});

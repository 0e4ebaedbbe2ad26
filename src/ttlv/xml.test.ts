import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Tag } from '../spec/generated/tags.js';
import { TtlvError } from './errors.js';
import type { TtlvItem } from './item.js';
import { placeholderOf } from './placeholders.js';
import { parseKmipXmlDocument, ttlvToXml, xmlToTtlv } from './xml.js';

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

describe('KMIP XML: every item type both ways', () => {
  it('Integer in decimal', () => both('<BatchCount type="Integer" value="-7"/>', { tag: Tag.BatchCount, type: 'Integer', value: -7 }));
  it('LongInteger in decimal, beyond 2^53', () =>
    both('<UsageLimitsTotal type="LongInteger" value="-9007199254740993"/>', {
      tag: Tag.UsageLimitsTotal,
      type: 'LongInteger',
      value: -9007199254740993n,
    }));
  it('BigInteger as two-complement hex padded to 8 bytes', () => {
    both('<Modulus type="BigInteger" value="ffffffffffffffff"/>', { tag: Tag.Modulus, type: 'BigInteger', value: -1n });
    both('<Modulus type="BigInteger" value="00000000000000008000000000000000"/>', {
      tag: Tag.Modulus,
      type: 'BigInteger',
      value: 2n ** 63n,
    });
  });
  it('Enumeration by name', () =>
    both('<ObjectType type="Enumeration" value="SymmetricKey"/>', { tag: Tag.ObjectType, type: 'Enumeration', value: 2 }));
  it('Boolean', () => both('<BatchOrderOption type="Boolean" value="false"/>', { tag: Tag.BatchOrderOption, type: 'Boolean', value: false }));
  it('TextString with markup and control characters escaped', () =>
    both('<UniqueIdentifier type="TextString" value="a&lt;b&gt;&amp;&quot;c&quot;&#xa;"/>', {
      tag: Tag.UniqueIdentifier,
      type: 'TextString',
      value: 'a<b>&"c"\n',
    }));
  it('ByteString in lower-case hex, empty allowed', () => {
    both('<KeyMaterial type="ByteString" value="00ff10"/>', { tag: Tag.KeyMaterial, type: 'ByteString', value: new Uint8Array([0, 255, 16]) });
    both('<KeyMaterial type="ByteString" value=""/>', { tag: Tag.KeyMaterial, type: 'ByteString', value: new Uint8Array() });
  });
  it('DateTime in ISO 8601', () =>
    both('<ActivationDate type="DateTime" value="2001-01-01T10:00:00+00:00"/>', {
      tag: Tag.ActivationDate,
      type: 'DateTime',
      value: 978343200n,
    }));
  it('Interval up to 2^32-1', () =>
    both('<LeaseTime type="Interval" value="4294967295"/>', { tag: Tag.LeaseTime, type: 'Interval', value: 4294967295 }));
  it('DateTimeExtended with microseconds', () =>
    both('<TTLV tag="0x540003" type="DateTimeExtended" value="2001-01-01T10:00:00.000001+00:00"/>', {
      tag: 0x540003,
      type: 'DateTimeExtended',
      value: 978343200000001n,
    }));
  it('Structures nest, without a type attribute, empty ones self-closed', () => {
    const xml = ['<Attribute>', '  <AttributeName type="TextString" value="x-a"/>', '  <AttributeValue/>', '</Attribute>'].join('\n');
    both(xml, {
      tag: Tag.Attribute,
      type: 'Structure',
      value: [
        { tag: Tag.AttributeName, type: 'TextString', value: 'x-a' },
        { tag: Tag.AttributeValue, type: 'Structure', value: [] },
      ],
    });
    assert.deepEqual(xmlToTtlv('<Attribute type="Structure"></Attribute>'), { tag: Tag.Attribute, type: 'Structure', value: [] });
  });
  it('writes on one line with indent ""', () => {
    const item: TtlvItem = { tag: Tag.Attribute, type: 'Structure', value: [{ tag: Tag.BatchCount, type: 'Integer', value: 1 }] };
    assert.equal(ttlvToXml(item, { indent: '' }), '<Attribute><BatchCount type="Integer" value="1"/></Attribute>');
  });
});

describe('KMIP XML: alternative value spellings', () => {
  const read = (xml: string): TtlvItem['value'] => xmlToTtlv(xml).value;
  it('reads hex Integers as two-complement 32-bit', () => {
    assert.equal(read('<BatchCount type="Integer" value="0x0000000A"/>'), 10);
    assert.equal(read('<BatchCount type="Integer" value="0xFFFFFFFF"/>'), -1);
  });
  it('reads hex LongIntegers, Intervals, DateTimes and Booleans', () => {
    assert.equal(read('<UsageLimitsTotal type="LongInteger" value="0xFFFFFFFFFFFFFFFF"/>'), -1n);
    assert.equal(read('<LeaseTime type="Interval" value="0x00000E10"/>'), 3600);
    assert.equal(read('<ActivationDate type="DateTime" value="0x000000003A505520"/>'), 978343200n);
    assert.equal(read('<BatchOrderOption type="Boolean" value="0x0000000000000001"/>'), true);
    assert.equal(read('<BatchOrderOption type="Boolean" value="TRUE"/>'), true);
  });
  it('reads BigInteger hex with a 0x prefix and without padding, as two-complement', () => {
    assert.equal(read('<Modulus type="BigInteger" value="0x0100"/>'), 256n);
    assert.equal(read('<Modulus type="BigInteger" value="80"/>'), -128n);
  });
  it('reads DateTimes with other UTC offsets', () => {
    assert.equal(read('<ActivationDate type="DateTime" value="2001-01-01T20:00:00+10:00"/>'), 978343200n);
    assert.equal(read('<ActivationDate type="DateTime" value="2001-01-01T10:00:00Z"/>'), 978343200n);
  });
});

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
    both('<OpaqueDataType type="Enumeration" value="0x80000001"/>', { tag: Tag.OpaqueDataType, type: 'Enumeration', value: 0x80000001 });
  });
  it('reads a value by its spec name too', () => {
    assert.equal(xmlToTtlv('<ObjectType type="Enumeration" value="Symmetric Key"/>').value, 2);
  });
  it('reads Attribute Reference (Enumeration of Tag) by tag name', () => {
    both('<AttributeReference type="Enumeration" value="State"/>', { tag: Tag.AttributeReference, type: 'Enumeration', value: Tag.State });
  });
});

describe('KMIP XML: Attribute Value takes its names from the sibling Attribute Name', () => {
  const attribute = (name: string, value: string): string =>
    ['<Attribute>', `  <AttributeName type="TextString" value="${name}"/>`, `  ${value}`, '</Attribute>'].join('\n');
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
    refuses(attribute('x-custom', '<AttributeValue type="Enumeration" value="AES"/>'), /no enumeration is known.*'AES'/);
  });
  it('the name may follow the value', () => {
    const xml = '<Attribute><AttributeValue type="Enumeration" value="RSA"/><AttributeName type="TextString" value="Cryptographic Algorithm"/></Attribute>';
    assert.equal((xmlToTtlv(xml) as { value: TtlvItem[] }).value[0]!.value, 4);
  });
});

describe('KMIP XML: tags outside the registry', () => {
  it('reads and writes extension tags in the <TTLV tag="0x54xxxx"> form, structures too', () => {
    const xml = ['<TTLV tag="0x540001">', '  <TTLV tag="0x540002" type="TextString" value="x"/>', '</TTLV>'].join('\n');
    both(xml, { tag: 0x540001, type: 'Structure', value: [{ tag: 0x540002, type: 'TextString', value: 'x' }] });
  });
  it('accepts the tag attribute in hex for a known tag, and writes it by name', () => {
    const item = xmlToTtlv('<TTLV tag="0x42000D" type="Integer" value="1"/>');
    assert.deepEqual(item, { tag: Tag.BatchCount, type: 'Integer', value: 1 });
    assert.equal(ttlvToXml(item), '<BatchCount type="Integer" value="1"/>');
  });
});

describe('KMIP XML: errors', () => {
  it('refuses unknown tag, type and value names', () => {
    refuses('<NoSuchTag type="Integer" value="1"/>', /unknown tag name 'NoSuchTag'/);
    refuses('<BatchCount type="Float" value="1"/>', /unknown type 'Float'/, 'unknown-type');
    refuses('<ObjectType type="Enumeration" value="NoSuchObject"/>', /'NoSuchObject' is not one of the ObjectType values/);
    refuses('<CryptographicUsageMask type="Integer" value="Encrypt Juggle"/>', /'Juggle' is not one of the CryptographicUsageMask bits/);
    refuses('<TTLV type="Integer" value="1"/>', /needs a tag=/);
    refuses('<TTLV tag="0x5400" type="Integer" value="1"/>', /tag '0x5400'/);
  });
  it('refuses bad values, naming the element and its line', () => {
    refuses('<BatchCount type="Integer" value="abc"/>', /<BatchCount> at line 1, column 1: 'abc' is not an Integer/);
    refuses('<BatchCount type="Integer" value="2147483648"/>', /outside 32-bit range/, 'out-of-range');
    refuses('<LeaseTime type="Interval" value="-1"/>', /not an Interval/);
    refuses('<LeaseTime type="Interval" value="4294967296"/>', /outside/, 'out-of-range');
    refuses('<UsageLimitsTotal type="LongInteger" value="9223372036854775808"/>', /outside 64-bit/, 'out-of-range');
    refuses('<KeyMaterial type="ByteString" value="abc"/>', /not a ByteString/);
    refuses('<Modulus type="BigInteger" value="xyz"/>', /not a BigInteger/);
    refuses('<BatchOrderOption type="Boolean" value="yes"/>', /not a Boolean/);
    refuses('<ActivationDate type="DateTime" value="$NOW"/>', /not an ISO 8601/);
  });
  it('refuses misplaced attributes and content', () => {
    refuses('<BatchCount type="Integer"/>', /missing value attribute/);
    refuses('<Attribute value="1"/>', /Structure has no value/);
    refuses('<Attribute>text</Attribute>', /text inside a Structure/);
    refuses('<BatchCount type="Integer" value="1"><BatchCount type="Integer" value="1"/></BatchCount>', /cannot hold elements/);
    refuses('<BatchCount type="Integer" value="1" extra="2"/>', /unexpected attribute 'extra'/);
  });
});

describe('KMIP XML: placeholders and documents', () => {
  it('keeps "$..." values as marked items when asked, and writes them back', () => {
    const xml = ['<ResponseHeader>', '  <TimeStamp type="DateTime" value="$NOW-3600"/>', '  <KeyMaterial type="ByteString" value="$KEY_MATERIAL_0"/>', '</ResponseHeader>'].join('\n');
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
    const doc = `<KMIP>\n<!-- header -->\n<RequestMessage><BatchCount type="Integer" value="1"/></RequestMessage>\n<!-- <ResponseMessage/> -->\n<ResponseMessage/>\n</KMIP>`;
    const items = parseKmipXmlDocument(doc);
    assert.deepEqual(
      items.map((i) => i.tag),
      [Tag.RequestMessage, Tag.ResponseMessage],
    );
  });
  it('reads a document whose root is a message as that one message', () => {
    assert.equal(parseKmipXmlDocument('<RequestMessage/>')[0]!.tag, Tag.RequestMessage);
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Tag } from '../spec/generated/tags.js';
import { TtlvError } from '../ttlv/errors.js';
import type { TtlvItem } from '../ttlv/item.js';
import { ttlvToXml, xmlToTtlv } from './xml.js';

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
  it('Integer in decimal', () =>
    both('<BatchCount type="Integer" value="-7"/>', { tag: Tag.BatchCount, type: 'Integer', value: -7 }));
  it('LongInteger in decimal, beyond 2^53', () =>
    both('<UsageLimitsTotal type="LongInteger" value="-9007199254740993"/>', {
      tag: Tag.UsageLimitsTotal,
      type: 'LongInteger',
      value: -9007199254740993n,
    }));
  it('BigInteger as two-complement hex padded to 8 bytes', () => {
    both('<Modulus type="BigInteger" value="ffffffffffffffff"/>', {
      tag: Tag.Modulus,
      type: 'BigInteger',
      value: -1n,
    });
    both('<Modulus type="BigInteger" value="00000000000000008000000000000000"/>', {
      tag: Tag.Modulus,
      type: 'BigInteger',
      value: 2n ** 63n,
    });
  });
  it('Enumeration by name', () =>
    both('<ObjectType type="Enumeration" value="SymmetricKey"/>', {
      tag: Tag.ObjectType,
      type: 'Enumeration',
      value: 2,
    }));
  it('Boolean', () =>
    both('<BatchOrderOption type="Boolean" value="false"/>', {
      tag: Tag.BatchOrderOption,
      type: 'Boolean',
      value: false,
    }));
  it('TextString with markup and control characters escaped', () =>
    both('<UniqueIdentifier type="TextString" value="a&lt;b&gt;&amp;&quot;c&quot;&#xa;"/>', {
      tag: Tag.UniqueIdentifier,
      type: 'TextString',
      value: 'a<b>&"c"\n',
    }));
  it('ByteString in lower-case hex, empty allowed', () => {
    both('<KeyMaterial type="ByteString" value="00ff10"/>', {
      tag: Tag.KeyMaterial,
      type: 'ByteString',
      value: new Uint8Array([0, 255, 16]),
    });
    both('<KeyMaterial type="ByteString" value=""/>', {
      tag: Tag.KeyMaterial,
      type: 'ByteString',
      value: new Uint8Array(),
    });
  });
  it('DateTime in ISO 8601', () =>
    both('<ActivationDate type="DateTime" value="2001-01-01T10:00:00+00:00"/>', {
      tag: Tag.ActivationDate,
      type: 'DateTime',
      value: 978343200n,
    }));
  it('Interval up to 2^32-1', () =>
    both('<LeaseTime type="Interval" value="4294967295"/>', {
      tag: Tag.LeaseTime,
      type: 'Interval',
      value: 4294967295,
    }));
  it('DateTimeExtended with microseconds', () =>
    both('<TTLV tag="0x540003" type="DateTimeExtended" value="2001-01-01T10:00:00.000001+00:00"/>', {
      tag: 0x540003,
      type: 'DateTimeExtended',
      value: 978343200000001n,
    }));
  it('Structures nest, without a type attribute, empty ones self-closed', () => {
    const xml = [
      '<Attribute>',
      '  <AttributeName type="TextString" value="x-a"/>',
      '  <AttributeValue/>',
      '</Attribute>',
    ].join('\n');
    both(xml, {
      tag: Tag.Attribute,
      type: 'Structure',
      value: [
        { tag: Tag.AttributeName, type: 'TextString', value: 'x-a' },
        { tag: Tag.AttributeValue, type: 'Structure', value: [] },
      ],
    });
    assert.deepEqual(xmlToTtlv('<Attribute type="Structure"></Attribute>'), {
      tag: Tag.Attribute,
      type: 'Structure',
      value: [],
    });
  });
  it('writes on one line with indent ""', () => {
    const item: TtlvItem = {
      tag: Tag.Attribute,
      type: 'Structure',
      value: [{ tag: Tag.BatchCount, type: 'Integer', value: 1 }],
    };
    assert.equal(
      ttlvToXml(item, { indent: '' }),
      '<Attribute><BatchCount type="Integer" value="1"/></Attribute>',
    );
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

describe('KMIP XML: errors', () => {
  it('refuses unknown tag, type and value names', () => {
    refuses('<NoSuchTag type="Integer" value="1"/>', /unknown tag name 'NoSuchTag'/);
    refuses('<BatchCount type="Float" value="1"/>', /unknown type 'Float'/, 'unknown-type');
    refuses(
      '<ObjectType type="Enumeration" value="NoSuchObject"/>',
      /'NoSuchObject' is not one of the ObjectType values/,
    );
    refuses(
      '<CryptographicUsageMask type="Integer" value="Encrypt Juggle"/>',
      /'Juggle' is not one of the CryptographicUsageMask bits/,
    );
    refuses('<TTLV type="Integer" value="1"/>', /needs a tag=/);
    refuses('<TTLV tag="0x5400" type="Integer" value="1"/>', /tag '0x5400'/);
  });
  it('refuses bad values, naming the element and its line', () => {
    refuses(
      '<BatchCount type="Integer" value="abc"/>',
      /<BatchCount> at line 1, column 1: 'abc' is not an Integer/,
    );
    refuses('<BatchCount type="Integer" value="2147483648"/>', /outside 32-bit range/, 'out-of-range');
    refuses('<LeaseTime type="Interval" value="-1"/>', /not an Interval/);
    refuses('<LeaseTime type="Interval" value="4294967296"/>', /outside/, 'out-of-range');
    refuses(
      '<UsageLimitsTotal type="LongInteger" value="9223372036854775808"/>',
      /outside 64-bit/,
      'out-of-range',
    );
    refuses('<KeyMaterial type="ByteString" value="abc"/>', /not a ByteString/);
    refuses('<Modulus type="BigInteger" value="xyz"/>', /not a BigInteger/);
    refuses('<BatchOrderOption type="Boolean" value="yes"/>', /not a Boolean/);
    refuses('<ActivationDate type="DateTime" value="$NOW"/>', /not an ISO 8601/);
  });
  it('refuses misplaced attributes and content', () => {
    refuses('<BatchCount type="Integer"/>', /missing value attribute/);
    refuses('<Attribute value="1"/>', /Structure has no value/);
    refuses('<Attribute>text</Attribute>', /text inside a Structure/);
    refuses(
      '<BatchCount type="Integer" value="1"><BatchCount type="Integer" value="1"/></BatchCount>',
      /cannot hold elements/,
    );
    refuses('<BatchCount type="Integer" value="1">2</BatchCount>', /not text/);
    refuses('<BatchCount tag="0x42000e" type="Integer" value="1"/>', /disagree/);
    refuses('<BatchCount type="Integer" value="1" extra="2"/>', /unexpected attribute 'extra'/);
  });
});

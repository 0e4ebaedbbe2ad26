import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TtlvError } from '../ttlv/errors.js';
import { decodeXmlEntities, parseXml } from './xml-parse.js';

function rejects(xml: string, pattern: RegExp, code = 'bad-encoding'): void {
  assert.throws(
    () => parseXml(xml),
    (e: unknown) => e instanceof TtlvError && e.code === code && pattern.test(e.message),
  );
}

describe('parseXml', () => {
  it('reads nested elements, attributes in either quote style and self-closing tags', () => {
    const root = parseXml(`<A x="1" y='two'><B/><C z="3"></C></A>`);
    assert.equal(root.name, 'A');
    assert.deepEqual(
      [...root.attributes],
      [
        ['x', '1'],
        ['y', 'two'],
      ],
    );
    assert.deepEqual(
      root.children.map((c) => c.name),
      ['B', 'C'],
    );
    assert.equal(root.children[1]!.attributes.get('z'), '3');
  });

  it('skips the XML declaration, comments and processing instructions anywhere', () => {
    const root = parseXml(
      `<?xml version="1.0"?>\n<!-- head --><A><!-- <B/> --><?pi x?><C/></A><!-- tail -->\n`,
    );
    assert.deepEqual(
      root.children.map((c) => c.name),
      ['C'],
    );
  });

  it('decodes the named entities and decimal and hex character references', () => {
    const root = parseXml(
      `<A v="&lt;&gt;&amp;&quot;&apos;&#65;&#x42;&#x1F600;">a&amp;b<![CDATA[<raw>]]></A>`,
    );
    assert.equal(root.attributes.get('v'), `<>&"'AB\u{1F600}`);
    assert.equal(root.text, 'a&b<raw>');
  });

  it('reads literal tabs and newlines in attribute values as spaces, references as themselves', () => {
    const root = parseXml(`<A v="a\nb\tc&#10;d"/>`);
    assert.equal(root.attributes.get('v'), 'a b c\nd');
  });

  it('records the line and column of each element', () => {
    const root = parseXml(`<A>\n  <B/>\n    <C/></A>`);
    assert.deepEqual(
      root.children.map((c) => [c.line, c.column]),
      [
        [2, 3],
        [3, 5],
      ],
    );
  });

  it('refuses malformed documents with the position of the fault', () => {
    rejects(`<A><B></A>`, /<\/A> does not close <B> at line 1/);
    rejects(`<A>`, /not closed/);
    rejects(`<A x="1" x="2"/>`, /duplicate attribute 'x'/);
    rejects(`<A x=1/>`, /quoted value/);
    rejects(`<A/><B/>`, /content after the root/);
    rejects(`<!DOCTYPE A><A/>`, /DOCTYPE/);
    rejects(`<A v="&bogus;"/>`, /unknown or invalid entity '&bogus;'/);
    rejects(`<A v="a & b"/>`, /unterminated entity/);
    rejects(`<A><!-- open</A>`, /unterminated comment/);
    rejects(`just text`, /expected the root element/);
    rejects(`<A x="1"y="2"/>`, /whitespace before an attribute/);
  });

  it('refuses nesting deeper than the limit as too-deep', () => {
    const deep = '<A>'.repeat(5) + '</A>'.repeat(5);
    assert.equal(parseXml(deep, { maxDepth: 5 }).name, 'A');
    assert.throws(
      () => parseXml(deep, { maxDepth: 4 }),
      (e: unknown) => e instanceof TtlvError && e.code === 'too-deep',
    );
  });
});

describe('decodeXmlEntities', () => {
  it('leaves text without references untouched', () => {
    assert.equal(decodeXmlEntities('plain'), 'plain');
  });
  it('refuses surrogate code points', () => {
    assert.throws(() => decodeXmlEntities('&#xD800;'), TtlvError);
  });
});

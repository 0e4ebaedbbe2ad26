// A small, strict XML reader for the KMIP XML encoding (KMIP Profiles 2.1 message encodings):
// elements, attributes (single or double quoted), self-closing tags, comments, an optional XML
// declaration and processing instructions, CDATA, and the five named entities plus numeric
// character references (any code point but surrogates, so a TextString holding control
// characters survives a round trip through ttlvToXml). No DTDs, no namespaces (a prefix stays part
// of the name), nothing external: a KMIP message needs none of it, and refusing DOCTYPE keeps
// entity expansion attacks out. Errors are TtlvError('bad-encoding') naming the line and column.

import { TtlvError, TtlvErrorCode } from '../ttlv/errors.js';

export interface XmlElement {
  readonly name: string;
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: readonly XmlElement[];
  /** Character data directly inside this element, entities decoded, concatenated. */
  readonly text: string;
  /** 1-based position of the element's '<', for error messages. */
  readonly line: number;
  readonly column: number;
}

export interface XmlParseLimits {
  /** Deepest element nesting accepted (default 64). */
  readonly maxDepth?: number;
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const NAME_START = /[A-Za-z_:\u00C0-\uFFFF]/;
const NAME_CHAR = /[A-Za-z0-9_:.\-\u00B7\u00C0-\uFFFF]/;

interface MutableElement {
  name: string;
  attributes: Map<string, string>;
  children: MutableElement[];
  text: string;
  line: number;
  column: number;
}

/** Parses a document with exactly one root element (comments and whitespace around it allowed). */
export function parseXml(source: string, limits: XmlParseLimits = {}): XmlElement {
  return new XmlReader(source, limits.maxDepth ?? 64).document();
}

/** Decodes entity and character references in text or an attribute value. */
export function decodeXmlEntities(raw: string, where = ''): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(/&([^;&\s]*);?/g, (whole, body: string) => {
    if (!whole.endsWith(';')) throw badXml(`unterminated entity reference '${whole}'${where}`);
    const named = NAMED_ENTITIES[body];
    if (named !== undefined) return named;
    const code = /^#x[0-9a-fA-F]+$/.test(body)
      ? Number.parseInt(body.slice(2), 16)
      : /^#[0-9]+$/.test(body)
        ? Number.parseInt(body.slice(1), 10)
        : NaN;
    if (!Number.isInteger(code) || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      throw badXml(`unknown or invalid entity '&${body};'${where}`);
    }
    return String.fromCodePoint(code);
  });
}

function badXml(message: string): TtlvError {
  return new TtlvError(TtlvErrorCode.BadEncoding, `XML: ${message}`);
}

class XmlReader {
  private pos = 0;
  private readonly src: string;
  private readonly maxDepth: number;

  constructor(src: string, maxDepth: number) {
    // A byte-order mark is not content.
    this.src = src.startsWith('\uFEFF') ? src.slice(1) : src;
    this.maxDepth = maxDepth;
  }

  document(): XmlElement {
    this.skipMisc();
    if (this.src.startsWith('<!DOCTYPE', this.pos)) throw this.error('DOCTYPE is not accepted');
    if (this.src[this.pos] !== '<') throw this.error('expected the root element');
    const root = this.element(1);
    this.skipMisc();
    if (this.pos < this.src.length) throw this.error('content after the root element');
    return root;
  }

  /** Skips whitespace, comments and processing instructions (including <?xml ...?>). */
  private skipMisc(): void {
    for (;;) {
      this.skipSpace();
      if (this.src.startsWith('<!--', this.pos)) this.comment();
      else if (this.src.startsWith('<?', this.pos)) this.processingInstruction();
      else return;
    }
  }

  private element(depth: number): MutableElement {
    if (depth > this.maxDepth) {
      throw new TtlvError(TtlvErrorCode.TooDeep, `XML: elements nested deeper than ${this.maxDepth}`);
    }
    const { line, column } = this.position(this.pos);
    this.pos++; // '<'
    const name = this.name('element name');
    const el: MutableElement = { name, attributes: new Map(), children: [], text: '', line, column };
    for (;;) {
      const hadSpace = this.skipSpace();
      const c = this.src[this.pos];
      if (c === '/') {
        this.expect('/>');
        return el;
      }
      if (c === '>') {
        this.pos++;
        break;
      }
      if (c === undefined) throw this.error(`unterminated start tag <${name}>`);
      if (!hadSpace) throw this.error(`expected whitespace before an attribute in <${name}>`);
      const attr = this.name('attribute name');
      this.skipSpace();
      this.expect('=');
      this.skipSpace();
      if (el.attributes.has(attr)) throw this.error(`duplicate attribute '${attr}' in <${name}>`);
      el.attributes.set(attr, this.attributeValue(name, attr));
    }
    this.content(el, depth);
    return el;
  }

  private content(el: MutableElement, depth: number): void {
    for (;;) {
      const lt = this.src.indexOf('<', this.pos);
      if (lt < 0) throw this.error(`element <${el.name}> is not closed`);
      if (lt > this.pos) el.text += this.text(this.pos, lt);
      this.pos = lt;
      if (this.src.startsWith('</', lt)) {
        this.pos += 2;
        const closing = this.name('closing tag name');
        if (closing !== el.name) throw this.error(`</${closing}> does not close <${el.name}>`);
        this.skipSpace();
        this.expect('>');
        return;
      }
      if (this.src.startsWith('<!--', lt)) this.comment();
      else if (this.src.startsWith('<![CDATA[', lt)) {
        const end = this.src.indexOf(']]>', lt + 9);
        if (end < 0) throw this.error('unterminated CDATA section');
        el.text += this.src.slice(lt + 9, end);
        this.pos = end + 3;
      } else if (this.src.startsWith('<?', lt)) this.processingInstruction();
      else if (this.src.startsWith('<!', lt))
        throw this.error('declarations are not accepted inside elements');
      else el.children.push(this.element(depth + 1));
    }
  }

  private text(from: number, to: number): string {
    const raw = this.src.slice(from, to);
    if (raw.includes(']]>')) throw this.error("']]>' is not allowed in text");
    return decodeXmlEntities(raw, this.at(from));
  }

  private attributeValue(element: string, attr: string): string {
    const quote = this.src[this.pos];
    if (quote !== '"' && quote !== "'")
      throw this.error(`attribute '${attr}' of <${element}> needs a quoted value`);
    const end = this.src.indexOf(quote, this.pos + 1);
    if (end < 0) throw this.error(`unterminated value of attribute '${attr}'`);
    const raw = this.src.slice(this.pos + 1, end);
    if (raw.includes('<')) throw this.error(`'<' in the value of attribute '${attr}'`);
    const start = this.pos;
    this.pos = end + 1;
    // XML attribute-value normalisation: literal tabs and newlines read as spaces.
    return decodeXmlEntities(raw.replace(/[\t\n\r]/g, ' '), this.at(start));
  }

  private comment(): void {
    const end = this.src.indexOf('-->', this.pos + 4);
    if (end < 0) throw this.error('unterminated comment');
    this.pos = end + 3;
  }

  private processingInstruction(): void {
    const end = this.src.indexOf('?>', this.pos + 2);
    if (end < 0) throw this.error('unterminated processing instruction');
    this.pos = end + 2;
  }

  private name(what: string): string {
    const start = this.pos;
    if (!NAME_START.test(this.src[this.pos] ?? '')) throw this.error(`expected ${what}`);
    this.pos++;
    while (NAME_CHAR.test(this.src[this.pos] ?? '')) this.pos++;
    return this.src.slice(start, this.pos);
  }

  private skipSpace(): boolean {
    const start = this.pos;
    while (/[ \t\r\n]/.test(this.src[this.pos] ?? '')) this.pos++;
    return this.pos > start;
  }

  private expect(token: string): void {
    if (!this.src.startsWith(token, this.pos)) throw this.error(`expected '${token}'`);
    this.pos += token.length;
  }

  // Line counting resumes from the last position asked for (element starts only move forward), so
  // positions cost O(n) over the whole document rather than O(n) each.
  private scanOffset = 0;
  private scanLine = 1;
  private scanLineStart = 0;

  private position(offset: number): { line: number; column: number } {
    if (offset < this.scanOffset) {
      this.scanOffset = 0;
      this.scanLine = 1;
      this.scanLineStart = 0;
    }
    for (
      let i = this.src.indexOf('\n', this.scanOffset);
      i >= 0 && i < offset;
      i = this.src.indexOf('\n', i + 1)
    ) {
      this.scanLine++;
      this.scanLineStart = i + 1;
    }
    this.scanOffset = offset;
    return { line: this.scanLine, column: offset - this.scanLineStart + 1 };
  }

  private at(offset: number): string {
    const { line, column } = this.position(offset);
    return ` at line ${line}, column ${column}`;
  }

  private error(message: string): TtlvError {
    return badXml(message + this.at(this.pos));
  }
}

// The KMIP XML encoding (KMIP Profiles 2.1, XML message encoding): one element per item, named
// by the tag's XML name (`<UniqueIdentifier .../>`), or `<TTLV tag="0x540001" .../>` for a tag
// the registry does not know (extensions); `type="..."` gives the item type (absent means
// Structure), `value="..."` the value, spelled as src/ttlv/text-values.ts describes. Enumeration
// and mask names come from the tag, or for Attribute Value from the sibling Attribute Name.
//
// Placeholders ("$NOW", "$UNIQUE_IDENTIFIER_0"...) of the OASIS test cases: read with
// { placeholders: true }, a value starting with '$' becomes a marked item (see placeholders.ts);
// without it such a value must parse like any other. ttlvToXml writes marked items back as their
// placeholder text.
//
// Test-case documents come in two publications: KMIP Profiles v1.3 and later wrap the messages of
// a case in <KMIP>; the KMIP Profiles v1.0 cases (for KMIP 1.0, 1.1 and 1.2) were printed in the
// HTML specification and are read from it with a <KmipTestCase> root. HTML renders every run of
// white space as one space, and the printed values carry such runs where a line was wrapped
// ("Cryptographic   Usage Mask"), so values in a <KmipTestCase> document are read as rendered.

import { TtlvError, TtlvErrorCode } from '../ttlv/errors.js';
import { ItemType } from '../ttlv/item.js';
import type { ItemTypeName, TtlvItem } from '../ttlv/item.js';
import { attributeNameOf, tagFromText, tagHex, tagXmlName, valueDomain } from './names.js';
import { isPlaceholderText, makePlaceholderItem, placeholderOf } from '../ttlv/placeholders.js';
import { formatValueText, parseValueText } from './text-values.js';
import { parseXml } from './xml-parse.js';
import type { XmlElement } from './xml-parse.js';
import { Tag } from '../spec/generated/tags.js';

export interface XmlReadOptions {
  /** Keep "$..." values as placeholder items instead of parsing them (default false). */
  readonly placeholders?: boolean;
  /** Deepest nesting accepted (default 64). */
  readonly maxDepth?: number;
  /**
   * Read each value as HTML renders it: runs of white space as one space, none at either end
   * (default false; parseKmipXmlDocument sets it for a <KmipTestCase> document).
   */
  readonly collapseWhitespace?: boolean;
}

export interface XmlWriteOptions {
  /** Indentation per level (default two spaces); '' writes everything on one line. */
  readonly indent?: string;
}

const GENERIC_ELEMENT = 'TTLV';
const DOCUMENT_ROOT = 'KMIP';
/** The root of a KMIP Profiles v1.0 test case (values read as HTML renders them). */
const HTML_CASE_ROOT = 'KmipTestCase';

/** One item (usually a RequestMessage or ResponseMessage) from an XML document. */
export function xmlToTtlv(xml: string, options: XmlReadOptions = {}): TtlvItem {
  return xmlElementToTtlv(parseXml(xml, limits(options)), options);
}

/**
 * The items of an OASIS test-case file: a <KMIP> or <KmipTestCase> root holding RequestMessage /
 * ResponseMessage elements (comments anywhere). A document with another root yields its root as
 * one item.
 */
export function parseKmipXmlDocument(xml: string, options: XmlReadOptions = {}): TtlvItem[] {
  return readKmipTestCase(xml, options).messages;
}

export interface KmipTestCaseDocument {
  readonly messages: TtlvItem[];
  /** True for a KMIP Profiles v1.0 case (<KmipTestCase>), printed in the HTML specification. */
  readonly printedInHtml: boolean;
}

/** parseKmipXmlDocument, also saying which publication the document follows. */
export function readKmipTestCase(xml: string, options: XmlReadOptions = {}): KmipTestCaseDocument {
  const root = parseXml(xml, limits(options));
  if (root.name !== DOCUMENT_ROOT && root.name !== HTML_CASE_ROOT)
    return { messages: [xmlElementToTtlv(root, options)], printedInHtml: false };
  if (root.text.trim() !== '') throw bad(`text directly inside <${root.name}>`);
  const printedInHtml = root.name === HTML_CASE_ROOT;
  const read = printedInHtml ? { ...options, collapseWhitespace: true } : options;
  return { messages: root.children.map((el) => xmlElementToTtlv(el, read)), printedInHtml };
}

/** A value as the options ask to read it. */
function valueText(raw: string, options: XmlReadOptions): string {
  return options.collapseWhitespace === true ? raw.replace(/\s+/g, ' ').trim() : raw;
}

function limits(options: XmlReadOptions): { maxDepth?: number } {
  return options.maxDepth === undefined ? {} : { maxDepth: options.maxDepth };
}

/** Converts an already parsed element (and its subtree) to an item. */
export function xmlElementToTtlv(
  el: XmlElement,
  options: XmlReadOptions = {},
  attributeName?: string,
): TtlvItem {
  const where = `<${el.name}> at line ${el.line}, column ${el.column}`;
  const tag = elementTag(el, where);
  const typeText = el.attributes.get('type') ?? 'Structure';
  if (!Object.hasOwn(ItemType, typeText)) {
    throw new TtlvError(TtlvErrorCode.UnknownType, `XML: ${where}: unknown type '${typeText}'`);
  }
  const type = typeText as ItemTypeName;
  for (const name of el.attributes.keys()) {
    if (name !== 'tag' && name !== 'type' && name !== 'value')
      throw bad(`${where}: unexpected attribute '${name}'`);
  }
  if (type === 'Structure') {
    if (el.attributes.has('value')) throw bad(`${where}: a Structure has no value attribute`);
    if (el.text.trim() !== '') throw bad(`${where}: text inside a Structure`);
    const name = attributeNameAmong(el.children, options);
    return {
      tag,
      type,
      value: el.children.map((child) =>
        xmlElementToTtlv(child, options, isAttributeValue(child) ? name : undefined),
      ),
    };
  }
  if (el.children.length > 0) throw bad(`${where}: a ${type} cannot hold elements`);
  if (el.text.trim() !== '')
    throw bad(`${where}: a ${type} takes its value from the value attribute, not text`);
  const raw = el.attributes.get('value');
  if (raw === undefined) throw bad(`${where}: missing value attribute`);
  const text = valueText(raw, options);
  if (options.placeholders === true && isPlaceholderText(text)) return makePlaceholderItem(tag, type, text);
  const value = parseValueText(type, text, valueDomain(tag, attributeName), `XML: ${where}`);
  return { tag, type, value } as TtlvItem;
}

function elementTag(el: XmlElement, where: string): number {
  const hex = el.attributes.get('tag');
  if (hex !== undefined) {
    const tag = tagFromText(hex);
    if (tag === undefined)
      throw bad(`${where}: tag '${hex}' is neither 0x hex (6 digits) nor a known tag name`);
    if (el.name !== GENERIC_ELEMENT && tagFromText(el.name) !== tag) {
      throw bad(`${where}: element name and tag="${hex}" disagree`);
    }
    return tag;
  }
  if (el.name === GENERIC_ELEMENT)
    throw bad(`${where}: <${GENERIC_ELEMENT}> needs a tag="0x......" attribute`);
  const tag = tagFromText(el.name);
  if (tag === undefined)
    throw bad(`${where}: unknown tag name '${el.name}' (use <TTLV tag="0x......"> for others)`);
  return tag;
}

function isAttributeValue(el: XmlElement): boolean {
  return (
    el.name === tagXmlName(Tag.AttributeValue) ||
    tagFromText(el.attributes.get('tag') ?? '') === Tag.AttributeValue
  );
}

/** The text of the Attribute Name among sibling elements (KMIP 1.x Attribute structure). */
function attributeNameAmong(siblings: readonly XmlElement[], options: XmlReadOptions): string | undefined {
  const named = tagXmlName(Tag.AttributeName);
  const raw = siblings
    .find((s) => s.name === named || tagFromText(s.attributes.get('tag') ?? '') === Tag.AttributeName)
    ?.attributes.get('value');
  return raw === undefined ? undefined : valueText(raw, options);
}

/** Writes an item (and its subtree) as XML elements, one per line unless indent is ''. */
export function ttlvToXml(item: TtlvItem, options: XmlWriteOptions = {}): string {
  const indent = options.indent ?? '  ';
  const lines: string[] = [];
  writeItem(item, 0, indent, undefined, lines);
  return lines.join(indent === '' ? '' : '\n');
}

function writeItem(
  item: TtlvItem,
  depth: number,
  indent: string,
  attributeName: string | undefined,
  out: string[],
): void {
  const pad = indent.repeat(depth);
  const xmlName = tagXmlName(item.tag);
  const open = xmlName ?? `${GENERIC_ELEMENT} tag="${tagHex(item.tag)}"`;
  const close = xmlName ?? GENERIC_ELEMENT;
  if (item.type === 'Structure') {
    if (item.value.length === 0) {
      out.push(`${pad}<${open}/>`);
      return;
    }
    out.push(`${pad}<${open}>`);
    const name = attributeNameOf(item.value);
    for (const child of item.value) {
      writeItem(child, depth + 1, indent, child.tag === Tag.AttributeValue ? name : undefined, out);
    }
    out.push(`${pad}</${close}>`);
    return;
  }
  const text =
    placeholderOf(item)?.text ??
    formatValueText(item, valueDomain(item.tag, attributeName), { maskSeparator: ' ' });
  out.push(`${pad}<${open} type="${item.type}" value="${escapeAttribute(text)}"/>`);
}

/** Escapes markup and every control character (a literal newline would read back as a space). */
export function escapeAttribute(text: string): string {
  let out = '';
  for (const c of text) {
    const code = c.charCodeAt(0);
    if (c === '&') out += '&amp;';
    else if (c === '<') out += '&lt;';
    else if (c === '>') out += '&gt;';
    else if (c === '"') out += '&quot;';
    else if (code < 0x20 || code === 0x7f) out += `&#x${code.toString(16)};`;
    else out += c;
  }
  return out;
}

function bad(message: string): TtlvError {
  return new TtlvError(TtlvErrorCode.BadEncoding, message.startsWith('XML') ? message : `XML: ${message}`);
}

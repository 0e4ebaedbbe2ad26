// Fixtures for operation tests: keys created over the harness in either protocol's form, the
// stored attributes read back, and server-only attributes planted directly in the store.
import type { TtlvItem } from '../../src/ttlv/item.js';
import type { AttributeName } from '../../src/spec/generated/attributes.js';
import type { Attribute } from '../../src/messages/attributes.js';
import { Tag } from '../../src/spec/generated/tags.js';
import { type Harness, payloadText } from './engine-harness.js';

export interface KeyOptions {
  readonly version?: string;
  readonly identity?: string;
  readonly name?: string;
  /** Extra attributes, already in the version's form (1.x Attribute structures, 2.x items). */
  readonly extra?: string;
}

export const uidXml = (uid: string): string => `<UniqueIdentifier type="TextString" value="${uid}"/>`;

/** A 1.x Attribute structure; `value` is the Attribute Value's type and value attributes or children. */
export function attr1x(name: string, type: string, value: string, index?: number): string {
  const idx = index === undefined ? '' : `<AttributeIndex type="Integer" value="${index}"/>`;
  return `<Attribute><AttributeName type="TextString" value="${name}"/>${idx}<AttributeValue type="${type}" value="${value}"/></Attribute>`;
}

/** A Name value in 2.x form (1.x: wrap its children in an AttributeValue). */
export const nameChildren = (name: string): string =>
  `<NameValue type="TextString" value="${name}"/><NameType type="Enumeration" value="UninterpretedTextString"/>`;

export const name1x = (name: string): string =>
  `<Attribute><AttributeName type="TextString" value="Name"/><AttributeValue>${nameChildren(name)}</AttributeValue></Attribute>`;

export const name2x = (name: string): string => `<Name>${nameChildren(name)}</Name>`;

/** A 2.x vendor attribute for a custom x- name. */
export function vendor2x(name: string, type: string, value: string): string {
  return `<Attribute><VendorIdentification type="TextString" value="x"/><AttributeName type="TextString" value="${name}"/><AttributeValue type="${type}" value="${value}"/></Attribute>`;
}

/** Creates an AES-256 key (Encrypt|Decrypt) and returns its Unique Identifier. */
export async function createKey(h: Harness, opts: KeyOptions = {}): Promise<string> {
  const version = opts.version ?? '1.4';
  const v2 = version.startsWith('2.');
  const name = opts.name === undefined ? '' : v2 ? name2x(opts.name) : name1x(opts.name);
  const body = v2
    ? `<Attributes><CryptographicAlgorithm type="Enumeration" value="AES"/><CryptographicLength type="Integer" value="256"/>
       <CryptographicUsageMask type="Integer" value="Encrypt Decrypt"/>${name}${opts.extra ?? ''}</Attributes>`
    : `<TemplateAttribute>${attr1x('Cryptographic Algorithm', 'Enumeration', 'AES')}${attr1x('Cryptographic Length', 'Integer', '256')}
       ${attr1x('Cryptographic Usage Mask', 'Integer', 'Encrypt Decrypt')}${name}${opts.extra ?? ''}</TemplateAttribute>`;
  const r = await h.op('Create', `<ObjectType type="Enumeration" value="SymmetricKey"/>${body}`, {
    version,
    ...(opts.identity !== undefined ? { identity: opts.identity } : {}),
  });
  if (r.status !== 'Success') throw new Error(`Create failed: ${r.xml}`);
  const uid = payloadText(r, Tag.UniqueIdentifier);
  if (uid === undefined) throw new Error('Create returned no Unique Identifier');
  return uid;
}

/** The stored instances of one attribute. */
export async function stored(h: Harness, uid: string, name: AttributeName): Promise<Attribute[]> {
  const obj = await h.store.get(uid);
  if (obj === undefined) throw new Error(`no object ${uid}`);
  return obj.attributes.filter((a) => a.name === name);
}

/** Sets an attribute straight in the store (for server-only ones such as Lease Time). */
export async function plant(h: Harness, uid: string, name: AttributeName, value: TtlvItem): Promise<void> {
  const obj = await h.store.get(uid);
  if (obj === undefined) throw new Error(`no object ${uid}`);
  const attributes = [...obj.attributes.filter((a) => a.name !== name), { name, index: 0, value }];
  await h.store.update({ ...obj, attributes, revision: obj.revision + 1 });
}

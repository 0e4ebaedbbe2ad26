// The KMIP 2.1 operations the console runs (§6.1): Locate with Offset Items and Maximum Items
// (server-side paging; Located Items gives the total), Get Attributes, Create, Create Key Pair,
// Activate, Revoke, Destroy, Add/Modify/Delete Attribute. Each is one request message to
// POST /ui/api/kmip; a refusal is thrown as the server's Result Reason and Message.
import { kmip } from '../api.js';
import {
  attributeReference,
  child,
  childText,
  children,
  customAttribute,
  dateTime,
  enumeration,
  integer,
  structure,
  text,
  valueText,
  type Item,
} from './json-items.js';
import { payloadsOrThrow, type BatchRequest } from './messages.js';

export interface DateFilter {
  /** An attribute of type Date-Time: InitialDate, ActivationDate … */
  readonly attribute: string;
  /** yyyy-mm-dd, inclusive, in UTC. */
  readonly from?: string;
  readonly to?: string;
}

export interface ObjectFilter {
  readonly name?: string;
  readonly objectType?: string;
  readonly state?: string;
  readonly algorithm?: string;
  /** A custom attribute (x-…) and the text value it must have. */
  readonly custom?: { readonly name: string; readonly value: string };
  readonly date?: DateFilter;
  readonly includeDestroyed?: boolean;
}

export interface ObjectRow {
  readonly uid: string;
  readonly name: string;
  readonly objectType: string;
  readonly state: string;
  readonly algorithm: string;
  readonly length: string;
  readonly initialDate: string;
  /** The value of the custom attribute searched by, if any. */
  readonly custom: string;
}

/** The attributes the objects table shows. */
const ROW_ATTRIBUTES = [
  'Name',
  'ObjectType',
  'State',
  'CryptographicAlgorithm',
  'CryptographicLength',
  'InitialDate',
];

const uidItem = (uid: string): Item => text('UniqueIdentifier', uid);

/** Two instances of a date attribute select a range (§6.1.28); one open end is the epoch or 9999. */
function dateRange(d: DateFilter): Item[] {
  if (d.from === undefined && d.to === undefined) return [];
  const from = new Date(`${d.from ?? '1970-01-01'}T00:00:00Z`);
  const to = new Date(`${d.to ?? '9999-12-31'}T23:59:59Z`);
  return [dateTime(d.attribute, from), dateTime(d.attribute, to)];
}

export function locateRequest(f: ObjectFilter, offset: number, maximum: number): BatchRequest {
  const attributes: Item[] = [];
  if (f.name !== undefined) attributes.push(structure('Name', [text('NameValue', f.name)]));
  if (f.objectType !== undefined) attributes.push(enumeration('ObjectType', f.objectType));
  if (f.state !== undefined) attributes.push(enumeration('State', f.state));
  if (f.algorithm !== undefined) attributes.push(enumeration('CryptographicAlgorithm', f.algorithm));
  if (f.custom !== undefined) attributes.push(customAttribute(f.custom.name, f.custom.value));
  if (f.date !== undefined) attributes.push(...dateRange(f.date));
  const destroyed = f.includeDestroyed === true || (f.state ?? '').startsWith('Destroyed');
  return {
    operation: 'Locate',
    payload: [
      integer('MaximumItems', maximum),
      integer('OffsetItems', offset),
      // On-line, archived and, when asked, destroyed objects (Storage Status Mask, §11.35).
      integer('StorageStatusMask', destroyed ? 7 : 3),
      structure('Attributes', attributes),
    ],
  };
}

function rowOf(uid: string, attributes: Item | undefined): ObjectRow {
  const custom = children(attributes).find((a) => a.tag === 'Attribute');
  return {
    uid,
    name: childText(child(attributes, 'Name'), 'NameValue'),
    objectType: childText(attributes, 'ObjectType'),
    state: childText(attributes, 'State'),
    algorithm: childText(attributes, 'CryptographicAlgorithm'),
    length: childText(attributes, 'CryptographicLength'),
    initialDate: childText(attributes, 'InitialDate'),
    custom: childText(custom, 'AttributeValue'),
  };
}

/** One page of the identity's objects matching `f`, and how many match in all. */
export async function findObjects(
  f: ObjectFilter,
  offset: number,
  maximum: number,
): Promise<{ total: number; rows: ObjectRow[] }> {
  const [located = []] = payloadsOrThrow(await kmip([locateRequest(f, offset, maximum)]));
  const uids = located.filter((i) => i.tag === 'UniqueIdentifier').map(valueText);
  const count = located.find((i) => i.tag === 'LocatedItems');
  const total = count === undefined ? uids.length : Number(valueText(count));
  if (uids.length === 0) return { total, rows: [] };
  const references = ROW_ATTRIBUTES.map((a) => enumeration('AttributeReference', a));
  if (f.custom !== undefined) references.push(attributeReference(customAttribute(f.custom.name, '')));
  const answers = await kmip(
    uids.map((uid) => ({ operation: 'GetAttributes', payload: [uidItem(uid), ...references] })),
  );
  // An object destroyed or taken away between the two requests shows as a row without attributes.
  const rows = uids.map((uid, i) => {
    const a = answers[i];
    return rowOf(uid, a?.ok === true ? a.payload.find((p) => p.tag === 'Attributes') : undefined);
  });
  return { total, rows };
}

/** Every attribute of an object (Get Attributes naming none). */
export async function objectAttributes(uid: string): Promise<readonly Item[]> {
  const [payload = []] = payloadsOrThrow(
    await kmip([{ operation: 'GetAttributes', payload: [uidItem(uid)] }]),
  );
  const attributes = payload.find((p) => p.tag === 'Attributes');
  return Array.isArray(attributes?.value) ? (attributes.value as readonly Item[]) : [];
}

const nameItem = (name: string): Item =>
  structure('Name', [text('NameValue', name), enumeration('NameType', 'UninterpretedTextString')]);

export interface NewKeyOptions {
  readonly name: string;
  readonly algorithm: string;
  readonly length: number;
  readonly usage: readonly string[];
  readonly custom?: { readonly name: string; readonly value: string } | undefined;
  readonly activate: boolean;
}

/** Activate after a Create in the same message: its Unique Identifier comes from the ID Placeholder (§7.2). */
const activateLast: BatchRequest = { operation: 'Activate', payload: [] };

export async function createSymmetricKey(o: NewKeyOptions): Promise<string> {
  const attributes = [
    enumeration('CryptographicAlgorithm', o.algorithm),
    integer('CryptographicLength', o.length),
    usageMask(o.usage.join('|')),
    ...(o.name === '' ? [] : [nameItem(o.name)]),
    ...(o.custom === undefined ? [] : [customAttribute(o.custom.name, o.custom.value)]),
  ];
  const create: BatchRequest = {
    operation: 'Create',
    payload: [enumeration('ObjectType', 'SymmetricKey'), structure('Attributes', attributes)],
  };
  const [created = []] = payloadsOrThrow(await kmip(o.activate ? [create, activateLast] : [create]));
  return childText(structure('Payload', created), 'UniqueIdentifier');
}

export interface NewKeyPairOptions {
  readonly name: string;
  readonly algorithm: 'RSA' | 'EC';
  /** RSA modulus bits, or the EC curve's size. */
  readonly length: number;
  readonly curve?: string;
  readonly activate: boolean;
}

export async function createKeyPair(
  o: NewKeyPairOptions,
): Promise<{ privateKey: string; publicKey: string }> {
  const common = [
    enumeration('CryptographicAlgorithm', o.algorithm),
    integer('CryptographicLength', o.length),
    // The curve is a field of the Cryptographic Domain Parameters attribute (KMIP 2.1 §4.14).
    ...(o.curve === undefined
      ? []
      : [structure('CryptographicDomainParameters', [enumeration('RecommendedCurve', o.curve)])]),
  ];
  const named = (suffix: string): Item[] => (o.name === '' ? [] : [nameItem(`${o.name}${suffix}`)]);
  const create: BatchRequest = {
    operation: 'CreateKeyPair',
    payload: [
      structure('CommonAttributes', common),
      structure('PrivateKeyAttributes', [...named(''), usageMask('Sign')]),
      structure('PublicKeyAttributes', [...named('-public'), usageMask('Verify')]),
    ],
  };
  const [created = []] = payloadsOrThrow(await kmip([create]));
  const payload = structure('Payload', created);
  const privateKey = childText(payload, 'PrivateKeyUniqueIdentifier');
  const publicKey = childText(payload, 'PublicKeyUniqueIdentifier');
  if (o.activate)
    payloadsOrThrow(
      await kmip([privateKey, publicKey].map((uid) => ({ operation: 'Activate', payload: [uidItem(uid)] }))),
    );
  return { privateKey, publicKey };
}

/** A Cryptographic Usage Mask, as the names of its bits ("Encrypt|Decrypt"). */
function usageMask(bits: string): Item {
  return { tag: 'CryptographicUsageMask', type: 'Integer', value: bits };
}

async function one(operation: string, payload: readonly Item[]): Promise<void> {
  payloadsOrThrow(await kmip([{ operation, payload }]));
}

export const activate = (uid: string): Promise<void> => one('Activate', [uidItem(uid)]);

export function revoke(uid: string, reason: string, message: string): Promise<void> {
  return one('Revoke', [
    uidItem(uid),
    structure('RevocationReason', [
      enumeration('RevocationReasonCode', reason),
      ...(message === '' ? [] : [text('RevocationMessage', message)]),
    ]),
  ]);
}

export const destroy = (uid: string): Promise<void> => one('Destroy', [uidItem(uid)]);

export const addAttribute = (uid: string, attribute: Item): Promise<void> =>
  one('AddAttribute', [uidItem(uid), structure('NewAttribute', [attribute])]);

export const modifyAttribute = (uid: string, current: Item, next: Item): Promise<void> =>
  one('ModifyAttribute', [
    uidItem(uid),
    structure('CurrentAttribute', [current]),
    structure('NewAttribute', [next]),
  ]);

export const deleteAttribute = (uid: string, current: Item): Promise<void> =>
  one('DeleteAttribute', [uidItem(uid), structure('CurrentAttribute', [current])]);

// Version-exact responses (clients.md rule 1): a response carries only the tags, attributes and
// enumeration values that exist in the request's protocol version. Ceph's libkmip breaks on a 1.3
// field in a 1.0 reply and Percona on a 1.1 attribute in a 1.0 GetAttributes reply.
//
// Per case, for what the version does not define:
// - a tag: left out (unknown tags, e.g. 0x54xxxx extensions, stay);
// - an attribute (1.x Attribute, or an item of a 2.x Attributes container): left out when its
//   name, or any enumeration value inside it, is not in the version (Object Type PGP Key, Link
//   Type Parent Link, Cryptographic Algorithm ChaCha20 …);
// - a field a later version added to an attribute's structure (Key Format Type in a Digest,
//   KMIP 1.1): left out of the value;
// - a bit of a mask (Cryptographic Usage Mask Export at 2.x, FPE Encrypt at 1.x): cleared;
// - an entry of a repeated response field (Query: Operation Encrypt in a 1.0 reply, Object Type
//   Certificate Request before 2.0; the payload tables say which fields repeat): left out of the list;
// - the echoed Operation: kept as the client sent it (rules 3);
// - Result Reason: mapped before this filter runs (result-reason-version.ts);
// - anywhere else (a Get of a PGP Key at 1.0, a Key Format Type the version lacks): the answer
//   cannot be said in that version, so the batch item fails with Feature Not Supported rather
//   than sending a structure with a required field missing.
import type { EnumerationItem, IntegerItem, StructureItem, TtlvItem } from '../ttlv/item.js';
import { enumerationDisplayName, tagDisplayName, valueDomain, type ValueDomain } from '../notation/names.js';
import { Tag } from '../spec/generated/tags.js';
import { ResultReason, ResultStatus } from '../spec/generated/enums.js';
import { payloadTables } from '../spec/generated/payloads.js';
import {
  enumInfo,
  enumValueExistsIn,
  enumValueName,
  tagByName,
  tagExistsIn,
  tagInfo,
  versionAtLeast,
  type KmipVersion,
} from '../spec/registry.js';
import { isCustomName } from './attributes.js';
import { responseBatchItem } from './response.js';

/** Structures whose every child is one attribute (KMIP 2.x). */
const ATTRIBUTE_CONTAINERS: ReadonlySet<number> = new Set([
  Tag.Attributes,
  Tag.CommonAttributes,
  Tag.PrivateKeyAttributes,
  Tag.PublicKeyAttributes,
]);

/**
 * The repeated fields of each operation's response payload, per family (spec/generated/payloads):
 * each entry of such a list stands alone, so one the version cannot say is left out of the list.
 */
const LIST_FIELDS: ReadonlyMap<string, ReadonlySet<number>> = new Map(
  payloadTables
    .filter((t) => t.direction === 'response')
    .map((t) => [
      `${t.operation}|${t.family}`,
      new Set(t.fields.filter((f) => f.repeated === true).map((f) => f.tag)),
    ]),
);

function listFields(operation: number | undefined, version: KmipVersion): ReadonlySet<number> | undefined {
  if (operation === undefined) return undefined;
  return LIST_FIELDS.get(`${operation}|${version.startsWith('1.') ? 1 : 2}`);
}

/**
 * Per-version answers about a tag, computed once: whether the version defines it, and the value
 * domain (enumeration, mask or tag) its values come from. The filter runs on every response; the
 * registry lookups behind these answers are the same each time.
 */
interface TagFacts {
  readonly known: boolean;
  readonly exists: boolean;
}
const tagFactsByVersion = new Map<KmipVersion, Map<number, TagFacts>>();

function tagFacts(tag: number, version: KmipVersion): TagFacts {
  let byTag = tagFactsByVersion.get(version);
  if (byTag === undefined) {
    byTag = new Map();
    tagFactsByVersion.set(version, byTag);
  }
  let facts = byTag.get(tag);
  if (facts === undefined) {
    const known = tagInfo(tag) !== undefined;
    facts = { known, exists: known && tagExistsIn(tag, version) };
    byTag.set(tag, facts);
  }
  return facts;
}

const domainsByTag = new Map<number, ValueDomain | null>();
const domainsByAttribute = new Map<string, ValueDomain | null>();

/** valueDomain, remembered: by tag, or for an Attribute Value by the attribute's name. */
function domainOf(tag: number, attr: string | undefined): ValueDomain | undefined {
  if (tag === Tag.AttributeValue) {
    const key = attr ?? '';
    let d = domainsByAttribute.get(key);
    if (d === undefined) domainsByAttribute.set(key, (d = valueDomain(tag, attr) ?? null));
    return d ?? undefined;
  }
  let d = domainsByTag.get(tag);
  if (d === undefined) domainsByTag.set(tag, (d = valueDomain(tag) ?? null));
  return d ?? undefined;
}

interface Filtered {
  readonly item: TtlvItem;
  /** Set when an enumeration value inside is not defined by the version: what it is, for messages. */
  readonly unsayable?: string;
}

function attributeName(item: StructureItem): string | undefined {
  const name = item.value.find((c) => c.tag === Tag.AttributeName);
  return name?.type === 'TextString' ? name.value : undefined;
}

function attributeNameExists(name: string | undefined, version: KmipVersion): boolean {
  if (name === undefined || isCustomName(name)) return true;
  const info = tagByName(name);
  return info === undefined || tagExistsIn(info.tag, version);
}

/** True when the registry lists the value and says the version does not define it. */
function undefinedIn(enumName: string, value: number, version: KmipVersion): boolean {
  return enumValueName(enumName, value) !== undefined && !enumValueExistsIn(enumName, value, version);
}

function filterEnumeration(item: EnumerationItem, version: KmipVersion, attr?: string): Filtered {
  const domain = domainOf(item.tag, attr);
  const what = attr ?? tagDisplayName(item.tag);
  if (domain?.kind === 'enum' && undefinedIn(domain.name, item.value, version)) {
    return { item, unsayable: `${what} ${enumerationDisplayName(domain, item.value) ?? item.value}` };
  }
  if (domain?.kind === 'tag' && tagInfo(item.value) !== undefined && !tagExistsIn(item.value, version)) {
    return { item, unsayable: `${what} ${tagDisplayName(item.value)}` };
  }
  return { item };
}

function filterMask(item: IntegerItem, version: KmipVersion, attr?: string): Filtered {
  const domain = domainOf(item.tag, attr);
  if (domain?.kind !== 'mask') return { item };
  let value = item.value;
  for (const bit of enumInfo(domain.name)?.values ?? []) {
    if ((value & bit.value) !== 0 && !enumValueExistsIn(domain.name, bit.value, version)) value &= ~bit.value;
  }
  return value === item.value ? { item } : { item: { ...item, value } };
}

/**
 * Fields added to an attribute's structure after the attribute itself: KMIP 1.0 §3.17 defines
 * Digest as Hashing Algorithm and Digest Value; 1.1 adds the Key Format Type it was computed on.
 */
const ATTRIBUTE_FIELDS_SINCE: Readonly<Record<string, readonly { tag: number; since: KmipVersion }[]>> = {
  Digest: [{ tag: Tag.KeyFormatType, since: '1.1' }],
};

function withoutLaterFields(value: TtlvItem, name: string | undefined, version: KmipVersion): TtlvItem {
  const later = (name === undefined ? undefined : ATTRIBUTE_FIELDS_SINCE[name])?.filter(
    (f) => !versionAtLeast(version, f.since),
  );
  if (value.type !== 'Structure' || later === undefined || later.length === 0) return value;
  return { ...value, value: value.value.filter((c) => !later.some((f) => f.tag === c.tag)) };
}

/** A 1.x Attribute (or the 2.x vendor form): its value's enumerations come from its name. */
function filterAttribute(item: StructureItem, version: KmipVersion): Filtered | undefined {
  const name = attributeName(item);
  if (!attributeNameExists(name, version)) return undefined;
  const out = filterChildren(item, version, (c) =>
    c.tag === Tag.AttributeValue
      ? filterNode(withoutLaterFields(c, name, version), version, name)
      : filterNode(c, version),
  );
  return out.unsayable === undefined ? out : undefined;
}

function filterChildren(
  item: StructureItem,
  version: KmipVersion,
  each: (c: TtlvItem) => Filtered | undefined,
): Filtered {
  const kept: TtlvItem[] = [];
  let changed = false;
  let unsayable: string | undefined;
  for (const c of item.value) {
    const facts = tagFacts(c.tag, version);
    const f = facts.known && !facts.exists ? undefined : each(c);
    if (f === undefined) {
      changed = true;
      continue;
    }
    unsayable ??= f.unsayable;
    if (f.item !== c) changed = true;
    kept.push(f.item);
  }
  const out = changed ? { ...item, value: kept } : item;
  return unsayable === undefined ? { item: out } : { item: out, unsayable };
}

/** Filters one item; undefined = leave it out. `attr` names the 1.x attribute a value belongs to. */
function filterNode(item: TtlvItem, version: KmipVersion, attr?: string): Filtered | undefined {
  if (item.type === 'Enumeration') return filterEnumeration(item, version, attr);
  if (item.type === 'Integer') return filterMask(item, version, attr);
  if (item.type !== 'Structure') return { item };
  if (item.tag === Tag.Attribute) return filterAttribute(item, version);
  if (ATTRIBUTE_CONTAINERS.has(item.tag)) {
    return filterChildren(item, version, (c) => {
      const f = filterNode(c, version);
      return f?.unsayable === undefined ? f : undefined;
    });
  }
  return filterChildren(item, version, (c) => filterNode(c, version));
}

function operationOf(batchItem: StructureItem): number | undefined {
  const op = batchItem.value.find((c) => c.tag === Tag.Operation);
  return op?.type === 'Enumeration' ? op.value : undefined;
}

function idOf(batchItem: StructureItem): Uint8Array | undefined {
  const id = batchItem.value.find((c) => c.tag === Tag.UniqueBatchItemID);
  return id?.type === 'ByteString' ? id.value : undefined;
}

/**
 * Trims one response Batch Item to what `version` defines (see the table at the top of the
 * file). Applies to any item; for a Batch Item it also keeps the echoed Operation and fails the
 * item when its payload cannot be said in the version.
 */
export function filterForVersion(item: TtlvItem, version: KmipVersion): TtlvItem {
  if (item.type !== 'Structure') return item;
  if (item.tag !== Tag.BatchItem) return filterNode(item, version)?.item ?? item;
  const operation = operationOf(item);
  const list = listFields(operation, version);
  const out = filterChildren(item, version, (c) => {
    if (c.tag === Tag.Operation) return { item: c };
    if (c.tag === Tag.ResponsePayload && c.type === 'Structure' && list !== undefined && list.size > 0) {
      return filterChildren(c, version, (e) => {
        const f = filterNode(e, version);
        return f?.unsayable === undefined || !list.has(e.tag) ? f : undefined;
      });
    }
    return filterNode(c, version);
  });
  if (out.unsayable === undefined) return out.item;
  const id = idOf(item);
  return responseBatchItem({
    ...(operation !== undefined ? { operation } : {}),
    ...(id !== undefined ? { uniqueBatchItemId: id } : {}),
    resultStatus: ResultStatus.OperationFailed,
    resultReason: ResultReason.FeatureNotSupported,
    resultMessage: `the answer holds ${out.unsayable}, which KMIP ${version} does not define`,
  });
}

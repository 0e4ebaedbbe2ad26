// Server operations: Query (KMIP 2.1 §6.1.37, 1.4 §4.25) and Discover Versions (2.1 §6.1.19,
// 1.4 §4.26).
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { Operation, QueryFunction } from '../spec/generated/enums.js';
import { protocolVersionItem } from '../messages/response.js';
import { parseProtocolVersion } from '../messages/request.js';
import type { ProtocolVersion } from '../messages/protocol-version.js';
import { tagInfo } from '../spec/registry.js';
import { tagHex } from '../notation/names.js';
import { enumText, enumValue, plainOf, type PlainOutput } from './values.js';
import type { EnumInput, KmipOperation } from './operation.js';

export const DEFAULT_QUERY_FUNCTIONS: readonly EnumInput[] = Object.freeze([
  QueryFunction.QueryOperations,
  QueryFunction.QueryObjects,
  QueryFunction.QueryServerInformation,
]);

export interface QueryResult {
  /** Operation names ('Create', 'Get' …). */
  readonly operations: readonly string[];
  /** Object Type names ('SymmetricKey' …). */
  readonly objectTypes: readonly string[];
  readonly vendorIdentification?: string;
  readonly serverInformation?: PlainOutput;
  readonly applicationNamespaces: readonly string[];
  /** Every other item of the response (Extension Information, Profile Information …), plain. */
  readonly other: readonly { readonly field: string; readonly value: PlainOutput }[];
}

function readQuery(p: StructureItem): QueryResult {
  const operations: string[] = [];
  const objectTypes: string[] = [];
  const applicationNamespaces: string[] = [];
  const other: { field: string; value: PlainOutput }[] = [];
  let vendorIdentification: string | undefined;
  let serverInformation: PlainOutput | undefined;
  for (const c of p.value) {
    if (c.tag === Tag.Operation && c.type === 'Enumeration') operations.push(enumText('Operation', c.value));
    else if (c.tag === Tag.ObjectType && c.type === 'Enumeration')
      objectTypes.push(enumText('ObjectType', c.value));
    else if (c.tag === Tag.VendorIdentification && c.type === 'TextString') vendorIdentification = c.value;
    else if (c.tag === Tag.ServerInformation) serverInformation = plainOf(c);
    else if (c.tag === Tag.ApplicationNamespace && c.type === 'TextString')
      applicationNamespaces.push(c.value);
    else {
      other.push({ field: tagInfo(c.tag)?.xmlName ?? tagHex(c.tag), value: plainOf(c) });
    }
  }
  return {
    operations,
    objectTypes,
    ...(vendorIdentification !== undefined ? { vendorIdentification } : {}),
    ...(serverInformation !== undefined ? { serverInformation } : {}),
    applicationNamespaces,
    other,
  };
}

/** Query with the given Query Functions (default: operations, objects, server information). */
export function queryOp(
  functions: readonly EnumInput[] = DEFAULT_QUERY_FUNCTIONS,
): KmipOperation<QueryResult> {
  const items: TtlvItem[] = functions.map((f) => ({
    tag: Tag.QueryFunction,
    type: 'Enumeration',
    value: enumValue('QueryFunction', f, 'query function'),
  }));
  return { operation: Operation.Query, payload: () => items, parse: readQuery };
}

/** Discover Versions: the versions both sides speak, in the server's order of preference. */
export function discoverVersionsOp(offer: readonly ProtocolVersion[] = []): KmipOperation<ProtocolVersion[]> {
  return {
    operation: Operation.DiscoverVersions,
    payload: () => offer.map(protocolVersionItem),
    parse: (p) => p.value.filter((c) => c.tag === Tag.ProtocolVersion).map((c) => parseProtocolVersion(c)),
  };
}

// Server operations: Query (KMIP 2.1 §6.1.37, 1.4 §4.25) and Discover Versions (2.1 §6.1.19,
// 1.4 §4.26).
import { QueryFunction } from '../spec/generated/enums.js';
import { tagInfo, type KmipVersion } from '../spec/registry.js';
import { tagHex } from '../notation/names.js';
import type { ProtocolVersion } from '../messages/protocol-version.js';
import { responseCodec } from '../messages/payloads/codecs.js';
import { encodeStructure } from '../messages/payloads/structures.js';
import type { QueryResponsePayload } from '../messages/payloads/generated/types.js';
import { enumText, enumValue, plainOf, type PlainOutput } from './values.js';
import { typedOperation, type EnumInput, type KmipOperation } from './operation.js';

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
  /** Every other field of the response (Extension Information, Profile Information …), plain. */
  readonly other: readonly { readonly field: string; readonly value: PlainOutput }[];
}

function readQuery(r: Partial<QueryResponsePayload>, version: KmipVersion): QueryResult {
  const { operation, objectType, vendorIdentification, serverInformation, applicationNamespace, ...rest } = r;
  // The fields the result does not name are written back by the codec and shown as they came.
  const other = responseCodec('Query')
    .encode(rest, version)
    .map((item) => ({ field: tagInfo(item.tag)?.xmlName ?? tagHex(item.tag), value: plainOf(item) }));
  return {
    operations: (operation ?? []).map((o) => enumText('Operation', o)),
    objectTypes: (objectType ?? []).map((t) => enumText('ObjectType', t)),
    ...(vendorIdentification !== undefined ? { vendorIdentification } : {}),
    ...(serverInformation !== undefined
      ? { serverInformation: plainOf(encodeStructure('ServerInformation', serverInformation, version)) }
      : {}),
    applicationNamespaces: applicationNamespace ?? [],
    other,
  };
}

/** Query with the given Query Functions (default: operations, objects, server information). */
export function queryOp(
  functions: readonly EnumInput[] = DEFAULT_QUERY_FUNCTIONS,
): KmipOperation<QueryResult> {
  const queryFunction = functions.map((f) => enumValue('QueryFunction', f, 'query function'));
  return typedOperation('Query', () => ({ queryFunction }), readQuery);
}

/** Discover Versions: the versions both sides speak, in the server's order of preference. */
export function discoverVersionsOp(offer: readonly ProtocolVersion[] = []): KmipOperation<ProtocolVersion[]> {
  return typedOperation(
    'DiscoverVersions',
    () => ({
      protocolVersion: offer.map((v) => ({ protocolVersionMajor: v.major, protocolVersionMinor: v.minor })),
    }),
    (r) =>
      (r.protocolVersion ?? []).flatMap((v) =>
        v.protocolVersionMajor === undefined || v.protocolVersionMinor === undefined
          ? []
          : [{ major: v.protocolVersionMajor, minor: v.protocolVersionMinor }],
      ),
  );
}

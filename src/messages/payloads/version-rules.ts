// What one protocol version says differently about the same answer, beyond which fields its
// tables hold (payload-codec.ts handles those): each rule adapts a typed response for the version
// it is written in, given the request it answers. Handlers never see the version; these do.
import type { StructureItem } from '../../ttlv/item.js';
import { Operation } from '../../spec/generated/enums.js';
import { Tag } from '../../spec/generated/tags.js';
import type { Attribute } from '../attributes.js';
import type { GetAttributesRequestPayload } from './generated/types.js';
import type { KmipVersion } from '../../spec/registry.js';
import { noEncodingKeyValueFor1x } from './key-block.js';
import { familyOf } from './tables.js';

type Rule = (
  response: Record<string, unknown>,
  request: unknown,
  version: KmipVersion,
) => Record<string, unknown>;

/** Get and Export at 1.x: a key wrapped with No Encoding keeps a Key Value structure (key-block.ts). */
const wrappedKeyFor1x: Rule = (response, _request, version) => {
  const object = response['object'] as StructureItem | undefined;
  if (familyOf(version) !== 1 || object === undefined) return response;
  const adapted = noEncodingKeyValueFor1x(object);
  return adapted === object ? response : { ...response, object: adapted };
};

/**
 * Attributes a 1.0-1.3 "all attributes" Get Attributes answer leaves out: PyKMIP's client (the
 * reference 1.x client, 1.2 by default) throws on the whole reply when it meets one it cannot
 * decode (found by test/interop). They are still returned when asked for by name, and at 1.4 and
 * 2.x, as the OASIS cases expect.
 */
const KMIP1_ALL_OMITS: ReadonlySet<string> = new Set([
  'Link',
  'Revocation Reason',
  'Usage Limits',
  'Digital Signature Algorithm',
  'Cryptographic Domain Parameters',
  'X.509 Certificate Identifier',
  'X.509 Certificate Subject',
  'X.509 Certificate Issuer',
  'Certificate Identifier',
  'Certificate Subject',
  'Certificate Issuer',
  'Alternative Name',
  'Key Value Present',
  'Key Value Location',
  'Original Creation Date',
  'Random Number Generator',
  'Extractable',
  'Always Sensitive',
  'Never Extractable',
]);

function decodableByKmip1Clients(a: Attribute): boolean {
  if (KMIP1_ALL_OMITS.has(a.name)) return false;
  // A Digest without Key Format Type (certificates, opaque objects) breaks the same decoder.
  if (a.name === 'Digest' && a.value.type === 'Structure')
    return a.value.value.some((c) => c.tag === Tag.KeyFormatType);
  return true;
}

const allAttributesBefore14: Rule = (response, request, version) => {
  const named = (request as GetAttributesRequestPayload).attributeReference ?? [];
  if (familyOf(version) !== 1 || version === '1.4' || named.length > 0) return response;
  const attributes = response['attributes'] as readonly Attribute[];
  return { ...response, attributes: attributes.filter(decodableByKmip1Clients) };
};

const RULES: ReadonlyMap<number, Rule> = new Map([
  [Operation.Get, wrappedKeyFor1x],
  [Operation.GetAttributes, allAttributesBefore14],
  [Operation.Export, wrappedKeyFor1x],
]);

/** The response as `version` says it. */
export function adaptResponse<T>(operation: number, response: T, request: unknown, version: KmipVersion): T {
  const rule = RULES.get(operation);
  return rule === undefined ? response : (rule(response as Record<string, unknown>, request, version) as T);
}

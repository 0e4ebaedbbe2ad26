// What one protocol version says differently about the same answer, beyond which fields its
// tables hold (payload-codec.ts handles those): each rule adapts a typed response for the version
// it is written in, given the request it answers. Handlers never see the version; these do.
import type { StructureItem } from '../../ttlv/item.js';
import { Operation } from '../../spec/generated/enums.js';
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

const RULES: ReadonlyMap<number, Rule> = new Map([
  [Operation.Get, wrappedKeyFor1x],
  [Operation.Export, wrappedKeyFor1x],
]);

/** The response as `version` says it. */
export function adaptResponse<T>(operation: number, response: T, request: unknown, version: KmipVersion): T {
  const rule = RULES.get(operation);
  return rule === undefined ? response : (rule(response as Record<string, unknown>, request, version) as T);
}

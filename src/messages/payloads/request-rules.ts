// What one protocol version means by a request beyond the fields its tables hold: each rule
// completes a typed request as the version reads it, so a handler treats every version alike.
import { Operation } from '../../spec/generated/enums.js';
import type { KmipVersion } from '../../spec/registry.js';
import { familyOf } from './tables.js';

type Rule = (request: Record<string, unknown>, version: KmipVersion) => Record<string, unknown>;

/** Sets `key` to `value` where the request leaves it out. */
function defaulted(key: string, value: unknown): Rule {
  return (request) => (request[key] === undefined ? { ...request, [key]: value } : request);
}

/** Rules by operation, for the 1.x family (1.0-1.4). */
const KMIP1_RULES: ReadonlyMap<number, Rule> = new Map([
  // 1.4 §4.15: "If no Attribute Index is specified in the request, then the Attribute Index SHALL
  // be assumed to be 0" (2.x names the instance by its Current Attribute value instead).
  [Operation.ModifyAttribute, defaulted('newAttributeIndex', 0)],
  // 1.4 §4.16: the same for Delete Attribute (2.x deletes every instance of a referenced attribute).
  [Operation.DeleteAttribute, defaulted('attributeIndex', 0)],
]);

/** The request as `version` means it. */
export function adaptRequest<T>(operation: number, request: T, version: KmipVersion): T {
  const rule = familyOf(version) === 1 ? KMIP1_RULES.get(operation) : undefined;
  return rule === undefined ? request : (rule(request as Record<string, unknown>, version) as T);
}

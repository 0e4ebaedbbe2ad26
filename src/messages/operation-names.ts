// Operation names for messages and logs, from the registry: the XML name ('SetAttribute') and
// the spec's name ('Set Attribute').
import { enumInfo, enumValueName } from '../spec/registry.js';

export function operationName(operation: number): string {
  return enumValueName('Operation', operation) ?? `operation 0x${operation.toString(16).padStart(8, '0')}`;
}

/** The spec's name of an operation ('Set Attribute'), for messages a person reads. */
export function operationDisplayName(operation: number): string {
  return enumInfo('Operation')?.values.find((v) => v.value === operation)?.name ?? operationName(operation);
}

// Operation names for messages and logs, from the registry.
import { enumValueName } from '../spec/registry.js';

export function operationName(operation: number): string {
  return enumValueName('Operation', operation) ?? `operation 0x${operation.toString(16).padStart(8, '0')}`;
}

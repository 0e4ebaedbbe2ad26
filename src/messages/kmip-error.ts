// The one error that becomes a KMIP failure response: the layer that knows the Result Reason
// throws it, the engine turns it into Result Status Operation Failed with that reason and message.
import { ResultReason } from '../spec/generated/enums.js';

export type ResultReasonCode = (typeof ResultReason)[keyof typeof ResultReason];

export class KmipError extends Error {
  override readonly name = 'KmipError';
  readonly resultReason: ResultReasonCode;
  constructor(resultReason: ResultReasonCode, message: string) {
    super(message);
    this.resultReason = resultReason;
  }
}

export const invalidField = (message: string): KmipError => new KmipError(ResultReason.InvalidField, message);
export const invalidMessage = (message: string): KmipError =>
  new KmipError(ResultReason.InvalidMessage, message);
export const itemNotFound = (message: string): KmipError => new KmipError(ResultReason.ItemNotFound, message);
export const permissionDenied = (message: string): KmipError =>
  new KmipError(ResultReason.PermissionDenied, message);
export const wrongState = (message: string): KmipError =>
  new KmipError(ResultReason.WrongKeyLifecycleState, message);
export const notSupported = (message: string): KmipError =>
  new KmipError(ResultReason.OperationNotSupported, message);

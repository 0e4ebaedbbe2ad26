// The client's two errors. KmipResultError: the server answered a batch item with a status other
// than Success; it carries Result Status / Result Reason as numbers and spec names and the
// server's Result Message. KmipClientError: no answer could be had (connection, TLS, timeout,
// closed client) or the answer was not a well-formed KMIP response.
import { enumValueName } from '../spec/registry.js';
import { ResultReason, ResultStatus } from '../spec/generated/enums.js';

export const KmipClientErrorCode = Object.freeze({
  /** No host of the list accepted a TLS connection. */
  Connect: 'connect',
  /** No response within the request timeout. */
  Timeout: 'timeout',
  /** The connection closed (or was closed) with the request in flight. */
  Closed: 'closed',
  /** The server refused the TLS handshake with an alert (most often: the client certificate). */
  Refused: 'refused',
  /** The response could not be decoded or did not match the request. */
  Protocol: 'protocol',
  /** The request cannot be expressed in the protocol version in use. */
  Unsupported: 'unsupported',
  /** A batch item the server did not execute because an earlier one failed. */
  Skipped: 'skipped',
} as const);
export type KmipClientErrorCode = (typeof KmipClientErrorCode)[keyof typeof KmipClientErrorCode];

export class KmipClientError extends Error {
  override readonly name = 'KmipClientError';
  readonly code: KmipClientErrorCode;
  constructor(code: KmipClientErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export interface KmipResultDetails {
  readonly operation: number | undefined;
  readonly resultStatus: number;
  readonly resultReason: number | undefined;
  readonly resultMessage: string | undefined;
}

function nameOr(enumName: string, value: number | undefined): string | undefined {
  if (value === undefined) return undefined;
  return enumValueName(enumName, value) ?? `0x${(value >>> 0).toString(16).padStart(8, '0')}`;
}

export class KmipResultError extends Error {
  override readonly name = 'KmipResultError';
  /** Operation number of the failed batch item (undefined when the server did not echo it). */
  readonly operation: number | undefined;
  readonly operationName: string | undefined;
  readonly resultStatus: number;
  /** 'OperationFailed', 'OperationPending', 'OperationUndone'. */
  readonly resultStatusName: string;
  readonly resultReason: number | undefined;
  /** XML name of the reason: 'ItemNotFound', 'PermissionDenied' … */
  readonly resultReasonName: string | undefined;
  /** The server's Result Message, verbatim. */
  readonly resultMessage: string | undefined;

  constructor(details: KmipResultDetails) {
    const op = nameOr('Operation', details.operation);
    const status = nameOr('ResultStatus', details.resultStatus) ?? String(details.resultStatus);
    const reason = nameOr('ResultReason', details.resultReason);
    const head = `${op ?? 'request'} failed: ${status}${reason === undefined ? '' : ` / ${reason}`}`;
    super(details.resultMessage === undefined ? head : `${head}: ${details.resultMessage}`);
    this.operation = details.operation;
    this.operationName = op;
    this.resultStatus = details.resultStatus;
    this.resultStatusName = status;
    this.resultReason = details.resultReason;
    this.resultReasonName = reason;
    this.resultMessage = details.resultMessage;
  }

  /** True when the server does not implement the operation (Result Reason Operation Not Supported). */
  get operationNotSupported(): boolean {
    return (
      this.resultStatus === ResultStatus.OperationFailed &&
      this.resultReason === ResultReason.OperationNotSupported
    );
  }
}

// How `kmip` reports a failure: one line on standard error ("kmip: …"), or with --json one JSON
// object { "error": { … } } carrying what a script needs (the KMIP Result Status and Result
// Reason of a refusal, the client error's kind). Exit status: 2 for a usage mistake, 1 for
// anything else (the server refused, no connection, bad input data).
import { KmipClientError, KmipResultError } from '../client/errors.js';
import { ClientConfigError } from '../client/pykmip-config.js';
import { UsageError } from './kmip-args.js';

export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export interface ErrorReport {
  readonly exitCode: number;
  /** The text after "kmip: ". */
  readonly message: string;
  readonly json: { readonly error: Readonly<Record<string, unknown>> };
}

export function errorReport(err: unknown): ErrorReport {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof UsageError) {
    return { exitCode: EXIT_USAGE, message, json: { error: { kind: 'usage', message } } };
  }
  if (err instanceof KmipResultError) {
    return {
      exitCode: EXIT_FAILED,
      message,
      json: {
        error: {
          kind: 'result',
          message,
          operation: err.operationName ?? null,
          resultStatus: err.resultStatusName,
          resultReason: err.resultReasonName ?? null,
          resultMessage: err.resultMessage ?? null,
        },
      },
    };
  }
  if (err instanceof KmipClientError) {
    return { exitCode: EXIT_FAILED, message, json: { error: { kind: err.code, message } } };
  }
  if (err instanceof ClientConfigError) {
    return { exitCode: EXIT_FAILED, message, json: { error: { kind: 'config', message } } };
  }
  return { exitCode: EXIT_FAILED, message, json: { error: { kind: 'error', message } } };
}

/** Writes the report to standard error in the form asked for. */
export function writeError(report: ErrorReport, json: boolean): void {
  process.stderr.write(json ? `${JSON.stringify(report.json)}\n` : `kmip: ${report.message}\n`);
}

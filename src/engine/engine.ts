// The request engine: bytes of one framed request in, bytes of its response out. It decodes,
// checks the protocol version, runs the batch, trims the response to what the request's version
// defines, and enforces Maximum Response Size. Transport-agnostic: TLS, HTTPS and tests call it.
import type { TtlvItem } from '../ttlv/item.js';
import { decodeTtlv } from '../ttlv/decode.js';
import { encodeTtlv } from '../ttlv/encode.js';
import { TtlvError } from '../ttlv/errors.js';
import { KmipError } from '../messages/kmip-error.js';
import { parseRequestMessage, peekProtocolVersion, salvageBatchItems } from '../messages/request.js';
import { responseBatchItem, responseMessage, type ResponseBatchItem } from '../messages/response.js';
import { versionName, type ProtocolVersion } from '../messages/protocol-version.js';
import { filterForVersion } from '../messages/version-filter.js';
import { versionRules } from '../messages/version-rules.js';
import { reasonForVersion } from '../messages/result-reason-version.js';
import { ResultReason, ResultStatus } from '../spec/generated/enums.js';
import type { Store } from '../store/store.js';
import type { Logger } from '../log/logger.js';
import type { AccessControl, BatchState, OperationContext } from '../operations/support/operation-context.js';
import type { AnyOperationRecord } from '../operations/support/record.js';
import { policyOperation } from '../operations/support/record.js';
import type { ServerInfo } from '../operations/support/server-info.js';
import { runBatch } from './batch.js';
import type { RequestAdmission } from './request-rate.js';

export interface Session {
  readonly identity: string;
  readonly groups?: readonly string[] | undefined;
  /** Where the request came from (the peer's address), for the request log. */
  readonly remote?: string | undefined;
  /** Which listener and encoding carried it ('ttlv', 'https-json' …), for the request log. */
  readonly transport?: string | undefined;
}

export interface EngineOptions {
  readonly store: Store;
  readonly access: AccessControl;
  /** The operations performed, by Operation value (operations/dispatch.ts OPERATIONS). */
  readonly operations: ReadonlyMap<number, AnyOperationRecord>;
  /** The rest of what Query reports; the operations come from the map above. */
  readonly server: Omit<ServerInfo, 'operations'>;
  readonly log: Logger;
  readonly maxMessageSize?: number;
  /** Checks header credentials and returns the groups, or throws KmipError (SLUGS). */
  readonly authenticate?: (
    session: Session,
    header: ReturnType<typeof parseRequestMessage>['header'],
  ) => Promise<Session>;
  readonly now?: () => Date;
  /** max_requests_per_second: decides, per identity, whether a request goes ahead. */
  readonly admission?: RequestAdmission;
  /** Told of every request answered: who asked what and with which outcome (src/audit). */
  readonly audit?: (event: AuditEvent) => void;
  /**
   * Told of every response sent, refusals and Response Too Large included, with the time it
   * took (the request log and the metrics).
   */
  readonly observe?: (event: AnsweredRequest) => void;
}

/** One answered request, for the audit log: its batch items and their results, in order. */
export interface AuditEvent {
  readonly time: Date;
  readonly identity: string;
  readonly requests: readonly { readonly operation?: number; readonly payload?: TtlvItem }[];
  readonly results: readonly ResponseBatchItem[];
}

/** One response sent: the batch items as answered, who asked, over what, and how long it took. */
export interface AnsweredRequest extends AuditEvent {
  readonly session: Session;
  readonly durationMs: number;
}

const FALLBACK_VERSION: ProtocolVersion = { major: 1, minor: 0 };

/** The nearest version this server speaks, for answering a request in a version it does not. */
function nearestVersion(v: ProtocolVersion): ProtocolVersion {
  if (v.major > 2) return { major: 2, minor: 1 };
  if (v.major === 2) return { major: 2, minor: v.minor >= 1 ? 1 : 0 };
  if (v.major === 1) return { major: 1, minor: Math.min(4, Math.max(0, v.minor)) };
  return FALLBACK_VERSION;
}

export class Engine {
  readonly #opts: EngineOptions;
  readonly #server: ServerInfo;

  constructor(opts: EngineOptions) {
    this.#opts = opts;
    this.#server = { ...opts.server, operations: [...opts.operations.keys()] };
  }

  /** Handles one framed request (header included); always returns a response to send. */
  async handleFrame(frame: Uint8Array, session: Session): Promise<Uint8Array> {
    const started = performance.now();
    let request: TtlvItem;
    try {
      request = decodeTtlv(frame, { maxLength: this.#opts.maxMessageSize ?? 16 * 1024 * 1024 });
    } catch (err) {
      const message = err instanceof TtlvError ? err.message : 'the message could not be decoded';
      return this.#errorResponse(FALLBACK_VERSION, [{}], ResultReason.InvalidMessage, message, {
        session,
        started,
      });
    }
    return this.handleMessage(request, session, started);
  }

  /**
   * A response refusing a request the transport could not hand over (an HTTP body too large,
   * of an unknown content type, …): one failed batch item, audited and observed like any other.
   */
  refuse(reason: number, message: string, session: Session, version = FALLBACK_VERSION): Uint8Array {
    return this.#errorResponse(nearestVersion(version), [{}], reason, message, {
      session,
      started: performance.now(),
    });
  }

  async handleMessage(request: TtlvItem, session: Session, started = performance.now()): Promise<Uint8Array> {
    const now = this.#opts.now?.() ?? new Date();
    let parsed: ReturnType<typeof parseRequestMessage>;
    try {
      parsed = parseRequestMessage(request);
    } catch (err) {
      const version = nearestVersion(peekProtocolVersion(request) ?? FALLBACK_VERSION);
      const salvaged = salvageBatchItems(request);
      const message =
        err instanceof KmipError || err instanceof TtlvError ? err.message : 'malformed request';
      return this.#errorResponse(
        version,
        salvaged.length > 0 ? salvaged : [{}],
        ResultReason.InvalidMessage,
        message,
        { session, started },
      );
    }
    const { header } = parsed;
    const version = versionName(header.protocolVersion);
    if (version === undefined) {
      const v = header.protocolVersion;
      return this.#errorResponse(
        nearestVersion(v),
        parsed.items,
        ResultReason.InvalidMessage,
        `protocol version ${v.major}.${v.minor} is not supported (1.0 to 2.1 are)`,
        { session, started },
      );
    }
    // Before authentication: a client over its rate costs no SLUGS lookup.
    const admission = this.#opts.admission;
    const refusal = admission === undefined ? undefined : await admission.admit(session.identity);
    if (refusal !== undefined) {
      return this.#errorResponse(
        header.protocolVersion,
        parsed.items,
        ResultReason.ServerLimitExceeded,
        refusal,
        { session, started },
      );
    }
    let who = session;
    if (this.#opts.authenticate !== undefined) {
      try {
        who = await this.#opts.authenticate(session, header);
      } catch (err) {
        const reason = err instanceof KmipError ? err.resultReason : ResultReason.AuthenticationNotSuccessful;
        const message = err instanceof Error ? err.message : 'authentication failed';
        return this.#errorResponse(header.protocolVersion, parsed.items, reason, message, {
          session,
          started,
        });
      }
    }
    const makeContext = (entry: AnyOperationRecord, batch: BatchState): OperationContext => ({
      identity: who.identity,
      groups: who.groups,
      rules: versionRules(version),
      store: this.#opts.store,
      access: this.#opts.access,
      server: this.#server,
      log: this.#opts.log,
      now,
      operation: entry.code,
      policyOperation: policyOperation(entry),
      batch,
    });
    const results = await runBatch(
      header,
      version,
      parsed.items,
      this.#opts.operations,
      makeContext,
      this.#opts.store,
      (e) =>
        this.#opts.log.error('unexpected error in operation', {
          error: e instanceof Error ? (e.stack ?? e.message) : String(e),
        }),
    );
    const answered = { time: now, identity: who.identity, requests: parsed.items, results };
    this.#opts.audit?.(answered);
    // The Result Reasons as the request's version names them: what is sent, logged and counted.
    const sent = results.map((r) =>
      r.resultReason === undefined
        ? r
        : { ...r, resultReason: reasonForVersion(r.resultReason, version, r.operation) },
    );
    const items = sent.map((r) => filterForVersion(responseBatchItem(r), version));
    // Correlation values are not echoed: the OASIS cases expect none back (KMIP 2.1 §8.5: MAY).
    const bytes = encodeTtlv(
      responseMessage({ protocolVersion: header.protocolVersion, timeStamp: seconds(now) }, items),
    );
    const max = header.maximumResponseSize;
    if (max !== undefined && bytes.length > max) {
      return this.#errorResponse(
        header.protocolVersion,
        parsed.items,
        ResultReason.ResponseTooLarge,
        `the response is ${bytes.length} bytes, more than the Maximum Response Size of ${max}`,
        { session, started, audited: false },
      );
    }
    this.#opts.observe?.({ ...answered, results: sent, session, durationMs: performance.now() - started });
    return bytes;
  }

  #errorResponse(
    version: ProtocolVersion,
    items: readonly { operation?: number; uniqueBatchItemId?: Uint8Array }[],
    reason: number,
    message: string,
    /** audited false: the request was audited already (Response Too Large). */
    answered: { readonly session: Session; readonly started: number; readonly audited?: boolean },
  ): Uint8Array {
    const now = this.#opts.now?.() ?? new Date();
    const name = versionName(version);
    const results: ResponseBatchItem[] = [];
    const batch = items.map((i): TtlvItem => {
      const r: ResponseBatchItem = {
        ...(i.operation !== undefined ? { operation: i.operation } : {}),
        ...(i.uniqueBatchItemId !== undefined ? { uniqueBatchItemId: i.uniqueBatchItemId } : {}),
        resultStatus: ResultStatus.OperationFailed,
        // A 2.x reason (from an authenticator, say) is mapped for a 1.x reply, as for operations.
        resultReason: name === undefined ? reason : reasonForVersion(reason, name),
        resultMessage: message,
      };
      results.push(r);
      return responseBatchItem(r);
    });
    const { session } = answered;
    const event = { time: now, identity: session.identity, requests: items, results };
    if (answered.audited !== false) this.#opts.audit?.(event);
    const bytes = encodeTtlv(responseMessage({ protocolVersion: version, timeStamp: seconds(now) }, batch));
    this.#opts.observe?.({ ...event, session, durationMs: performance.now() - answered.started });
    return bytes;
  }
}

function seconds(d: Date): bigint {
  return BigInt(Math.floor(d.getTime() / 1000));
}

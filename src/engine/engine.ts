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
import { isKmip2, versionName, type ProtocolVersion } from '../messages/protocol-version.js';
import { filterForVersion } from '../messages/version-filter.js';
import { reasonForVersion } from '../messages/result-reason-version.js';
import { ResultReason, ResultStatus } from '../spec/generated/enums.js';
import type { Store } from '../store/store.js';
import type { Logger } from './logger.js';
import type { AccessControl, BatchState, OperationContext, OperationHandler } from './operation-context.js';
import type { ServerInfo } from './server-info.js';
import { runBatch } from './batch.js';
import type { RequestAdmission } from './request-rate.js';

export interface Session {
  readonly identity: string;
  readonly groups?: readonly string[] | undefined;
}

export interface EngineOptions {
  readonly store: Store;
  readonly access: AccessControl;
  readonly handlers: ReadonlyMap<number, OperationHandler>;
  readonly server: ServerInfo;
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
}

/** One answered request, for the audit log: its batch items and their results, in order. */
export interface AuditEvent {
  readonly time: Date;
  readonly identity: string;
  readonly requests: readonly { readonly operation?: number; readonly payload?: TtlvItem }[];
  readonly results: readonly ResponseBatchItem[];
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

  constructor(opts: EngineOptions) {
    this.#opts = opts;
  }

  /** Handles one framed request (header included); always returns a response to send. */
  async handleFrame(frame: Uint8Array, session: Session): Promise<Uint8Array> {
    let request: TtlvItem;
    try {
      request = decodeTtlv(frame, { maxLength: this.#opts.maxMessageSize ?? 16 * 1024 * 1024 });
    } catch (err) {
      const message = err instanceof TtlvError ? err.message : 'the message could not be decoded';
      return this.#errorResponse(FALLBACK_VERSION, [{}], ResultReason.InvalidMessage, message, session);
    }
    return this.handleMessage(request, session);
  }

  async handleMessage(request: TtlvItem, session: Session): Promise<Uint8Array> {
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
        session,
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
        session,
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
        session,
      );
    }
    let who = session;
    if (this.#opts.authenticate !== undefined) {
      try {
        who = await this.#opts.authenticate(session, header);
      } catch (err) {
        const reason = err instanceof KmipError ? err.resultReason : ResultReason.AuthenticationNotSuccessful;
        const message = err instanceof Error ? err.message : 'authentication failed';
        return this.#errorResponse(header.protocolVersion, parsed.items, reason, message, session);
      }
    }
    const kmip2 = isKmip2(header.protocolVersion);
    const makeContext = (operation: number, batch: BatchState): OperationContext => ({
      identity: who.identity,
      groups: who.groups,
      protocolVersion: header.protocolVersion,
      version,
      kmip2,
      store: this.#opts.store,
      access: this.#opts.access,
      server: this.#opts.server,
      log: this.#opts.log,
      now,
      operation,
      batch,
    });
    const results = await runBatch(
      header,
      parsed.items,
      this.#opts.handlers,
      makeContext,
      this.#opts.store,
      (e) =>
        this.#opts.log.error('unexpected error in operation', {
          error: e instanceof Error ? (e.stack ?? e.message) : String(e),
        }),
    );
    this.#opts.audit?.({ time: now, identity: who.identity, requests: parsed.items, results });
    const items = results.map((r) =>
      filterForVersion(
        responseBatchItem(
          r.resultReason === undefined
            ? r
            : { ...r, resultReason: reasonForVersion(r.resultReason, version) },
        ),
        version,
      ),
    );
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
      );
    }
    return bytes;
  }

  #errorResponse(
    version: ProtocolVersion,
    items: readonly { operation?: number; uniqueBatchItemId?: Uint8Array }[],
    reason: number,
    message: string,
    /** Set when the request is refused as a whole (not Response Too Large): it is audited. */
    audited?: Session,
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
    if (audited !== undefined)
      this.#opts.audit?.({ time: now, identity: audited.identity, requests: items, results });
    return encodeTtlv(responseMessage({ protocolVersion: version, timeStamp: seconds(now) }, batch));
  }
}

function seconds(d: Date): bigint {
  return BigInt(Math.floor(d.getTime() / 1000));
}

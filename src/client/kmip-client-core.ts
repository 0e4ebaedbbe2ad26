// The client's engine room: the connection, the protocol version (given, or negotiated with
// Discover Versions on first use), running one operation, a batch of them, a raw operation or a
// raw message. The typed methods are in kmip-client.ts.
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { ResultStatus } from '../spec/generated/enums.js';
import { SUPPORTED_VERSIONS, isKmip2, type ProtocolVersion } from '../messages/protocol-version.js';
import { KmipConnection, KmipTransport, type KmipConnectionOptions } from './connection.js';
import { KmipHttpsConnection } from './https-connection.js';
import { KmipClientError, KmipClientErrorCode, KmipResultError } from './errors.js';
import {
  buildRequestMessage,
  parseResponseMessage,
  type BatchErrorContinuation,
  type ParsedResponseItem,
  type UsernamePassword,
} from './messages.js';
import type { KmipOperation, OperationContext } from './operation.js';
import { discoverVersionsOp } from './ops-server.js';
import { enumValue } from './values.js';

export interface KmipClientOptions extends KmipConnectionOptions {
  /** Speak this version and skip negotiation ('1.2', '2.1' or { major, minor }). */
  readonly version?: ProtocolVersion | string;
  /** Versions offered in Discover Versions, most preferred first (default: 2.1 down to 1.0). */
  readonly versions?: readonly ProtocolVersion[];
  /** Username and Password credential sent in every request header. */
  readonly credential?: UsernamePassword;
  readonly maximumResponseSize?: number;
}

export type BatchResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: KmipResultError | KmipClientError };

export type BatchResults<T extends readonly KmipOperation<unknown>[]> = {
  -readonly [K in keyof T]: T[K] extends KmipOperation<infer R> ? BatchResult<R> : never;
};

export interface BatchOptions {
  /** Batch Error Continuation Option (default: the server's, Stop). */
  readonly onError?: BatchErrorContinuation;
}

/** Discover Versions is sent at 1.1 (where it first exists) and, failing that, at the newest offered. */
const PROBE_VERSION: ProtocolVersion = { major: 1, minor: 1 };

export function parseVersion(v: ProtocolVersion | string): ProtocolVersion {
  if (typeof v !== 'string') return v;
  const m = /^(?:KMIP_?)?(\d+)[._](\d+)$/i.exec(v.trim());
  if (m === null) throw new TypeError(`'${v}' is not a KMIP version (e.g. 1.4 or 2.1)`);
  return { major: Number(m[1]), minor: Number(m[2]) };
}

const sameVersion = (a: ProtocolVersion, b: ProtocolVersion): boolean =>
  a.major === b.major && a.minor === b.minor;

function checkItem(item: ParsedResponseItem, operation: number): void {
  if (item.resultStatus !== ResultStatus.Success) {
    throw new KmipResultError({
      operation: item.operation ?? operation,
      resultStatus: item.resultStatus,
      resultReason: item.resultReason,
      resultMessage: item.resultMessage,
    });
  }
  if (item.operation !== undefined && item.operation !== operation) {
    throw new KmipClientError(
      KmipClientErrorCode.Protocol,
      `the response is for operation ${item.operation}, the request was ${operation}`,
    );
  }
}

export class KmipClientCore {
  readonly connection: KmipConnection | KmipHttpsConnection;
  readonly #options: KmipClientOptions;
  #version: ProtocolVersion | undefined;
  #negotiation: Promise<ProtocolVersion> | undefined;

  constructor(options: KmipClientOptions) {
    this.connection =
      options.transport === KmipTransport.Https
        ? new KmipHttpsConnection(options)
        : new KmipConnection(options);
    this.#options = options;
    if (options.version !== undefined) this.#version = parseVersion(options.version);
  }

  /** The version in use, once given or negotiated. */
  get version(): ProtocolVersion | undefined {
    return this.#version;
  }

  /** The version requests are sent in, negotiating it first when none was given. */
  async protocolVersion(): Promise<ProtocolVersion> {
    if (this.#version !== undefined) return this.#version;
    this.#negotiation ??= this.#negotiate().finally(() => (this.#negotiation = undefined));
    this.#version = await this.#negotiation;
    return this.#version;
  }

  async #negotiate(): Promise<ProtocolVersion> {
    const offer = this.#options.versions ?? SUPPORTED_VERSIONS;
    const newest = offer[0] ?? PROBE_VERSION;
    let refusal: KmipResultError | undefined;
    for (const probe of sameVersion(newest, PROBE_VERSION) ? [PROBE_VERSION] : [PROBE_VERSION, newest]) {
      try {
        const common = await this.#runAt(probe, discoverVersionsOp(offer));
        const chosen = common.find((v) => offer.some((o) => sameVersion(o, v)));
        if (chosen === undefined) {
          throw new KmipClientError(
            KmipClientErrorCode.Unsupported,
            `the server speaks none of the versions offered (${offer.map((o) => `${o.major}.${o.minor}`).join(', ')})`,
          );
        }
        return chosen;
      } catch (err) {
        if (!(err instanceof KmipResultError)) throw err;
        refusal = err;
      }
    }
    // A server without Discover Versions is a KMIP 1.0 server (the operation came with 1.1).
    const oldest = offer[offer.length - 1];
    if (oldest !== undefined) return oldest;
    throw refusal ?? new KmipClientError(KmipClientErrorCode.Unsupported, 'no version to speak');
  }

  #header(
    version: ProtocolVersion,
    onError?: BatchErrorContinuation,
  ): Parameters<typeof buildRequestMessage>[0] {
    const o = this.#options;
    return {
      version,
      ...(o.maximumResponseSize !== undefined ? { maximumResponseSize: o.maximumResponseSize } : {}),
      ...(o.credential !== undefined ? { credential: o.credential } : {}),
      ...(onError !== undefined ? { batchErrorContinuation: onError } : {}),
    };
  }

  async #runAt<T>(version: ProtocolVersion, op: KmipOperation<T>): Promise<T> {
    const ctx: OperationContext = { version, kmip2: isKmip2(version) };
    const message = buildRequestMessage(this.#header(version), [
      { operation: op.operation, payload: op.payload(ctx) },
    ]);
    const response = parseResponseMessage(await this.connection.send(message));
    const item = response.items[0] as ParsedResponseItem;
    checkItem(item, op.operation);
    return op.parse(item.payload, ctx);
  }

  /** Runs one operation; throws KmipResultError when the server refuses it. */
  async run<T>(op: KmipOperation<T>): Promise<T> {
    return this.#runAt(await this.protocolVersion(), op);
  }

  /**
   * Runs operations as one batch (one Request Message). Each result is settled on its own:
   * `{ ok: true, value }` or `{ ok: false, error }`. Operations without a Unique Identifier use
   * the ID Placeholder the previous item set (KMIP 2.1 §6.1: Create then Activate).
   */
  async batch<const T extends readonly KmipOperation<unknown>[]>(
    ops: T,
    options: BatchOptions = {},
  ): Promise<BatchResults<T>> {
    if (ops.length === 0) return [] as unknown as BatchResults<T>;
    const version = await this.protocolVersion();
    const ctx: OperationContext = { version, kmip2: isKmip2(version) };
    const ids = ops.map((_, i) => Uint8Array.of(0, 0, (i >> 8) & 0xff, i & 0xff));
    const message = buildRequestMessage(
      this.#header(version, options.onError),
      ops.map((op, i) => ({ operation: op.operation, payload: op.payload(ctx), uniqueBatchItemId: ids[i] })),
    );
    const response = parseResponseMessage(await this.connection.send(message));
    const byId = new Map<string, ParsedResponseItem>();
    for (const item of response.items) {
      if (item.uniqueBatchItemId !== undefined)
        byId.set(Buffer.from(item.uniqueBatchItemId).toString('hex'), item);
    }
    // A server that failed the whole message answers with one item and no IDs.
    const whole = response.items.length === 1 && byId.size === 0 ? response.items[0] : undefined;
    return ops.map((op, i): BatchResult<unknown> => {
      // Matched by Unique Batch Item ID when the server echoes them, else by position.
      const key = Buffer.from(ids[i] as Uint8Array).toString('hex');
      const item = whole ?? (byId.size > 0 ? byId.get(key) : response.items[i]);
      if (item === undefined) {
        return {
          ok: false,
          error: new KmipClientError(
            KmipClientErrorCode.Skipped,
            'not executed: an earlier batch item failed',
          ),
        };
      }
      try {
        checkItem(item, op.operation);
        return { ok: true, value: op.parse(item.payload, ctx) };
      } catch (err) {
        if (err instanceof KmipResultError || err instanceof KmipClientError)
          return { ok: false, error: err };
        throw err;
      }
    }) as unknown as BatchResults<T>;
  }

  /** Any operation (by number or name) with a payload of your own; returns the Response Payload. */
  async request(operation: number | string, payload: readonly TtlvItem[]): Promise<StructureItem> {
    const op = enumValue('Operation', operation, 'operation');
    return this.run({ operation: op, payload: () => payload, parse: (p) => p });
  }

  /** Sends a whole Request Message as given and returns the Response Message (no checks). */
  async sendMessage(message: TtlvItem): Promise<TtlvItem> {
    return this.connection.send(message);
  }

  /** Finishes the requests in flight and closes the connection. */
  async close(): Promise<void> {
    await this.connection.close();
  }
}

// Multi-part Sign, Signature Verify, MAC, MAC Verify and Hash (KMIP 2.1 §6.1.55, 6.1.56, 6.1.32,
// 6.1.33, 6.1.24 with Init Indicator / Correlation Value / Final Indicator): the parts' Data are
// gathered under the Correlation Value and the operation runs once over all of it with the final
// part, using the first request's parameters (later parts may add fields such as the Signature Data
// or MAC Data). Intermediate answers carry the Unique Identifier and the Correlation Value.
import { KmipError } from '../../messages/kmip-error.js';
import { ResultReason } from '../../spec/generated/enums.js';
import type { OperationContext } from './operation-context.js';
import { loadObject, resolveUid } from './object-access.js';
import { continueStream, openStream } from './streams.js';

/** The most data one multi-part operation may gather. */
export const MAX_PARTS_BYTES = 16 * 1024 * 1024;

/** The fields every streamable request has (2.1 §7.5, 7.14, 7.24). */
export interface StreamedRequest {
  readonly uniqueIdentifier?: string;
  readonly data?: Uint8Array;
  readonly correlationValue?: Uint8Array;
  readonly initIndicator?: boolean;
  readonly finalIndicator?: boolean;
}

interface Parts<Req> {
  /** The first request's fields, stream fields aside. */
  readonly base: Req;
  readonly chunks: Buffer[];
  size: number;
}

function add<Req>(parts: Parts<Req>, data: Uint8Array | undefined): void {
  if (data === undefined) return;
  parts.size += data.length;
  if (parts.size > MAX_PARTS_BYTES) {
    throw new KmipError(
      ResultReason.ServerLimitExceeded,
      `a multi-part operation may carry at most ${MAX_PARTS_BYTES} bytes`,
    );
  }
  parts.chunks.push(Buffer.from(data));
}

function withoutStreamFields<Req extends StreamedRequest>(req: Req): Req {
  const { data: _d, correlationValue: _c, initIndicator: _i, finalIndicator: _f, ...rest } = req;
  return rest as Req;
}

/**
 * `once` handles a single-part request; the result handles multi-part ones too. `keyed`: the
 * operation names a key. `interim` is the answer to a part that is not the last.
 */
export function multiPart<Req extends StreamedRequest, Res>(
  once: (request: Req, ctx: OperationContext) => Promise<Res>,
  keyed: boolean,
  interim: (uid: string | undefined, correlation: Uint8Array) => Res,
): (request: Req, ctx: OperationContext) => Promise<Res> {
  return async (request, ctx) => {
    const cv = request.correlationValue;
    const init = request.initIndicator === true;
    const final = request.finalIndicator === true;
    if (cv === undefined && !(init && !final)) return once(request, ctx);
    if (cv === undefined) {
      const uid = keyed ? resolveUid(request.uniqueIdentifier, ctx) : undefined;
      if (uid !== undefined) await loadObject(ctx, uid);
      const parts: Parts<Req> = { base: withoutStreamFields(request), chunks: [], size: 0 };
      add(parts, request.data);
      return interim(uid, openStream(ctx, uid ?? '', parts));
    }
    const { uid, state } = continueStream<Parts<Req>>(ctx, cv, final);
    add(state, request.data);
    const key = keyed ? uid : undefined;
    if (!final) return interim(key, cv);
    const { uniqueIdentifier: _u, ...later } = withoutStreamFields(request);
    const { uniqueIdentifier: _b, ...base } = state.base;
    const merged = {
      ...base,
      ...later,
      ...(key === undefined ? {} : { uniqueIdentifier: key }),
      data: Buffer.concat(state.chunks),
    } as unknown as Req;
    return once(merged, ctx);
  };
}

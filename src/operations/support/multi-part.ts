// Multi-part Sign, Signature Verify, MAC, MAC Verify and Hash (KMIP 2.1 §6.1.55, 6.1.56, 6.1.32,
// 6.1.33, 6.1.24 with Init Indicator / Correlation Value / Final Indicator): the parts' Data are
// gathered under the Correlation Value and the operation runs once over all of it with the final
// part, using the first request's parameters (later parts may add fields such as the Signature Data
// or MAC Data). Intermediate answers carry the Unique Identifier and the Correlation Value.
import type { StructureItem, TtlvItem } from '../../ttlv/item.js';
import { Tag } from '../../spec/generated/tags.js';
import { KmipError } from '../../messages/kmip-error.js';
import { ResultReason } from '../../spec/generated/enums.js';
import type { OperationContext, OperationHandler } from './operation-context.js';
import { loadObject, targetUid } from './object-access.js';
import { boolField, bytesField, bytesItem, textItemOf } from '../../crypto/request-fields.js';
import { continueStream, openStream } from './streams.js';

/** The most data one multi-part operation may gather. */
export const MAX_PARTS_BYTES = 16 * 1024 * 1024;

interface Parts {
  readonly base: readonly TtlvItem[];
  readonly chunks: Buffer[];
  size: number;
}

const STREAM_FIELDS: ReadonlySet<number> = new Set([
  Tag.Data,
  Tag.InitIndicator,
  Tag.FinalIndicator,
  Tag.CorrelationValue,
]);

function add(parts: Parts, data: Uint8Array | undefined): void {
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

function interim(uid: string | undefined, cv: Uint8Array): TtlvItem[] {
  return [
    ...(uid === undefined ? [] : [textItemOf(Tag.UniqueIdentifier, uid)]),
    bytesItem(Tag.CorrelationValue, cv),
  ];
}

/** `once` handles a single-part request; the result handles multi-part ones too. `keyed`: the operation names a key. */
export function multiPart(once: OperationHandler, keyed: boolean): OperationHandler {
  return async (payload: StructureItem, ctx: OperationContext): Promise<readonly TtlvItem[]> => {
    const cv = bytesField(payload, Tag.CorrelationValue);
    const init = boolField(payload, Tag.InitIndicator) === true;
    const final = boolField(payload, Tag.FinalIndicator) === true;
    if (cv === undefined && !(init && !final)) return once(payload, ctx);
    if (cv === undefined) {
      const uid = keyed ? targetUid(payload, ctx) : undefined;
      if (uid !== undefined) await loadObject(ctx, uid);
      const parts: Parts = {
        base: payload.value.filter((c) => !STREAM_FIELDS.has(c.tag)),
        chunks: [],
        size: 0,
      };
      add(parts, bytesField(payload, Tag.Data));
      return interim(uid, openStream(ctx, uid ?? '', parts));
    }
    const { uid, state } = continueStream<Parts>(ctx, cv, final);
    add(state, bytesField(payload, Tag.Data));
    const key = keyed ? uid : undefined;
    if (!final) return interim(key, cv);
    const later = payload.value.filter((c) => !STREAM_FIELDS.has(c.tag));
    const laterTags = new Set(later.map((c) => c.tag));
    const merged: TtlvItem[] = [
      ...state.base.filter((c) => !laterTags.has(c.tag) && c.tag !== Tag.UniqueIdentifier),
      ...later.filter((c) => c.tag !== Tag.UniqueIdentifier),
      bytesItem(Tag.Data, Buffer.concat(state.chunks)),
    ];
    if (key !== undefined) merged.unshift(textItemOf(Tag.UniqueIdentifier, key));
    return once({ ...payload, value: merged }, ctx);
  };
}

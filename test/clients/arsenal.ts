// Arsenal's KMIP transport (lib/network/kmip/transport/TransportTemplate.js and index.js), as the
// Zenko test drives it: every request stamped with Maximum Response Size 8000 and a fresh 16-byte
// UUID as Unique Batch Item ID, one write per request (cork, write, uncork), up to 8 in flight;
// each socket 'data' event taken as one whole response and matched to the oldest request, whose
// ID and Operation it must echo.
import assert from 'node:assert/strict';
import { Tag } from '../../src/spec/generated/tags.js';
import type { StructureItem, TtlvItem } from '../../src/ttlv/item.js';
import type { RawClient } from './tls-server.js';
import { bytesOf, encode, enumValue, onlyItem, parseResponse, request, uuidBytes } from './wire.js';

export const PIPELINE_DEPTH = 8;

export interface Call {
  readonly operation: number;
  readonly payload: TtlvItem[];
}

/** Arsenal's transport: one write per request, one 'data' event per response, in order. */
export class ArsenalConnection {
  readonly client: RawClient;
  version: readonly [number, number] = [1, 2];
  constructor(client: RawClient) {
    this.client = client;
  }

  /** Sends up to 8 requests back to back, then reads their answers; returns the batch items. */
  async pipeline(calls: readonly Call[]): Promise<StructureItem[]> {
    assert.ok(calls.length <= PIPELINE_DEPTH);
    const ids = calls.map(() => uuidBytes());
    for (const [i, c] of calls.entries()) {
      const id = ids[i];
      assert.ok(id);
      const bytes = encode(
        request({
          version: this.version,
          maximumResponseSize: 8000,
          operation: c.operation,
          uniqueBatchItemId: id,
          payload: c.payload,
        }),
      );
      this.client.socket.cork();
      this.client.socket.write(bytes);
      this.client.socket.uncork();
    }
    const out: StructureItem[] = [];
    for (const [i, c] of calls.entries()) {
      const event = await this.client.event();
      assert.ok(event.length <= 8000, 'within the Maximum Response Size');
      const item = onlyItem(parseResponse(event)); // one event = one whole response
      assert.equal(
        Buffer.from(bytesOf(item, Tag.UniqueBatchItemID) ?? []).toString('hex'),
        Buffer.from(ids[i] ?? []).toString('hex'),
        'Invalid batch item ID returned',
      );
      assert.equal(enumValue(item, Tag.Operation), c.operation, 'Operation mismatch');
      out.push(item);
    }
    return out;
  }

  async call(operation: number, payload: TtlvItem[]): Promise<StructureItem> {
    const [item] = await this.pipeline([{ operation, payload }]);
    assert.ok(item);
    return item;
  }
}

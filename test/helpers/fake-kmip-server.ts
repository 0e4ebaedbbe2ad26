// A scripted KMIP server over mutual TLS for client tests: it frames requests, hands each to a
// handler and writes the replies in request order. The handler may answer late, never (null), or
// close the connection; `received` counts the requests so a test can see what was pipelined.
import { createServer, type Server, type TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TtlvFramer } from '../../src/ttlv/framer.js';
import { decodeTtlv } from '../../src/ttlv/decode.js';
import { encodeTtlv } from '../../src/ttlv/encode.js';
import type { StructureItem, TtlvItem } from '../../src/ttlv/item.js';
import { Tag } from '../../src/spec/generated/tags.js';
import { ensureDemoCertificates, type DemoCertificates } from '../../src/transport/demo-certs.js';
import { protocolVersionItem, responseBatchItem, responseMessage } from '../../src/messages/response.js';
import { parseRequestMessage, type RequestMessage } from '../../src/messages/request.js';
import { tempDir } from './temp-dir.js';

export type FakeHandler = (
  request: RequestMessage,
  raw: TtlvItem,
  socket: TLSSocket,
) => Promise<TtlvItem | null>;

export interface FakeServer {
  readonly port: number;
  readonly certs: DemoCertificates;
  /** Requests received so far (all connections). */
  readonly received: RequestMessage[];
  /** Connections accepted so far. */
  connections: number;
  close(): Promise<void>;
}

let certs: Promise<DemoCertificates> | undefined;
/** One set of demo certificates per test process (RSA key generation is slow). */
export function testCertificates(): Promise<DemoCertificates> {
  certs ??= ensureDemoCertificates(join(tempDir('kmip-fake-'), 'certs'));
  return certs;
}

export async function startFakeServer(handler: FakeHandler): Promise<FakeServer> {
  const c = await testCertificates();
  const received: RequestMessage[] = [];
  const sockets = new Set<TLSSocket>();
  const server: Server = createServer({
    cert: readFileSync(c.server.cert),
    key: readFileSync(c.server.key),
    ca: readFileSync(c.ca.cert),
    requestCert: true,
    rejectUnauthorized: true,
  });
  const state: FakeServer = {
    port: 0,
    certs: c,
    received,
    connections: 0,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  server.on('secureConnection', (socket: TLSSocket) => {
    state.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const framer = new TtlvFramer({ maxMessageSize: 1 << 20 });
    let chain: Promise<void> = Promise.resolve();
    socket.on('data', (chunk: Buffer) => {
      framer.push(chunk, (frame) => {
        const raw = decodeTtlv(frame);
        const request = parseRequestMessage(raw);
        received.push(request);
        const reply = handler(request, raw, socket);
        // Replies leave in request order, whenever each is ready.
        chain = chain.then(async () => {
          const r = await reply;
          if (r !== null && !socket.destroyed) socket.write(encodeTtlv(r));
        });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(state, { port: (server.address() as AddressInfo).port });
}

/** A success reply echoing each batch item's operation and ID, with `payload(i)` as its payload. */
export function successReply(
  request: RequestMessage,
  payload: (index: number) => readonly TtlvItem[] = () => [],
): StructureItem {
  return responseMessage(
    { protocolVersion: request.header.protocolVersion, timeStamp: 0n },
    request.items.map((item, i) =>
      responseBatchItem({
        operation: item.operation,
        ...(item.uniqueBatchItemId !== undefined ? { uniqueBatchItemId: item.uniqueBatchItemId } : {}),
        resultStatus: 0,
        payload: payload(i),
      }),
    ),
  ) as StructureItem;
}

/** A failure reply for every batch item. */
export function failureReply(request: RequestMessage, reason: number, message: string): TtlvItem {
  return responseMessage(
    { protocolVersion: request.header.protocolVersion, timeStamp: 0n },
    request.items.map((item) =>
      responseBatchItem({
        operation: item.operation,
        ...(item.uniqueBatchItemId !== undefined ? { uniqueBatchItemId: item.uniqueBatchItemId } : {}),
        resultStatus: 1,
        resultReason: reason,
        resultMessage: message,
      }),
    ),
  );
}

export function uidPayload(uid: string): TtlvItem[] {
  return [{ tag: Tag.UniqueIdentifier, type: 'TextString', value: uid }];
}

export { protocolVersionItem };

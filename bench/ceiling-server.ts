// The ceiling for request/response over TLS on this machine: a TLS server that frames each KMIP
// request and at once answers with a fixed, KMIP-sized response (a Get reply holding a 256-bit
// key), doing no KMIP work at all.
import { createServer, type Server } from 'node:tls';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { TtlvFramer } from '../src/ttlv/framer.js';
import { encodeTtlv } from '../src/ttlv/encode.js';
import { Tag } from '../src/spec/generated/tags.js';
import { responseBatchItem, responseMessage } from '../src/messages/response.js';
import { symmetricKeyObject } from '../src/messages/payloads/key-block.js';
import { CryptographicAlgorithm, ObjectType, Operation, ResultStatus } from '../src/spec/generated/enums.js';

const REPLY = encodeTtlv(
  responseMessage(
    { protocolVersion: { major: 1, minor: 2 }, timeStamp: BigInt(Math.floor(Date.now() / 1000)) },
    [
      responseBatchItem({
        operation: Operation.Get,
        resultStatus: ResultStatus.Success,
        payload: [
          { tag: Tag.ObjectType, type: 'Enumeration', value: ObjectType.SymmetricKey },
          { tag: Tag.UniqueIdentifier, type: 'TextString', value: '0b7a5c52-5d5a-4b0e-9b1e-2a8f1b2c3d4e' },
          symmetricKeyObject(CryptographicAlgorithm.AES, 256, new Uint8Array(32).fill(7)),
        ],
      }),
    ],
  ),
);

export async function startCeilingServer(certs: {
  ca: string;
  cert: string;
  key: string;
}): Promise<{ port: number; server: Server }> {
  const server = createServer({
    cert: readFileSync(certs.cert),
    key: readFileSync(certs.key),
    ca: readFileSync(certs.ca),
    requestCert: true,
    rejectUnauthorized: true,
  });
  server.on('secureConnection', (socket) => {
    socket.setNoDelay(true);
    const framer = new TtlvFramer({ maxMessageSize: 1 << 20 });
    socket.on('data', (chunk: Buffer) => {
      try {
        framer.push(chunk, () => socket.write(REPLY));
      } catch {
        socket.destroy();
      }
    });
    socket.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, server };
}

// Run as a process: `tsx bench/ceiling-server.ts CA CERT KEY` prints "port=N" and serves until killed.
if (process.argv[1]?.endsWith('ceiling-server.ts') === true) {
  const [ca, cert, key] = process.argv.slice(2);
  if (ca === undefined || cert === undefined || key === undefined)
    throw new Error('usage: ceiling-server CA CERT KEY');
  const { port } = await startCeilingServer({ ca, cert, key });
  process.stderr.write(`port=${port}\n`);
}

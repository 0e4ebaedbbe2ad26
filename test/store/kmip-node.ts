// Test plumbing for several kmip-ts nodes on one database: start an in-process server with the
// demo certificates on a given backend, and a mutual-TLS connection that sends KMIP XML requests
// one at a time and decodes each response's batch item.
import { readFileSync } from 'node:fs';
import { connect, type TLSSocket } from 'node:tls';
import { startKmipServer, type RunningServer } from '../../src/server.js';
import type { DemoCertificates } from '../../src/transport/demo-certs.js';
import { buildTlsServerOptions } from '../../src/transport/tls-options.js';
import { silentLogger } from '../../src/log/logger.js';
import type { MasterKey } from '../../src/store/envelope.js';
import { TtlvFramer } from '../../src/ttlv/framer.js';
import { decodeTtlv } from '../../src/ttlv/decode.js';
import { encodeTtlv } from '../../src/ttlv/encode.js';
import { xmlToTtlv } from '../../src/notation/xml.js';
import type { StructureItem, TtlvItem } from '../../src/ttlv/item.js';
import { Tag } from '../../src/spec/generated/tags.js';
import { parseAttributeStructure, type Attribute } from '../../src/messages/attributes.js';
import { keyBlockOf, rawKeyBytes } from '../../src/messages/payloads/key-block.js';
import { batchResult, requestXml, type BatchResult } from '../helpers/engine-harness.js';
import { attr1x, name1x } from '../helpers/object-fixtures.js';

export interface NodeOptions {
  readonly certs: DemoCertificates;
  readonly masterKey: MasterKey;
  readonly databaseUrl?: string;
  readonly databasePath: string;
}

export function startNode(o: NodeOptions): Promise<RunningServer> {
  const tls = buildTlsServerOptions({
    certificatePath: o.certs.server.cert,
    keyPath: o.certs.server.key,
    caPath: o.certs.ca.cert,
    authSuite: 'TLS1.2',
    tlsCipherSuites: [],
  });
  return startKmipServer({
    host: '127.0.0.1',
    port: 0,
    tls: tls.options,
    enableTlsClientAuth: true,
    databasePath: o.databasePath,
    ...(o.databaseUrl !== undefined ? { databaseUrl: o.databaseUrl } : {}),
    masterKeys: [o.masterKey],
    log: silentLogger,
  });
}

/** One mutual-TLS connection to a node; requests queue and go one at a time. */
export class NodeConnection {
  readonly #socket: TLSSocket;
  readonly #framer = new TtlvFramer({ maxMessageSize: 16 * 1024 * 1024 });
  readonly #waiting: ((r: StructureItem) => void)[] = [];
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(socket: TLSSocket) {
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) =>
      this.#framer.push(chunk, (frame) => {
        const item = decodeTtlv(frame);
        if (item.type === 'Structure') this.#waiting.shift()?.(item);
      }),
    );
  }

  static open(port: number, certs: DemoCertificates): Promise<NodeConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({
        host: '127.0.0.1',
        port,
        ca: readFileSync(certs.ca.cert),
        cert: readFileSync(certs.client.cert),
        key: readFileSync(certs.client.key),
        servername: 'localhost',
      });
      socket.once('secureConnect', () => {
        socket.off('error', reject);
        resolve(new NodeConnection(socket));
      });
      socket.once('error', reject);
    });
  }

  /** Sends one operation (KMIP 1.4 unless told) and resolves with its batch item. */
  op(operation: string, payloadXml: string, version = '1.4'): Promise<BatchResult> {
    const run = (): Promise<BatchResult> =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${operation}: no response in 20 s`)), 20_000);
        this.#waiting.push((r) => {
          clearTimeout(timer);
          resolve(batchResult(r));
        });
        this.#socket.write(encodeTtlv(xmlToTtlv(requestXml(operation, payloadXml, version))));
      });
    const next = this.#queue.then(run, run);
    this.#queue = next.catch(() => undefined);
    return next;
  }

  close(): void {
    this.#socket.destroy();
  }
}

export const uidXml = (uid: string): string => `<UniqueIdentifier type="TextString" value="${uid}"/>`;

/** Creates a Pre-Active AES-256 key, optionally named; returns its Unique Identifier. */
export async function createKey(c: NodeConnection, name?: string): Promise<string> {
  const r = await c.op(
    'Create',
    `<ObjectType type="Enumeration" value="SymmetricKey"/><TemplateAttribute>
      ${attr1x('Cryptographic Algorithm', 'Enumeration', 'AES')}${attr1x('Cryptographic Length', 'Integer', '256')}
      ${attr1x('Cryptographic Usage Mask', 'Integer', 'Encrypt Decrypt')}${name === undefined ? '' : name1x(name)}
    </TemplateAttribute>`,
  );
  const uid = r.payload?.value.find((i) => i.tag === Tag.UniqueIdentifier);
  if (r.status !== 'Success' || uid?.type !== 'TextString') throw new Error(`Create failed: ${r.xml}`);
  return uid.value;
}

/** The key bytes a Get returns. */
export async function getKeyBytes(c: NodeConnection, uid: string): Promise<Uint8Array> {
  const r = await c.op('Get', uidXml(uid));
  const key = r.payload?.value.find((i) => i.tag === Tag.SymmetricKey);
  const bytes = rawKeyBytes(keyBlockOf(key));
  if (r.status !== 'Success' || bytes === undefined) throw new Error(`Get failed: ${r.xml}`);
  return bytes;
}

/** Every attribute of an object (destroyed ones too), by name. */
export async function attributesOf(c: NodeConnection, uid: string): Promise<Map<string, TtlvItem[]>> {
  const r = await c.op('GetAttributes', uidXml(uid));
  if (r.status !== 'Success' || r.payload === undefined) throw new Error(`GetAttributes failed: ${r.xml}`);
  const out = new Map<string, TtlvItem[]>();
  for (const item of r.payload.value) {
    if (item.tag !== Tag.Attribute) continue;
    const a: Attribute = parseAttributeStructure(item);
    out.set(a.name, [...(out.get(a.name) ?? []), a.value]);
  }
  return out;
}

export async function locateByName(c: NodeConnection, name: string): Promise<string[]> {
  const r = await c.op('Locate', name1x(name));
  if (r.status !== 'Success') throw new Error(`Locate failed: ${r.xml}`);
  return (r.payload?.value ?? []).flatMap((i) =>
    i.tag === Tag.UniqueIdentifier && i.type === 'TextString' ? [i.value] : [],
  );
}

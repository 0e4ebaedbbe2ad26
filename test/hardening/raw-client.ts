// A minimal KMIP client for the hardening tests: mutual TLS, requests as KMIP XML payloads,
// pipelined on one connection (responses come back in request order), each answer as the
// engine harness's BatchResult. No retries and no library code: what the wire says is what we see.
import { readFileSync } from 'node:fs';
import { connect, type TLSSocket } from 'node:tls';
import { TtlvFramer } from '../../src/ttlv/framer.js';
import { decodeTtlv } from '../../src/ttlv/decode.js';
import { Tag } from '../../src/spec/generated/tags.js';
import type { CertKeyPaths } from '../../src/transport/demo-certs.js';
import { batchResult, payloadText, type BatchResult } from '../helpers/engine-harness.js';
import { requestBytes } from './server-fixture.js';

interface Waiter {
  resolve(r: BatchResult): void;
  reject(e: Error): void;
}

export class RawKmipClient {
  readonly #socket: TLSSocket;
  readonly #waiting: Waiter[] = [];
  readonly #framer = new TtlvFramer({ maxMessageSize: 16 * 1024 * 1024 });
  #failure: Error | undefined;

  private constructor(socket: TLSSocket) {
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => {
      try {
        this.#framer.push(chunk, (frame) => {
          const item = decodeTtlv(frame);
          const w = this.#waiting.shift();
          if (w !== undefined && item.type === 'Structure') w.resolve(batchResult(item));
        });
      } catch (e) {
        this.#fail(e instanceof Error ? e : new Error(String(e)));
      }
    });
    socket.on('error', (e: Error) => this.#fail(e));
    socket.on('close', () => this.#fail(new Error('connection closed')));
  }

  static connect(port: number, ca: string, client: CertKeyPaths): Promise<RawKmipClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({
        host: '127.0.0.1',
        port,
        servername: 'localhost',
        ca: readFileSync(ca),
        cert: readFileSync(client.cert),
        key: readFileSync(client.key),
      });
      socket.once('secureConnect', () => {
        socket.off('error', reject);
        resolve(new RawKmipClient(socket));
      });
      socket.once('error', reject);
    });
  }

  #fail(e: Error): void {
    this.#failure ??= e;
    for (const w of this.#waiting.splice(0)) w.reject(e);
  }

  /** Sends one operation; resolves with its batch item when the response arrives. */
  op(operation: string, payloadXml: string, version = '1.4'): Promise<BatchResult> {
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      this.#waiting.push({ resolve, reject });
      this.#socket.write(requestBytes(operation, payloadXml, version));
    });
  }

  /** The SHA-256 fingerprint of the certificate the server presented. */
  get serverFingerprint(): string {
    return this.#socket.getPeerCertificate().fingerprint256;
  }

  close(): void {
    this.#socket.destroy();
  }
}

export const CREATE_AES_256 = `<ObjectType type="Enumeration" value="SymmetricKey"/>
  <TemplateAttribute>
    <Attribute><AttributeName type="TextString" value="Cryptographic Algorithm"/><AttributeValue type="Enumeration" value="AES"/></Attribute>
    <Attribute><AttributeName type="TextString" value="Cryptographic Length"/><AttributeValue type="Integer" value="256"/></Attribute>
    <Attribute><AttributeName type="TextString" value="Cryptographic Usage Mask"/><AttributeValue type="Integer" value="Encrypt Decrypt"/></Attribute>
  </TemplateAttribute>`;

/** Register a Secret Data password holding these bytes (hex): a secret that must never be logged. */
export const registerSecretPayload = (
  hex: string,
): string => `<ObjectType type="Enumeration" value="SecretData"/>
  <TemplateAttribute>
    <Attribute><AttributeName type="TextString" value="Cryptographic Usage Mask"/><AttributeValue type="Integer" value="Verify"/></Attribute>
  </TemplateAttribute>
  <SecretData><SecretDataType type="Enumeration" value="Password"/><KeyBlock><KeyFormatType type="Enumeration" value="Opaque"/>
    <KeyValue><KeyMaterial type="ByteString" value="${hex}"/></KeyValue></KeyBlock></SecretData>`;

export const uidPayload = (uid: string): string => `<UniqueIdentifier type="TextString" value="${uid}"/>`;

export const uidOf = (r: BatchResult): string | undefined => payloadText(r, Tag.UniqueIdentifier);

/** The Key Material bytes of a Get response (Raw or Transparent: the first Key Material byte string). */
export function keyMaterialOf(r: BatchResult): Uint8Array | undefined {
  const m = /<KeyMaterial type="ByteString" value="([0-9a-f]+)"\/>/.exec(r.xml);
  return m?.[1] === undefined ? undefined : Buffer.from(m[1], 'hex');
}

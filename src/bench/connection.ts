// One load-generating TLS connection: keeps up to `depth` requests in flight, matches replies in
// order, and times each round trip.
import { connect, type TLSSocket, type ConnectionOptions } from 'node:tls';
import { TtlvFramer } from '../ttlv/framer.js';

export interface Reply {
  readonly bytes: Uint8Array;
  readonly micros: number;
}

export class BenchConnection {
  readonly #socket: TLSSocket;
  readonly #framer = new TtlvFramer({ maxMessageSize: 16 * 1024 * 1024 });
  readonly #waiting: { start: bigint; resolve: (r: Reply) => void; reject: (e: Error) => void }[] = [];
  #failed: Error | undefined;

  private constructor(socket: TLSSocket) {
    this.#socket = socket;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      try {
        this.#framer.push(chunk, (frame) => {
          const w = this.#waiting.shift();
          if (w === undefined) return;
          w.resolve({ bytes: frame.slice(), micros: Number(process.hrtime.bigint() - w.start) / 1000 });
        });
      } catch (err) {
        this.#fail(err instanceof Error ? err : new Error(String(err)));
      }
    });
    socket.on('error', (err: Error) => this.#fail(err));
    socket.on('close', () => this.#fail(new Error('connection closed')));
  }

  static open(options: ConnectionOptions): Promise<BenchConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect(options);
      socket.once('secureConnect', () => resolve(new BenchConnection(socket)));
      socket.once('error', reject);
    });
  }

  get inFlight(): number {
    return this.#waiting.length;
  }

  send(request: Uint8Array): Promise<Reply> {
    if (this.#failed !== undefined) return Promise.reject(this.#failed);
    return new Promise((resolve, reject) => {
      this.#waiting.push({ start: process.hrtime.bigint(), resolve, reject });
      this.#socket.write(request);
    });
  }

  close(): void {
    this.#failed ??= new Error('closed');
    this.#socket.end();
  }

  #fail(err: Error): void {
    this.#failed ??= err;
    for (const w of this.#waiting.splice(0)) w.reject(err);
  }
}

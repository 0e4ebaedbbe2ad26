// The fast prefill of bench:scale: the server itself (its engine, policies and store, on the
// benchmark's data directory, started as the tests start one) in this process, fed the request messages kmip bench
// --prefill sends, without TLS and with hundreds in flight, so that each durable commit carries
// hundreds of objects. The objects are the server's own, made by its Create. The server process of
// the benchmark is stopped meanwhile.
import { join } from 'node:path';
import { ensureDemoCertificates } from '../src/transport/demo-certs.js';
import { startTestServer } from '../test/helpers/kmip-test-server.js';
import { loadMasterKeys } from '../src/store/master-key.js';
import { prefillThrough, type PrefillResult, type Send } from '../src/bench/prefill.js';

export interface DirectPrefill {
  readonly dataDir: string;
  readonly databaseUrl?: string;
  readonly count: number;
  /** The identity that owns the objects (the demo client certificate's). */
  readonly identity?: string;
  /** Request messages in flight (default 64) of `batch` Creates each (default 20). */
  readonly inFlight?: number;
  readonly batch?: number;
  readonly onProgress?: (done: number, elapsedMs: number) => void;
}

export async function prefillDirect(o: DirectPrefill): Promise<PrefillResult> {
  const test = await startTestServer({
    certs: await ensureDemoCertificates(join(o.dataDir, 'certs')),
    server: {
      databasePath: join(o.dataDir, 'kmip.sqlite'),
      ...(o.databaseUrl !== undefined ? { databaseUrl: o.databaseUrl } : {}),
      masterKeys: loadMasterKeys({ file: join(o.dataDir, 'master.key'), createIfMissing: true }),
    },
  });
  try {
    const session = { identity: o.identity ?? 'demo-client' };
    const send: Send = (message) => test.server.engine.handleFrame(message, session);
    return await prefillThrough(
      Array.from({ length: o.inFlight ?? 64 }, () => send),
      {
        count: o.count,
        batch: o.batch ?? 20,
        ...(o.onProgress !== undefined ? { onProgress: o.onProgress } : {}),
      },
    );
  } finally {
    await test.stop();
  }
}

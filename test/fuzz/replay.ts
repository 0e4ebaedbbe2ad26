// npm run fuzz -- replays live in run.ts; this one replays saved inputs:
//   node --import tsx test/fuzz/replay.ts FILE.bin...
// For each: the request as KMIP XML (when it decodes), the engine's answer and how long it took,
// with the engine's own log on standard error (an "unexpected error" shows its stack there).
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { decodeTtlv } from '../../src/ttlv/decode.js';
import { ttlvToXml } from '../../src/notation/xml.js';
import { createHarness } from '../helpers/engine-harness.js';

const h = await createHarness();
try {
  for (const file of process.argv.slice(2)) {
    const input = readFileSync(file);
    process.stdout.write(`== ${file} (${input.length} bytes)\n`);
    try {
      process.stdout.write(ttlvToXml(decodeTtlv(input)).slice(0, 4000) + '\n');
    } catch (e) {
      process.stdout.write(`does not decode: ${(e as Error).message}\n`);
    }
    const t0 = performance.now();
    const out = await h.engine.handleFrame(input, { identity: 'alice' });
    const took = Math.round(performance.now() - t0);
    process.stdout.write(`-- response after ${took} ms:\n${ttlvToXml(decodeTtlv(out)).slice(0, 2000)}\n`);
  }
} finally {
  await h.close();
}

// The fuzz loop in a worker thread, so that the parent (run.ts) can watch it: before each input
// the worker copies it into shared memory and bumps a counter; a loop stuck on one input (sync or
// async) stops the counter and the parent saves that input as a hang.
import { parentPort, workerData } from 'node:worker_threads';
import { fuzz } from './fuzz-loop.js';
import { SHARED_HEADER, type WorkerInput } from './worker-protocol.js';

const { options, shared } = workerData as WorkerInput;
const counters = new Int32Array(shared, 0, 2);
const bytes = new Uint8Array(shared, SHARED_HEADER);

const result = await fuzz({
  ...options,
  onInput: (index, input) => {
    const n = Math.min(input.length, bytes.length);
    bytes.set(input.subarray(0, n));
    Atomics.store(counters, 1, input.length);
    Atomics.store(counters, 0, index + 1);
  },
  onProgress: (stats) => parentPort?.postMessage({ type: 'progress', stats }),
  onFinding: (finding) => parentPort?.postMessage({ type: 'finding', finding }),
});
parentPort?.postMessage({ type: 'done', stats: result.stats });

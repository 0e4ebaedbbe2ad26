// What run.ts and worker.ts share: the worker's options and the shared-memory layout.
import type { FuzzOptions } from './fuzz-loop.js';

export interface WorkerInput {
  readonly options: Omit<FuzzOptions, 'onInput' | 'onProgress' | 'onFinding'>;
  /** Int32 [0] inputs started, [1] length of the current input; the input bytes from SHARED_HEADER. */
  readonly shared: SharedArrayBuffer;
}

export const SHARED_HEADER = 8;

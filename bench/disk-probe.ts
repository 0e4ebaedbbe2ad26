// How many 4 KiB appends, each followed by fdatasync, the disk under the temporary directory
// takes per second: the bound on one-at-a-time durable commits, printed beside the results.
import { closeSync, fdatasyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function durableAppendsPerSecond(ms = 2000): number {
  const dir = mkdtempSync(join(tmpdir(), 'kmip-disk-'));
  const fd = openSync(join(dir, 'probe'), 'w');
  try {
    const block = Buffer.alloc(4096, 1);
    const started = performance.now();
    let n = 0;
    while (performance.now() - started < ms) {
      writeSync(fd, block);
      fdatasyncSync(fd);
      n++;
    }
    return (n * 1000) / (performance.now() - started);
  } finally {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
}

// Temporary directories for tests, removed however the test ends. With a test (or suite) context
// the directory goes when that test is over; without one (a fixture shared by a whole file) it
// goes when the test file's process exits. scripts/run-tests.mjs fails a test file that leaves
// anything in the temp directory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface HasAfter {
  after(fn: () => void | Promise<void>): void;
}

const onExit = new Set<string>();
process.on('exit', () => {
  for (const dir of onExit) rmSync(dir, { recursive: true, force: true });
});

/** Removes `path` when the process exits (for fixtures that outlive one test). */
export function removeOnExit(path: string): string {
  onExit.add(path);
  return path;
}

/** A new directory under the temp directory, named `<prefix>XXXXXX`. */
export function tempDir(prefix: string, owner?: HasAfter): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (owner === undefined) return removeOnExit(dir);
  owner.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

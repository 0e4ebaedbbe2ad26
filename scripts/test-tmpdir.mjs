// Loaded into every test file's process by scripts/run-tests.mjs (--import): the file gets a temp
// directory of its own (TMPDIR, which os.tmpdir(), mkdtemp and Python's tempfile follow), and
// when the file's process exits anything still in it fails the file, naming what was left. The
// directory is removed either way. tsx's compile cache is linked in, not copied, so it stays warm.
import { mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

const file = process.argv[1];
const cache = process.env.KMIP_TEST_TSX_CACHE;
if (file !== undefined && /\.test\.[cm]?[jt]s$/.test(file) && cache !== undefined) {
  // Short names: PostgreSQL puts its Unix socket under the temp directory (108-byte limit).
  const name = basename(file)
    .replace(/\.test\.[cm]?[jt]s$/, '')
    .slice(0, 20);
  const dir = mkdtempSync(join(tmpdir(), `${name}-`));
  symlinkSync(cache, join(dir, basename(cache)));
  process.env.TMPDIR = dir;
  // Checked after every other 'exit' listener (helpers remove shared fixtures there): the check
  // is added once the event loop has drained, so it comes last; a process.exit() skips that
  // step and is checked by the first listener.
  let checked = false;
  const check = () => {
    if (checked) return;
    checked = true;
    const left = readdirSync(dir).filter((n) => n !== basename(cache));
    if (left.length > 0) {
      process.stderr.write(
        `${file} left ${left.length} entr${left.length === 1 ? 'y' : 'ies'} in the temp directory ` +
          `(a test must remove what it makes, also when it fails): ${left.join(', ')}\n`,
      );
      process.exitCode = 1;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  let drained = false;
  process.once('beforeExit', () => {
    drained = true;
    process.on('exit', check);
  });
  process.on('exit', () => {
    if (!drained) check();
  });
}

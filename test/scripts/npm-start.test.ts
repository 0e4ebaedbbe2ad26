// `npm start` builds only when a source is newer than what was built from it (or the output is
// missing), then runs kmip-server: the rule on a small tree, and `npm start` itself on this
// repository, whose dist/ the test suite has just built (so it must start without building).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { compileReason, consoleReason, staleReason } from '../../scripts/build-state.mjs';
import { REPO, requireBuilt } from '../helpers/built-cli.js';
import { tempDir } from '../helpers/temp-dir.js';

test('the build is stale exactly when a compiled source or a console file is newer than its output or the output is missing', () => {
  const root = tempDir('kmip-stale-');
  const at = (path: string, seconds: number, text = ''): void => {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, text);
    utimesSync(path, seconds, seconds);
  };
  at(join(root, 'tsconfig.json'), 1000);
  at(join(root, 'tsconfig.build.json'), 1000);
  at(join(root, 'src', 'cli', 'a.ts'), 2000);
  at(join(root, 'dist', 'cli', 'a.js'), 3000);
  // Not compiled: tests, the registry generator, fixtures.
  at(join(root, 'src', 'cli', 'a.test.ts'), 9000);
  at(join(root, 'src', 'spec', 'build', 'gen.ts'), 9000);
  assert.equal(staleReason(root), undefined);
  at(join(root, 'src', 'cli', 'a.ts'), 4000);
  assert.equal(staleReason(root), 'src/cli/a.ts changed since the last build');
  at(join(root, 'dist', 'cli', 'a.js'), 5000);
  at(join(root, 'tsconfig.build.json'), 6000);
  assert.equal(staleReason(root), 'the TypeScript configuration changed since the last build');
  at(join(root, 'tsconfig.build.json'), 1000);
  at(join(root, 'src', 'b.ts'), 1000);
  assert.equal(staleReason(root), 'dist/b.js is missing');
  rmSync(join(root, 'src', 'b.ts'));
  assert.equal(staleReason(root), undefined);
  // The web console: bundled from console/ (and its build script) into dist/ui/console.js.
  at(join(root, 'console', 'pages', 'p.tsx'), 2000);
  assert.equal(staleReason(root), 'dist/ui/console.js is missing');
  at(join(root, 'dist', 'ui', 'console.js'), 3000);
  assert.equal(staleReason(root), undefined);
  at(join(root, 'console', 'console.css'), 4000);
  assert.equal(consoleReason(root), 'console/console.css changed since the last build');
  assert.equal(compileReason(root), undefined, 'tsc need not run for the console');
  at(join(root, 'dist', 'ui', 'console.js'), 5000);
  at(join(root, 'scripts', 'build-console.mjs'), 6000);
  assert.equal(staleReason(root), 'scripts/build-console.mjs changed since the last build');
});

test(
  'npm start on a built tree starts kmip-server without building, and stops on Ctrl-C',
  { timeout: 120_000 },
  async (t) => {
    requireBuilt();
    const dir = tempDir('kmip-npm-start-');
    writeFileSync(join(dir, 'server.conf'), '[server]\nport = 0\nworkers = 1\n');
    const started = Date.now();
    const child = spawn(
      'npm',
      ['start', '--', '-f', join(dir, 'server.conf'), '--data-dir', join(dir, 'data')],
      {
        cwd: REPO,
        env: { ...process.env, HOME: dir },
        stdio: ['ignore', 'pipe', 'pipe'],
        // A process group of its own, as a terminal's foreground job: Ctrl-C signals all of it.
        detached: true,
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const listening = new Promise<number>((resolve, reject) => {
      child.stderr.on('data', (d: Buffer) => {
        out += d.toString();
        if (/kmip-server listening on /.test(out)) resolve(Date.now() - started);
      });
      child.once('exit', (code) => reject(new Error(`npm start exited ${code}:\n${out}`)));
    });
    // 'close': every process of the group has let go of the output (npm itself dies at Ctrl-C;
    // kmip-server finishes its requests first).
    const closed = new Promise<void>((resolve) => child.once('close', () => resolve()));
    try {
      t.diagnostic(`listening ${await listening} ms after npm start`);
      assert.doesNotMatch(out, /building/);
    } finally {
      process.kill(-(child.pid ?? 0), 'SIGINT');
    }
    await closed;
    assert.match(out, /SIGINT: finishing requests in flight, then stopping[\s\S]*kmip-server stopped/);
  },
);

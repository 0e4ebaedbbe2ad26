// Quick load run against a freshly started local server (or --port N on 127.0.0.1 with the
// demo certificates in --certs DIR). Usage: tsx bench/load.ts [OP[=W] …] [--seconds S]
// [--connections N] [--depth D] — the syntax of `kmip bench`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runLoad } from '../src/bench/load-generator.js';
import { parseMix } from '../src/cli/kmip-bench.js';
import { startLocalServer } from './local-server.js';

const args = process.argv.slice(2);
const flag = (name: string, dflt: number): number => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
// The mix as `kmip bench` takes it: OP[=W] arguments (or --mix OP[=W],…).
const mix = parseMix(
  args.filter((a, i) => !a.startsWith('--') && (args[i - 1] ?? '').match(/^--(?!mix$)/) === null),
);
if (Object.keys(mix).length === 0) mix.get = 1;
const server = await startLocalServer();
try {
  const result = await runLoad({
    tls: {
      host: '127.0.0.1',
      port: server.port,
      ca: readFileSync(server.certs.ca),
      cert: readFileSync(server.certs.cert),
      key: readFileSync(server.certs.key),
    },
    connections: flag('connections', 4),
    depth: flag('depth', 8),
    mix,
    durationMs: flag('seconds', 5) * 1000,
    onProgress: (done, ms) =>
      process.stderr.write(`\r${done} ops, ${((done * 1000) / ms).toFixed(0)} ops/s   `),
  });
  process.stderr.write('\n');
  console.log(JSON.stringify(result, null, 2));
} finally {
  await server.stop();
  void join;
}

// `kmip bench`: load against a KMIP server — N TLS connections, a pipeline depth, an operation
// mix, a duration or a count; prints ops/s and latency quantiles (and a progress line while it
// runs), or JSON with --json. The server comes from pykmip.conf and the global options.
import { runLoad, type LoadResult, type OperationStats } from '../bench/load-generator.js';
import { prefill } from '../bench/prefill.js';
import { BENCH_OPERATIONS, type BenchOperation } from '../bench/requests.js';
import { UsageError, stringOption } from './kmip-args.js';
import { clientOptionsFromCli, type Command } from './kmip-command.js';

function positiveInt(raw: string | undefined, name: string, dflt: number): number {
  if (raw === undefined) return dflt;
  if (!/^\d+$/.test(raw) || Number(raw) < 1)
    throw new UsageError(`--${name} must be a positive whole number, not '${raw}'`);
  return Number(raw);
}

/** "get=3,create=1" or "get,encrypt" -> weights. */
export function parseMix(text: string): Partial<Record<BenchOperation, number>> {
  const mix: Partial<Record<BenchOperation, number>> = {};
  for (const part of text.split(',').filter(Boolean)) {
    const [op = '', weight = '1'] = part.split('=');
    if (!BENCH_OPERATIONS.includes(op as BenchOperation)) {
      throw new UsageError(`unknown operation '${op}' in --mix (known: ${BENCH_OPERATIONS.join(', ')})`);
    }
    const w = Number(weight);
    if (!Number.isFinite(w) || w < 0) throw new UsageError(`the weight of ${op} must be a number ≥ 0`);
    mix[op as BenchOperation] = w;
  }
  return mix;
}

function row(name: string, s: OperationStats): string {
  return `${name.padEnd(15)} ${s.ops.toString().padStart(9)} ${s.opsPerSec.toFixed(0).padStart(9)} ${s.p50Ms.toFixed(2).padStart(8)} ${s.p90Ms.toFixed(2).padStart(8)} ${s.p99Ms.toFixed(2).padStart(8)} ${s.maxMs.toFixed(2).padStart(9)} ${s.errors.toString().padStart(7)}`;
}

export function formatLoad(r: LoadResult): string {
  const lines = [
    `${'operation'.padEnd(15)} ${'ops'.padStart(9)} ${'ops/s'.padStart(9)} ${'p50 ms'.padStart(8)} ${'p90 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'max ms'.padStart(9)} ${'errors'.padStart(7)}`,
  ];
  for (const [op, s] of Object.entries(r.byOperation)) lines.push(row(op, s));
  if (Object.keys(r.byOperation).length > 1) lines.push(row('total', r.total));
  if (r.firstError !== undefined) lines.push(`first error: ${r.firstError}`);
  return lines.join('\n');
}

export const bench: Command = {
  name: 'bench',
  args: '',
  summary: 'load a server: connections × pipeline depth × operation mix; ops/s and latency quantiles',
  details:
    'Operations: get, create, create-named (a Name and an x-bucket each), locate (by Name), locate-attr\n' +
    '(by x-bucket), locate-type (Object Type, Maximum Items 10), encrypt (AES-GCM, 64 bytes),\n' +
    'get-attributes. Keys for the reads are created first, or taken from --prefill N, which first fills\n' +
    'the server with N named keys (one per bucket, batched Creates).\n' +
    'Example: kmip bench --connections 8 --depth 8 --mix get=3,create=1 --seconds 10',
  options: [
    { name: 'connections', value: 'N', help: 'TLS connections (default 4)' },
    { name: 'depth', value: 'D', help: 'requests in flight per connection (default 8)' },
    { name: 'mix', value: 'OP[=W],…', help: 'operations and weights (default get)' },
    { name: 'seconds', value: 'S', help: 'how long to run (default 10)' },
    { name: 'count', value: 'N', help: 'stop after N operations instead' },
    { name: 'keys', value: 'N', help: 'keys made for the read operations (default 16)' },
    { name: 'prefill', value: 'N', help: 'first create N named keys (batched) and read those' },
  ],
  async run(ctx) {
    const o = ctx.options;
    const settings = clientOptionsFromCli(o);
    const target = settings.hosts[0];
    if (target === undefined)
      throw new UsageError('no server: give --host or a pykmip.conf [client] section');
    const count = stringOption(o, 'count');
    const tls = { ...settings.tls, host: target.host, port: target.port };
    const fill = stringOption(o, 'prefill');
    const filled =
      fill === undefined
        ? undefined
        : await prefill({
            tls,
            count: positiveInt(fill, 'prefill', 1),
            ...(ctx.json
              ? {}
              : {
                  onProgress: (done: number, ms: number) =>
                    process.stderr.write(`\rprefill: ${done} keys, ${((done * 1000) / ms).toFixed(0)}/s   `),
                }),
          });
    if (filled !== undefined && !ctx.json)
      process.stderr.write(
        `\rprefill: ${filled.created} keys in ${(filled.elapsedMs / 1000).toFixed(1)} s (${((filled.created * 1000) / filled.elapsedMs).toFixed(0)}/s)\n`,
      );
    const result = await runLoad({
      tls,
      connections: positiveInt(stringOption(o, 'connections'), 'connections', 4),
      depth: positiveInt(stringOption(o, 'depth'), 'depth', 8),
      mix: parseMix(stringOption(o, 'mix') ?? 'get'),
      keys: positiveInt(stringOption(o, 'keys'), 'keys', 16),
      ...(filled !== undefined ? { prefilled: filled.sample } : {}),
      ...(count !== undefined
        ? { count: positiveInt(count, 'count', 1) }
        : { durationMs: positiveInt(stringOption(o, 'seconds'), 'seconds', 10) * 1000 }),
      ...(ctx.json
        ? {}
        : {
            onProgress: (done: number, ms: number) =>
              process.stderr.write(`\r${done} operations, ${((done * 1000) / ms).toFixed(0)} ops/s   `),
          }),
    });
    if (!ctx.json) process.stderr.write('\n');
    ctx.result(result, formatLoad(result));
    return result.total.errors > 0 ? 1 : 0;
  },
};

// npm run fuzz -- [--runs N] [--seed S] [--time-limit MS] [--hang MS] [--max-heap-mb MB]
//                 [--epoch N] [--out DIR]
// Fuzzes the TTLV decoder and Engine.handleFrame with inputs mutated from the OASIS cases (see
// fuzz-loop.ts) in a worker thread, watched from here: an input that runs longer than --hang
// is saved as a hang and the run goes on in a new worker; a worker that runs out of heap (its
// limit is twice --max-heap-mb) is reported with the input it was on. Findings are written to
// DIR (default .tmp/fuzz) as <kind>-<n>.bin plus findings.json; the exit code is 1 when any.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FuzzStats } from './fuzz-loop.js';
import { SHARED_HEADER, type WorkerInput } from './worker-protocol.js';

interface Args {
  runs: number;
  seed: number;
  timeLimitMs: number;
  hangMs: number;
  maxHeapMb: number;
  epoch: number;
  out: string;
}

function parseArgs(argv: readonly string[]): Args {
  const a: Args = {
    runs: 100_000,
    seed: Date.now() % 2 ** 31,
    timeLimitMs: 2_000,
    hangMs: 30_000,
    maxHeapMb: 512,
    epoch: 20_000,
    out: join('.tmp', 'fuzz'),
  };
  const numeric: Record<string, keyof Omit<Args, 'out'>> = {
    '--runs': 'runs',
    '--seed': 'seed',
    '--time-limit': 'timeLimitMs',
    '--hang': 'hangMs',
    '--max-heap-mb': 'maxHeapMb',
    '--epoch': 'epoch',
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] ?? '';
    const value = argv[++i];
    if (flag === '--out' && value !== undefined) a.out = value;
    else if (numeric[flag] !== undefined && value !== undefined && /^\d+$/.test(value))
      a[numeric[flag]] = Number(value);
    else
      throw new Error(
        `usage: run.ts [--runs N] [--seed S] [--time-limit MS] [--hang MS] [--max-heap-mb MB] [--epoch N] [--out DIR]; not ${flag}`,
      );
  }
  return a;
}

interface Saved {
  kind: string;
  index: number;
  detail: string;
  file: string;
}

const SHARED_INPUT_MAX = 4 * 1024 * 1024;

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  mkdirSync(args.out, { recursive: true });
  const saved: Saved[] = [];
  const save = (kind: string, index: number, detail: string, input: Uint8Array): void => {
    const file = join(args.out, `${kind}-${saved.length}.bin`);
    writeFileSync(file, input);
    saved.push({ kind, index, detail, file });
    process.stdout.write(
      `FINDING ${kind} at input ${index}: ${detail.split('\n').slice(0, 3).join(' | ')} -> ${file}\n`,
    );
  };
  let done = 0;
  let seed = args.seed;
  let last: FuzzStats | undefined;
  const totals = {
    runs: 0,
    decoded: 0,
    engineResponses: 0,
    engineSuccessItems: 0,
    internalErrors: 0,
    slowestMs: 0,
    peakHeapMb: 0,
  };
  const started = Date.now();
  process.stdout.write(
    `fuzz: ${args.runs} inputs, seed ${args.seed}, time limit ${args.timeLimitMs} ms, hang ${args.hangMs} ms, heap bound ${args.maxHeapMb} MB\n`,
  );
  while (done < args.runs) {
    const shared = new SharedArrayBuffer(SHARED_HEADER + SHARED_INPUT_MAX);
    const counters = new Int32Array(shared, 0, 2);
    const data: WorkerInput = {
      options: {
        runs: args.runs - done,
        seed,
        timeLimitMs: args.timeLimitMs,
        maxHeapMb: args.maxHeapMb,
        epoch: args.epoch,
        progressEvery: 5000,
      },
      shared,
    };
    // A worker does not inherit node's --import hooks: it registers tsx itself, then loads worker.ts.
    const entry = JSON.stringify(new URL('./worker.ts', import.meta.url).href);
    const worker = new Worker(
      `import('tsx/esm/api').then((t) => { t.register(); return import(${entry}); })`,
      {
        eval: true,
        workerData: data,
        resourceLimits: { maxOldGenerationSizeMb: args.maxHeapMb * 2 },
      },
    );
    const base = done;
    const outcome = await new Promise<{ ran: number; reason: 'done' | 'hang' | 'error' }>((resolve) => {
      let lastCount = -1;
      let lastChange = Date.now();
      const current = (): Uint8Array => {
        const n = Math.min(Atomics.load(counters, 1), SHARED_INPUT_MAX);
        return new Uint8Array(shared, SHARED_HEADER, n).slice();
      };
      const watch = setInterval(() => {
        const count = Atomics.load(counters, 0);
        if (count !== lastCount) {
          lastCount = count;
          lastChange = Date.now();
        } else if (Date.now() - lastChange > args.hangMs) {
          clearInterval(watch);
          save('hang', base + count - 1, `no progress for ${args.hangMs} ms`, current());
          void worker.terminate();
          resolve({ ran: count, reason: 'hang' });
        }
      }, 250);
      worker.on(
        'message',
        (m: {
          type: string;
          stats?: FuzzStats;
          finding?: { kind: string; index: number; detail: string; input: Uint8Array };
        }) => {
          if (m.type === 'finding' && m.finding)
            save(m.finding.kind, base + m.finding.index, m.finding.detail, m.finding.input);
          if (m.stats) {
            last = m.stats;
            const total = base + m.stats.runs;
            const rate = Math.round(total / ((Date.now() - started) / 1000));
            process.stdout.write(
              `${total} inputs, ${rate}/s, ${m.stats.internalErrors} internal errors, slowest ${Math.round(m.stats.slowestMs)} ms, heap ${Math.round(m.stats.peakHeapMb)} MB\n`,
            );
          }
          if (m.type === 'done') {
            clearInterval(watch);
            resolve({ ran: m.stats?.runs ?? 0, reason: 'done' });
          }
        },
      );
      worker.on('error', (err) => {
        clearInterval(watch);
        const count = Atomics.load(counters, 0);
        save(
          /memory/i.test(err.message) ? 'memory' : 'worker-crash',
          base + count - 1,
          err.stack ?? err.message,
          current(),
        );
        resolve({ ran: count, reason: 'error' });
      });
    });
    if (last !== undefined) {
      totals.decoded += last.decoded;
      totals.engineResponses += last.engineResponses;
      totals.engineSuccessItems += last.engineSuccessItems;
      totals.internalErrors += last.internalErrors;
      totals.slowestMs = Math.max(totals.slowestMs, last.slowestMs);
      totals.peakHeapMb = Math.max(totals.peakHeapMb, last.peakHeapMb);
      last = undefined;
    }
    if (outcome.ran === 0) {
      process.stdout.write('fuzz: the worker failed before its first input; stopping\n');
      break;
    }
    done += outcome.ran;
    seed = (seed + 1) % 2 ** 31;
    if (outcome.reason === 'done') break;
  }
  totals.runs = done;
  const summary = {
    seed: args.seed,
    ...totals,
    elapsedSeconds: Math.round((Date.now() - started) / 1000),
    findings: saved,
  };
  writeFileSync(join(args.out, 'findings.json'), JSON.stringify(summary, null, 2));
  process.stdout.write(`fuzz done: ${JSON.stringify({ ...summary, findings: saved.length })}\n`);
  return saved.length === 0 ? 0 : 1;
}

process.exitCode = await main();

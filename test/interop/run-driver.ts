// Node side of the PyKMIP interop driver: runs test/interop/pykmip_driver.py with Debian's Python
// against any KMIP server (host, port, certificate paths) and returns one result per step.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Debian's python3-pykmip is installed for this interpreter only (the `python3` on PATH may differ). */
export const SYSTEM_PYTHON = process.env['PYKMIP_PYTHON'] ?? '/usr/bin/python3';
export const DRIVER_PATH = fileURLToPath(new URL('./pykmip_driver.py', import.meta.url));

export const SCENARIOS = Object.freeze([
  'lifecycle',
  'register',
  'attributes',
  'locate',
  'isolation',
  'crypto',
  'kmipproxy',
] as const);
export type Scenario = (typeof SCENARIOS)[number];

/** KMIP version of the requests; PyKMIP's default is 1.2. The scenarios are written for 1.x. */
export type DriverKmipVersion = '1.0' | '1.1' | '1.2' | '1.3' | '1.4' | '2.0';

export interface DriverTarget {
  readonly host: string;
  readonly port: number;
  readonly caCerts: string;
  /** Identity A. */
  readonly certFile: string;
  readonly keyFile: string;
  /** Identity B, needed by the 'isolation' scenario only. */
  readonly certFile2?: string;
  readonly keyFile2?: string;
}

export interface ScenarioOptions extends DriverTarget {
  readonly scenario: Scenario;
  readonly version?: DriverKmipVersion;
  /** Made part of every object name; random when absent. */
  readonly tag?: string;
  readonly timeoutMs?: number;
}

export type StepError =
  | { readonly kind: 'kmip'; readonly status: string; readonly reason: string; readonly message: string }
  | { readonly kind: 'assert' | 'skipped'; readonly message: string }
  | { readonly kind: 'exception'; readonly type: string; readonly message: string }
  | { readonly kind: 'unexpected-success'; readonly detail: unknown };

/** One line of the driver: ok means the step's expectation was met (which can be an expected failure). */
export interface StepResult {
  readonly step: string;
  readonly ok: boolean;
  readonly detail?: unknown;
  readonly error?: StepError;
}

/** Why the PyKMIP driver cannot run here, or undefined when it can. */
export function pykmipUnavailableReason(): string | undefined {
  const probe = spawnSync(SYSTEM_PYTHON, ['-c', 'import kmip.pie.client, kmip.services.kmip_client'], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (probe.error) return `${SYSTEM_PYTHON} cannot run: ${probe.error.message}`;
  if (probe.status !== 0) {
    const last = probe.stderr.trim().split('\n').pop() ?? '';
    return `${SYSTEM_PYTHON} cannot import kmip (apt-get install python3-pykmip): ${last}`;
  }
  return undefined;
}

function driverInput(opts: ScenarioOptions): string {
  return JSON.stringify({
    host: opts.host,
    port: opts.port,
    ca_certs: opts.caCerts,
    certfile: opts.certFile,
    keyfile: opts.keyFile,
    certfile2: opts.certFile2,
    keyfile2: opts.keyFile2,
    scenario: opts.scenario,
    version: opts.version,
    tag: opts.tag,
  });
}

function parseLine(line: string): StepResult {
  const value: unknown = JSON.parse(line);
  if (typeof value !== 'object' || value === null) throw new Error(`not a step result: ${line}`);
  const record = value as Record<string, unknown>;
  if (typeof record['step'] !== 'string' || typeof record['ok'] !== 'boolean') {
    throw new Error(`not a step result: ${line}`);
  }
  return value as StepResult;
}

/**
 * Runs one scenario and resolves with its steps in order. Rejects when the driver itself fails
 * (bad input, kmip missing, a crash between steps, timeout): a failed step is a result, not a rejection.
 */
export function runScenario(opts: ScenarioOptions): Promise<StepResult[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(SYSTEM_PYTHON, ['-B', DRIVER_PATH], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs ?? 180_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const context = `scenario ${opts.scenario}: ${stderr.trim().slice(-2000)}`;
      if (timedOut) return reject(new Error(`driver timed out; ${context}`));
      if (code !== 0) return reject(new Error(`driver exited with ${code ?? signal}; ${context}`));
      try {
        const lines = stdout.split('\n').filter((line) => line.trim() !== '');
        resolve(lines.map(parseLine));
      } catch (error) {
        reject(new Error(`${(error as Error).message}; ${context}`));
      }
    });
    child.stdin.end(driverInput(opts));
  });
}

/** Steps by name, for assertions on single steps. */
export function byStep(results: readonly StepResult[]): Map<string, StepResult> {
  return new Map(results.map((result) => [result.step, result]));
}

/** The Result Reason a step saw: from an expected failure (detail.reason) or an unexpected one. */
export function reasonOf(result: StepResult | undefined): string | undefined {
  if (!result) return undefined;
  if (result.error?.kind === 'kmip') return result.error.reason;
  const detail = result.detail as { reason?: unknown } | null | undefined;
  return typeof detail?.reason === 'string' ? detail.reason : undefined;
}

// The Result Reason scenarios (issue 3, "Error cases"): for every reason the server can return, one
// short request sequence that provokes it, run against the in-process engine at the protocol version
// the reason belongs to and, where src/messages/result-reason-version.ts maps a 2.x reason to a 1.x
// one, at a 1.x version too. The tables live in scenarios-*.ts; reason-table.ts joins them and
// result-reasons-completeness.test.ts checks that every reason named in src/ has one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StructureItem, TtlvItem } from '../../src/ttlv/item.js';
import type { ResultReason } from '../../src/spec/generated/enums.js';
import { Tag } from '../../src/spec/generated/tags.js';
import {
  type BatchResult,
  type Harness,
  createHarness,
  type HarnessOptions,
  payloadText,
} from '../helpers/engine-harness.js';
import { createKey, uidXml, type KeyOptions } from '../helpers/object-fixtures.js';

export type ReasonName = keyof typeof ResultReason;

/** What a scenario's last request answered, and what its Result Message must name. */
export interface Provoked {
  readonly result: BatchResult;
  /** The object's Unique Identifier (exact text), or a pattern for the field or attribute at fault. */
  readonly mentions: string | RegExp;
}

export interface Scenario {
  /** What the client does wrong, for the test name. */
  readonly does: string;
  /**
   * [protocol version, expected reason]: first the version the reason belongs to (the reason is the
   * table key), then any version where another reason stands for it (result-reason-version.ts).
   */
  readonly at: readonly (readonly [string, ReasonName])[];
  readonly run: (h: Harness, version: string) => Promise<Provoked>;
  /** Builds the engine when the default harness cannot reach the reason (policy files, authenticator). */
  readonly harness?: () => Promise<Harness>;
  /** Marks a scenario the server cannot pass yet; the reason is given in the test output. */
  readonly todo?: string;
}

export type ScenarioTable = Readonly<Partial<Record<ReasonName, Scenario>>>;

export async function withHarness<T>(
  make: () => Promise<Harness>,
  fn: (h: Harness) => Promise<T>,
): Promise<T> {
  const h = await make();
  try {
    return await fn(h);
  } finally {
    await h.close();
  }
}

/** A Result Message a client can act on: a sentence that names the object or the field at fault. */
export function assertHelpful(r: BatchResult, mentions: string | RegExp): void {
  const message = r.message ?? '';
  assert.ok(message.trim().length >= 10, `the Result Message is empty or terse: ${r.xml}`);
  if (typeof mentions === 'string') {
    assert.ok(message.includes(mentions), `the Result Message does not name '${mentions}': ${message}`);
  } else {
    assert.match(message, mentions, `the Result Message does not name the field: ${message}`);
  }
}

/** One test per (scenario, version): the exact Result Reason and a helpful Result Message. */
export function testScenarios(table: ScenarioTable): void {
  for (const [reason, s] of Object.entries(table)) {
    for (const [version, expected] of s.at) {
      const title =
        expected === reason
          ? `${reason} at ${version}: ${s.does}`
          : `${reason} is answered ${expected} at ${version}: ${s.does}`;
      test(title, s.todo === undefined ? {} : { todo: s.todo }, async () => {
        await withHarness(s.harness ?? createHarness, async (h) => {
          const { result, mentions } = await s.run(h, version);
          assert.equal(result.status, 'OperationFailed', result.xml);
          assert.equal(result.reason, expected, result.xml);
          assertHelpful(result, mentions);
        });
      });
    }
  }
}

/** Fails a setup step loudly, so that a scenario never passes for the wrong reason. */
export function succeeded(r: BatchResult, what: string): BatchResult {
  if (r.status !== 'Success') throw new Error(`setup step '${what}' failed: ${r.xml}`);
  return r;
}

export function uidOf(r: BatchResult, what: string): string {
  const uid = payloadText(succeeded(r, what), Tag.UniqueIdentifier);
  if (uid === undefined) throw new Error(`setup step '${what}' returned no Unique Identifier`);
  return uid;
}

/** An AES-256 key, made at 2.1 (so that 2.x-only attributes can be given) and activated. */
export async function activeKey(h: Harness, opts: KeyOptions = {}): Promise<string> {
  const uid = await createKey(h, { version: '2.1', ...opts });
  succeeded(await h.op('Activate', uidXml(uid), { version: '2.1' }), 'Activate');
  return uid;
}

export const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

export interface ItemXml {
  readonly operation: string;
  readonly payload: string;
}

/** A Request Message in KMIP XML; `headerExtra` (Maximum Response Size …) goes before the Batch Count. */
export function messageXml(
  version: string,
  items: readonly ItemXml[],
  opts: { readonly headerExtra?: string; readonly batchCount?: number } = {},
): string {
  const [major, minor] = version.split('.');
  const batch = items
    .map(
      (i) =>
        `<BatchItem><Operation type="Enumeration" value="${i.operation}"/><RequestPayload>${i.payload}</RequestPayload></BatchItem>`,
    )
    .join('');
  return `<RequestMessage><RequestHeader><ProtocolVersion>
    <ProtocolVersionMajor type="Integer" value="${major}"/><ProtocolVersionMinor type="Integer" value="${minor}"/>
    </ProtocolVersion>${opts.headerExtra ?? ''}<BatchCount type="Integer" value="${opts.batchCount ?? items.length}"/>
    </RequestHeader>${batch}</RequestMessage>`;
}

/** The number of Batch Items in a response. */
export const batchItemCount = (response: StructureItem): number =>
  response.value.filter((c) => c.tag === Tag.BatchItem).length;

/** The Protocol Version of a response's header, as 'major.minor'. */
export function responseVersion(response: StructureItem): string {
  const find = (s: TtlvItem | undefined, tag: number): TtlvItem | undefined =>
    s?.type === 'Structure' ? s.value.find((c) => c.tag === tag) : undefined;
  const pv = find(find(response, Tag.ResponseHeader), Tag.ProtocolVersion);
  const major = find(pv, Tag.ProtocolVersionMajor);
  const minor = find(pv, Tag.ProtocolVersionMinor);
  if (major?.type !== 'Integer' || minor?.type !== 'Integer')
    throw new Error('response has no Protocol Version');
  return `${major.value}.${minor.value}`;
}

export type EngineHarnessOptions = HarnessOptions;

/** The shared harness with a policy directory or an authenticator. */
export function engineHarness(opts: EngineHarnessOptions): Promise<Harness> {
  return createHarness(opts);
}

/** An engine whose policy directory holds one file, `policies` (PyKMIP policy-file JSON). */
export async function harnessWithPolicies(policies: Record<string, unknown>): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'kmip-errors-policy-'));
  writeFileSync(join(dir, 'policies.json'), JSON.stringify(policies));
  return engineHarness({ policyPath: dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) });
}

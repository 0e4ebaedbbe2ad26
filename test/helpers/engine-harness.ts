// An in-process engine over an in-memory SQLite store, for operation tests: requests written as
// KMIP XML (or TTLV trees), responses decoded back to TTLV, no TLS involved.
import { randomBytes } from 'node:crypto';
import type { StructureItem, TtlvItem } from '../../src/ttlv/item.js';
import { decodeTtlv } from '../../src/ttlv/decode.js';
import { xmlToTtlv, ttlvToXml } from '../../src/notation/xml.js';
import { Engine, type EngineOptions } from '../../src/engine/engine.js';
import { silentLogger } from '../../src/log/logger.js';
import { PolicyRegistry, policyAccessControl } from '../../src/engine/policy/index.js';
import { OPERATIONS } from '../../src/operations/dispatch.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { Envelope } from '../../src/store/envelope.js';
import { OBJECT_TAG_BY_TYPE } from '../../src/messages/object-tags.js';
import { Tag } from '../../src/spec/generated/tags.js';
import {
  Pkcs11Service,
  serverLibrary,
  type Pkcs11Library,
} from '../../src/operations/support/pkcs11-service.js';

export interface Harness {
  readonly engine: Engine;
  readonly store: SqliteStore;
  /** Sends one request message (XML text or TTLV) as `identity`; returns the decoded response. */
  send(request: string | TtlvItem, identity?: string): Promise<StructureItem>;
  /** Sends one operation at `version` and returns its single batch item (Result Status …, payload). */
  op(
    operation: string,
    payloadXml: string,
    opts?: { version?: string; identity?: string },
  ): Promise<BatchResult>;
  close(): Promise<void>;
}

export interface BatchResult {
  readonly status: string;
  readonly reason: string | undefined;
  readonly message: string | undefined;
  readonly payload: StructureItem | undefined;
  readonly item: StructureItem;
  /** The batch item as KMIP XML, for failure messages. */
  readonly xml: string;
}

export function requestXml(operation: string, payloadXml: string, version = '1.4'): string {
  const [major, minor] = version.split('.');
  return `<RequestMessage><RequestHeader><ProtocolVersion>
    <ProtocolVersionMajor type="Integer" value="${major}"/><ProtocolVersionMinor type="Integer" value="${minor}"/>
    </ProtocolVersion><BatchCount type="Integer" value="1"/></RequestHeader>
    <BatchItem><Operation type="Enumeration" value="${operation}"/><RequestPayload>${payloadXml}</RequestPayload></BatchItem>
    </RequestMessage>`;
}

function enumName(item: TtlvItem | undefined, enumeration: string): string | undefined {
  if (item?.type !== 'Enumeration') return undefined;
  // ttlvToXml renders enumeration names; reuse it rather than a second lookup path.
  const xml = ttlvToXml(item);
  const m = /value="([^"]*)"/.exec(xml);
  return m?.[1] ?? enumeration;
}

export function batchResult(response: StructureItem, index = 0): BatchResult {
  const items = response.value.filter((c) => c.tag === Tag.BatchItem);
  const item = items[index];
  if (item?.type !== 'Structure') throw new Error('response has no such batch item');
  const find = (tag: number): TtlvItem | undefined => item.value.find((c) => c.tag === tag);
  const payload = find(Tag.ResponsePayload);
  const message = find(Tag.ResultMessage);
  return {
    status: enumName(find(Tag.ResultStatus), 'ResultStatus') ?? '?',
    reason: enumName(find(Tag.ResultReason), 'ResultReason'),
    message: message?.type === 'TextString' ? message.value : undefined,
    payload: payload?.type === 'Structure' ? payload : undefined,
    item,
    xml: ttlvToXml(item),
  };
}

export interface HarnessOptions {
  /** A policy directory (server.conf `policy_path`). */
  readonly policyPath?: string;
  /** A header authenticator (SLUGS-style), as the server installs it. */
  readonly authenticate?: EngineOptions['authenticate'];
  /** max_objects_per_identity for the store (0 or absent: no limit). */
  readonly maxObjectsPerOwner?: number;
  /** Run when the harness closes (removing a temporary directory). */
  readonly cleanup?: () => void;
  /** The library behind the PKCS#11 operation (default: the server itself). */
  readonly pkcs11?: Pkcs11Library;
}

export async function createHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const store = new SqliteStore({
    path: ':memory:',
    envelope: new Envelope([{ id: 'test', key: randomBytes(32) }]),
    ...(opts.maxObjectsPerOwner !== undefined ? { maxObjectsPerOwner: opts.maxObjectsPerOwner } : {}),
  });
  const policies = new PolicyRegistry({ live: false, policyPath: opts.policyPath });
  await policies.start();
  const pkcs11 = new Pkcs11Service(
    opts.pkcs11 ?? serverLibrary('kmip-ts test engine', { major: 0, minor: 1 }),
  );
  const engine = new Engine({
    store,
    access: policyAccessControl(policies),
    operations: OPERATIONS,
    server: {
      vendorIdentification: 'kmip-ts',
      serverInformation: 'kmip-ts test engine',
      objectTypes: [...OBJECT_TAG_BY_TYPE.keys()],
      pkcs11,
    },
    log: silentLogger,
    ...(opts.authenticate !== undefined ? { authenticate: opts.authenticate } : {}),
  });
  const send = async (request: string | TtlvItem, identity = 'alice'): Promise<StructureItem> => {
    const tree = typeof request === 'string' ? xmlToTtlv(request) : request;
    const bytes = await engine.handleMessage(tree, { identity });
    const decoded = decodeTtlv(bytes);
    if (decoded.type !== 'Structure') throw new Error('response is not a structure');
    return decoded;
  };
  return {
    engine,
    store,
    send,
    op: async (operation, payloadXml, opts = {}) =>
      batchResult(
        await send(requestXml(operation, payloadXml, opts.version ?? '1.4'), opts.identity ?? 'alice'),
      ),
    close: async () => {
      policies.close();
      await pkcs11.close();
      await store.close();
      opts.cleanup?.();
    },
  };
}

/** The text of a payload child, e.g. the Unique Identifier. */
export function payloadText(r: BatchResult, tag: number): string | undefined {
  const c = r.payload?.value.find((i) => i.tag === tag);
  return c?.type === 'TextString' ? c.value : undefined;
}

/** Runs `f` with a fresh harness and closes it whatever happens. */
export async function withHarness(
  f: (h: Harness) => Promise<void>,
  opts: HarnessOptions = {},
): Promise<void> {
  const h = await createHarness(opts);
  try {
    await f(h);
  } finally {
    await h.close();
  }
}

/** The bytes of a payload child (Data, IV, Signature Data …), or undefined. */
export function payloadBytes(r: BatchResult, tag: number): Buffer | undefined {
  const c = r.payload?.value.find((i) => i.tag === tag);
  return c?.type === 'ByteString' ? Buffer.from(c.value) : undefined;
}

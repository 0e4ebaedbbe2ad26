// KMIP over HTTPS against the real listener: the OASIS message-encoding cases (MSGENC-HTTPS,
// -JSON, -XML at 1.4 and 2.1) each sent in all three encodings, and a request at every protocol
// version in every encoding answered in that version and that encoding (Content-Type included).
// A case listed in src/conformance/known-failures.ts must fail over HTTPS exactly as it fails when
// the engine answers it directly: the transport and the encodings add no difference.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { after, before, test } from 'node:test';
import { runCase } from '../../src/conformance/runner.js';
import { KNOWN_FAILURES } from '../../src/conformance/known-failures.js';
import { decodeTtlv } from '../../src/ttlv/decode.js';
import { listCaseFiles } from '../../src/conformance/suite.js';
import {
  MEDIA_TYPE,
  MessageEncoding,
  decodeMessage,
  encodeMessage,
  encodingOfMediaType,
} from '../../src/notation/message-encodings.js';
import type { StructureItem, TtlvItem } from '../../src/ttlv/item.js';
import { xmlToTtlv } from '../../src/notation/xml.js';
import { Tag } from '../../src/spec/generated/tags.js';
import { startTestServer, type TestServer } from '../helpers/kmip-test-server.js';
import { httpsRequestTo } from '../helpers/https-request.js';
import { batchResult, requestXml } from '../helpers/engine-harness.js';

let t: TestServer;
let httpsPort: number;
before(async () => {
  t = await startTestServer({ server: { httpsPort: 0 } });
  httpsPort = t.server.httpsAddress?.port ?? 0;
});
after(async () => {
  await t.stop();
});

/** Sends one message in `encoding` and decodes the answer, which must come in the same encoding. */
async function post(
  encoding: MessageEncoding,
  message: TtlvItem,
): Promise<{ status: number; reply: TtlvItem }> {
  const r = await httpsRequestTo(httpsPort, t.certs, {
    headers: { 'Content-Type': MEDIA_TYPE[encoding] },
    body: encodeMessage(encoding, message),
  });
  assert.equal(
    encodingOfMediaType(r.headers['content-type']),
    encoding,
    `answered as ${r.headers['content-type']}`,
  );
  assert.equal(r.headers['cache-control'], 'no-cache');
  return { status: r.status, reply: decodeMessage(encoding, r.body) };
}

const ENCODINGS = Object.values(MessageEncoding);

test('the OASIS MSGENC cases pass over HTTPS in TTLV, JSON and XML', async () => {
  const files = listCaseFiles('test/vectors/oasis').filter((f) => basename(f).startsWith('MSGENC-'));
  assert.equal(files.length, 6, 'MSGENC-HTTPS, -JSON and -XML at 1.4 and 2.1');
  const failures: string[] = [];
  for (const file of files) {
    const name = basename(file, '.xml');
    const xml = readFileSync(file, 'utf8');
    const direct = await runCase(name, xml, async (request) =>
      decodeTtlv(await t.server.engine.handleMessage(request, { identity: 'msgenc' })),
    );
    for (const encoding of ENCODINGS) {
      const result = await runCase(name, xml, async (request) => {
        const { status, reply } = await post(encoding, request);
        assert.equal(status, 200);
        return reply;
      });
      const knownAsDirect =
        KNOWN_FAILURES[name] !== undefined &&
        result.step === direct.step &&
        result.difference === direct.difference;
      if (!result.passed && !knownAsDirect)
        failures.push(`${result.name} as ${encoding}: step ${result.step}: ${result.difference}`);
    }
  }
  assert.deepEqual(failures, []);
});

function versionOf(response: TtlvItem): string {
  const header = (response as StructureItem).value.find((c) => c.tag === Tag.ResponseHeader) as StructureItem;
  const v = header.value.find((c) => c.tag === Tag.ProtocolVersion) as StructureItem;
  const [major, minor] = v.value.map((c) => (c.type === 'Integer' ? c.value : -1));
  return `${major}.${minor}`;
}

test('every protocol version is answered in its own version, in the encoding it came in', async () => {
  for (const version of ['1.0', '1.1', '1.2', '1.3', '1.4', '2.0', '2.1']) {
    for (const encoding of ENCODINGS) {
      const request = xmlToTtlv(
        requestXml('Query', '<QueryFunction type="Enumeration" value="QueryOperations"/>', version),
      );
      const { status, reply } = await post(encoding, request);
      assert.equal(status, 200);
      assert.equal(versionOf(reply), version, `${version} as ${encoding}`);
      assert.equal(batchResult(reply as StructureItem).status, 'Success', `${version} as ${encoding}`);
    }
  }
});

test('a KMIP error (an unknown object) is a 200 with the Result Reason of the version asked', async () => {
  for (const [version, reason] of [
    ['1.4', 'ItemNotFound'],
    ['2.1', 'ObjectNotFound'],
  ] as const) {
    for (const encoding of ENCODINGS) {
      const request = xmlToTtlv(
        requestXml('Get', '<UniqueIdentifier type="TextString" value="no-such-object"/>', version),
      );
      const { status, reply } = await post(encoding, request);
      assert.equal(status, 200);
      const r = batchResult(reply as StructureItem);
      assert.deepEqual([r.status, r.reason], ['OperationFailed', reason], `${version} as ${encoding}`);
    }
  }
});

// Cross-checks of OASIS CS-AC cases whose expected output is randomized (RSA-OAEP encryption, PSS
// signatures), so a byte comparison cannot judge them: the encrypting case's requests are replayed
// through the engine, and the paired decrypting case's key (the same key pair) must recover the data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  createHarness,
  batchResult,
  type BatchResult,
  type Harness,
} from '../../test/helpers/engine-harness.js';
import { parseKmipXmlDocument } from '../notation/xml.js';
import { resolvePlaceholders } from '../ttlv/placeholders.js';
import type { TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';

const DIR = fileURLToPath(new URL('../../test/vectors/oasis/v2.1/mandatory/', import.meta.url));

function requests(file: string): TtlvItem[] {
  return parseKmipXmlDocument(readFileSync(DIR + file, 'utf8'), { placeholders: true }).filter(
    (i) => i.tag === Tag.RequestMessage,
  );
}
function responses(file: string): TtlvItem[] {
  return parseKmipXmlDocument(readFileSync(DIR + file, 'utf8'), { placeholders: true }).filter(
    (i) => i.tag === Tag.ResponseMessage,
  );
}

function bind(item: TtlvItem, uid: string): TtlvItem {
  const now = BigInt(Math.floor(Date.now() / 1000));
  return resolvePlaceholders(item, (p) =>
    p.name === 'NOW' ? now + BigInt(p.offset) : p.name.startsWith('UNIQUE_IDENTIFIER') ? uid : undefined,
  );
}

/** The tree with every item of `tag` given `value` (a Byte String). */
function withBytes(item: TtlvItem, tag: number, value: Uint8Array): TtlvItem {
  if (item.tag === tag && item.type === 'ByteString') return { ...item, value };
  if (item.type !== 'Structure') return item;
  return { ...item, value: item.value.map((c) => withBytes(c, tag, value)) };
}

function bytesIn(r: BatchResult | TtlvItem, tag: number): Buffer {
  const find = (i: TtlvItem): Uint8Array | undefined => {
    if (i.tag === tag && i.type === 'ByteString') return i.value;
    if (i.type !== 'Structure') return undefined;
    for (const c of i.value) {
      const f = find(c);
      if (f !== undefined) return f;
    }
    return undefined;
  };
  const v = 'item' in r ? find(r.item) : find(r);
  assert.ok(v !== undefined, `no ${tag.toString(16)}`);
  return Buffer.from(v);
}

async function run(h: Harness, req: TtlvItem, uid = ''): Promise<BatchResult> {
  const r = batchResult(await h.send(bind(req, uid)));
  assert.equal(r.status, 'Success', r.xml);
  return r;
}

function uidOf(r: BatchResult): string {
  const c = r.payload?.value.find((i) => i.tag === Tag.UniqueIdentifier);
  assert.equal(c?.type, 'TextString');
  return (c as { value: string }).value;
}

for (const [enc, dec] of [
  [1, 2],
  [3, 4],
  [5, 6],
  [7, 8],
  [9, 10],
]) {
  test(`CS-AC-M-OAEP-${enc}-21 encrypts what CS-AC-M-OAEP-${dec}-21's private key decrypts`, async () => {
    const h = await createHarness();
    try {
      const e = requests(`CS-AC-M-OAEP-${enc}-21.xml`);
      const pub = uidOf(await run(h, e[0]!));
      const cipher = bytesIn(await run(h, e[1]!, pub), Tag.Data);
      const d = requests(`CS-AC-M-OAEP-${dec}-21.xml`);
      const priv = uidOf(await run(h, d[0]!));
      const plain = bytesIn(await run(h, withBytes(d[1]!, Tag.Data, cipher), priv), Tag.Data);
      assert.deepEqual(plain, bytesIn(responses(`CS-AC-M-OAEP-${dec}-21.xml`)[1]!, Tag.Data));
    } finally {
      await h.close();
    }
  });
}

test("CS-AC-M-1-21's PSS signature (salt length 222 from the key's parameters) verifies under CS-AC-M-2-21's public key", async () => {
  const h = await createHarness();
  try {
    const s = requests('CS-AC-M-1-21.xml');
    const priv = uidOf(await run(h, s[0]!));
    const signature = bytesIn(await run(h, s[1]!, priv), Tag.SignatureData);
    const v = requests('CS-AC-M-2-21.xml');
    const pub = uidOf(await run(h, v[0]!));
    const ok = await run(h, withBytes(v[1]!, Tag.SignatureData, signature), pub);
    assert.match(ok.xml, /ValidityIndicator type="Enumeration" value="Valid"/);
  } finally {
    await h.close();
  }
});

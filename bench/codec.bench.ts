// Binary TTLV codec micro-benchmark: encode and decode rates for two typical server responses.
// Run: npx tsx bench/codec.bench.ts  (npm run bench:codec). BENCH_SECONDS sets the time per row.
import { randomBytes, randomUUID } from 'node:crypto';
import { Tag } from '../src/spec/generated/tags.js';
import { byteString, dateTime, enumeration, integer, structure, textString } from '../src/ttlv/builders.js';
import { decodeTtlv } from '../src/ttlv/decode.js';
import { encodeTtlv } from '../src/ttlv/encode.js';
import { TtlvFramer } from '../src/ttlv/framer.js';
import type { TtlvItem } from '../src/ttlv/item.js';

// Enumeration values (KMIP 1.4 §9.1.3.2 / 2.1 §11): Operation Get 0x0A and Locate 0x08, Result
// Status Success 0, Object Type Symmetric Key 2, Key Format Type Raw 1, Cryptographic Algorithm AES 3.
const GET = 0x0a;
const LOCATE = 0x08;
const SUCCESS = 0x00;

function responseHeader(): TtlvItem {
  return structure(Tag.ResponseHeader, [
    structure(Tag.ProtocolVersion, [
      integer(Tag.ProtocolVersionMajor, 2),
      integer(Tag.ProtocolVersionMinor, 1),
    ]),
    dateTime(Tag.TimeStamp, new Date()),
    integer(Tag.BatchCount, 1),
  ]);
}

/** (a) Get response holding a 256-bit AES key. */
function getResponse(): TtlvItem {
  return structure(Tag.ResponseMessage, [
    responseHeader(),
    structure(Tag.BatchItem, [
      enumeration(Tag.Operation, GET),
      enumeration(Tag.ResultStatus, SUCCESS),
      structure(Tag.ResponsePayload, [
        enumeration(Tag.ObjectType, 2),
        textString(Tag.UniqueIdentifier, randomUUID()),
        structure(Tag.SymmetricKey, [
          structure(Tag.KeyBlock, [
            enumeration(Tag.KeyFormatType, 1),
            structure(Tag.KeyValue, [byteString(Tag.KeyMaterial, randomBytes(32))]),
            enumeration(Tag.CryptographicAlgorithm, 3),
            integer(Tag.CryptographicLength, 256),
          ]),
        ]),
      ]),
    ]),
  ]);
}

/** (b) Locate response with `n` Unique Identifiers. */
function locateResponse(n: number): TtlvItem {
  const ids: TtlvItem[] = [];
  for (let i = 0; i < n; i++) ids.push(textString(Tag.UniqueIdentifier, randomUUID()));
  return structure(Tag.ResponseMessage, [
    responseHeader(),
    structure(Tag.BatchItem, [
      enumeration(Tag.Operation, LOCATE),
      enumeration(Tag.ResultStatus, SUCCESS),
      structure(Tag.ResponsePayload, [integer(Tag.LocatedItems, n), ...ids]),
    ]),
  ]);
}

const seconds = Number(process.env['BENCH_SECONDS'] ?? '1');
let sink = 0;

/** Runs `fn` in growing batches for about `seconds` (after a warm-up) and returns calls per second. */
function rate(fn: () => number): number {
  const warmUntil = performance.now() + 200;
  while (performance.now() < warmUntil) sink += fn();
  let calls = 0;
  let batch = 64;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < seconds * 1000) {
    for (let i = 0; i < batch; i++) sink += fn();
    calls += batch;
    batch = Math.min(batch * 2, 65536);
    elapsed = performance.now() - start;
  }
  return (calls * 1000) / elapsed;
}

interface Row {
  readonly message: string;
  readonly operation: string;
  readonly bytes: number;
  readonly perSecond: number;
}

const rows: Row[] = [];
for (const [message, item] of [
  ['Get, 256-bit key', getResponse()],
  ['Locate, 100 ids', locateResponse(100)],
] as const) {
  const bytes = encodeTtlv(item);
  const framer = new TtlvFramer({ maxMessageSize: 16 * 1024 * 1024 });
  const frameAndDecode = (): number => {
    let n = 0;
    framer.push(bytes, (f) => (n = decodeTtlv(f).tag));
    return n;
  };
  rows.push({
    message,
    operation: 'encode',
    bytes: bytes.length,
    perSecond: rate(() => encodeTtlv(item).length),
  });
  rows.push({
    message,
    operation: 'decode',
    bytes: bytes.length,
    perSecond: rate(() => decodeTtlv(bytes).tag),
  });
  rows.push({ message, operation: 'frame + decode', bytes: bytes.length, perSecond: rate(frameAndDecode) });
}

console.log(`Binary TTLV codec, Node ${process.version}, ${seconds} s per row`);
console.log(
  [
    'message'.padEnd(18),
    'operation'.padEnd(15),
    'bytes'.padStart(6),
    'messages/s'.padStart(12),
    'MB/s'.padStart(8),
  ].join(' '),
);
for (const r of rows) {
  console.log(
    [
      r.message.padEnd(18),
      r.operation.padEnd(15),
      String(r.bytes).padStart(6),
      Math.round(r.perSecond).toLocaleString('en-US').padStart(12),
      ((r.perSecond * r.bytes) / 1e6).toFixed(1).padStart(8),
    ].join(' '),
  );
}
if (sink === 0.5) console.log(sink); // keeps the results alive

// Zenko CloudServer's KMIP driver (Scality Arsenal, lib/network/kmip), over mutual TLS with the
// host name checked. Every request: Protocol Version, Maximum Response Size 8000, Batch Count 1
// (no Time Stamp); one Batch Item: Operation, a 16-byte UUID as Unique Batch Item ID, Request
// Payload. Each socket 'data' event is taken as one whole response and matched, strictly in order,
// to the oldest request in flight (up to 8 pipelined); a reply whose ID or Operation differs
// aborts the connection. On connecting: DiscoverVersions at 1.2 offering 1.4, 1.3, 1.2 (it adopts
// the first version of the reply), then Query Extension Map, Query Server Information, Query
// Operations + Objects. Per bucket: Create (Template-Attribute: the bucket-name custom attribute,
// AES, 256, Encrypt|Decrypt), Activate; Encrypt/Decrypt of a data key with AES-CBC, PKCS5 and an
// all-zero 16-byte IV; on deletion Revoke (Cessation of Operation) and Destroy. Every reply must
// carry the Unique Identifier it was given; Encrypt/Decrypt replies must carry Data.
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createDecipheriv, randomBytes } from 'node:crypto';
import { Tag } from '../../src/spec/generated/tags.js';
import {
  BlockCipherMode,
  CryptographicAlgorithm,
  ObjectType,
  Operation,
  PaddingMethod,
  QueryFunction,
  ResultReason,
  ResultStatus,
  RevocationReasonCode,
} from '../../src/spec/generated/enums.js';
import { byteString, enumeration, integer, structure, textString } from '../../src/ttlv/builders.js';
import type { StructureItem, TtlvItem } from '../../src/ttlv/item.js';
import { ttlvToXml } from '../../src/notation/xml.js';
import { startTestServer, type TestServer } from './tls-server.js';
import { ArsenalConnection, PIPELINE_DEPTH, type Call } from './arsenal.js';
import { attribute, bytesOf, enumValue, find, findAll, payloadOf, struct, text, texts } from './wire.js';

const BUCKET_ATTRIBUTE = 'x-zenko-bucket';
const ZERO_IV = Buffer.alloc(16);

function success(item: StructureItem): StructureItem {
  assert.equal(enumValue(item, Tag.ResultStatus), ResultStatus.Success, ttlvToXml(item));
  const p = payloadOf(item);
  assert.ok(p);
  return p;
}

function versionOf(pv: StructureItem): string {
  const major = find(pv, Tag.ProtocolVersionMajor);
  const minor = find(pv, Tag.ProtocolVersionMinor);
  return major?.type === 'Integer' && minor?.type === 'Integer' ? `${major.value}.${minor.value}` : '?';
}

const uid = (u: string): TtlvItem => textString(Tag.UniqueIdentifier, u);

const cbcParameters = (): TtlvItem =>
  structure(Tag.CryptographicParameters, [
    enumeration(Tag.BlockCipherMode, BlockCipherMode.CBC),
    enumeration(Tag.PaddingMethod, PaddingMethod.PKCS5),
    enumeration(Tag.CryptographicAlgorithm, CryptographicAlgorithm.AES),
  ]);

const createBucketKey = (bucket: string): Call => ({
  operation: Operation.Create,
  payload: [
    enumeration(Tag.ObjectType, ObjectType.SymmetricKey),
    structure(Tag.TemplateAttribute, [
      attribute(BUCKET_ATTRIBUTE, textString(Tag.AttributeValue, bucket)),
      attribute('Cryptographic Algorithm', enumeration(Tag.AttributeValue, CryptographicAlgorithm.AES)),
      attribute('Cryptographic Length', integer(Tag.AttributeValue, 256)),
      attribute('Cryptographic Usage Mask', integer(Tag.AttributeValue, 4 | 8)),
    ]),
  ],
});

const revoke = (u: string): Call => ({
  operation: Operation.Revoke,
  payload: [
    uid(u),
    structure(Tag.RevocationReason, [
      enumeration(Tag.RevocationReasonCode, RevocationReasonCode.CessationOfOperation),
      textString(Tag.RevocationMessage, 'About to be deleted'),
    ]),
  ],
});

describe('Zenko CloudServer (Arsenal KMIP driver)', () => {
  let t: TestServer;
  let conn: ArsenalConnection;

  before(async () => {
    t = await startTestServer();
  });
  after(async () => {
    await t.close();
  });

  test('handshake: DiscoverVersions at 1.2 is answered 1.4, 1.3, 1.2 in the client order; it adopts 1.4', async () => {
    conn = new ArsenalConnection(await t.connect());
    const versions = [
      [1, 4],
      [1, 3],
      [1, 2],
    ].map(([major, minor]) =>
      structure(Tag.ProtocolVersion, [
        integer(Tag.ProtocolVersionMajor, major ?? 0),
        integer(Tag.ProtocolVersionMinor, minor ?? 0),
      ]),
    );
    const reply = success(await conn.call(Operation.DiscoverVersions, versions));
    const answered = findAll(reply, Tag.ProtocolVersion).map((pv) => versionOf(pv as StructureItem));
    assert.deepEqual(answered, ['1.4', '1.3', '1.2']);
    const first = struct(reply, Tag.ProtocolVersion);
    conn.version = [
      Number(find(first, Tag.ProtocolVersionMajor)?.value),
      Number(find(first, Tag.ProtocolVersionMinor)?.value),
    ];
    assert.deepEqual(conn.version, [1, 4]);
  });

  test('handshake: Query Extension Map, Server Information, Operations + Objects at 1.4', async () => {
    const map = success(
      await conn.call(Operation.Query, [enumeration(Tag.QueryFunction, QueryFunction.QueryExtensionMap)]),
    );
    const info = findAll(map, Tag.ExtensionInformation) as StructureItem[];
    assert.equal(
      info.map((i) => find(i, Tag.ExtensionName)).length,
      info.map((i) => find(i, Tag.ExtensionTag)).length,
      'Inconsistent extension list',
    );
    const server = success(
      await conn.call(Operation.Query, [
        enumeration(Tag.QueryFunction, QueryFunction.QueryServerInformation),
      ]),
    );
    assert.ok(text(server, Tag.VendorIdentification), 'Vendor Identification');
    const ops = success(
      await conn.call(Operation.Query, [
        enumeration(Tag.QueryFunction, QueryFunction.QueryOperations),
        enumeration(Tag.QueryFunction, QueryFunction.QueryObjects),
      ]),
    );
    const operations = new Set(findAll(ops, Tag.Operation).map((c) => c.value));
    for (const needed of [
      Operation.Encrypt,
      Operation.Decrypt,
      Operation.Activate,
      Operation.Revoke,
      Operation.Create,
      Operation.Destroy,
      Operation.Query,
    ]) {
      assert.ok(operations.has(needed), `announces operation ${needed}`);
    }
    assert.ok(findAll(ops, Tag.ObjectType).some((c) => c.value === ObjectType.SymmetricKey));
  });

  test('a bucket key: Create with the bucket attribute, Activate, Encrypt/Decrypt with the zero IV, Revoke, Destroy; same UID throughout', async (tc: TestContext) => {
    const create = createBucketKey('my-bucket');
    const created = success(await conn.call(create.operation, create.payload));
    assert.equal(
      enumValue(created, Tag.ObjectType),
      ObjectType.SymmetricKey,
      'Server created an object of wrong type',
    );
    const key = text(created, Tag.UniqueIdentifier);
    assert.ok(key);
    assert.equal(text(success(await conn.call(Operation.Activate, [uid(key)])), Tag.UniqueIdentifier), key);

    // The custom attribute was stored: it reads back, and Locate finds the key by it.
    const attrs = success(
      await conn.call(Operation.GetAttributes, [uid(key), textString(Tag.AttributeName, BUCKET_ATTRIBUTE)]),
    );
    assert.equal(text(struct(attrs, Tag.Attribute), Tag.AttributeValue), 'my-bucket');
    const located = success(
      await conn.call(Operation.Locate, [
        attribute(BUCKET_ATTRIBUTE, textString(Tag.AttributeValue, 'my-bucket')),
      ]),
    );
    assert.deepEqual(texts(located, Tag.UniqueIdentifier), [key]);

    const dataKey = randomBytes(32);
    const enc = await conn.call(Operation.Encrypt, [
      uid(key),
      cbcParameters(),
      byteString(Tag.Data, dataKey),
      byteString(Tag.IVCounterNonce, ZERO_IV),
    ]);
    if (enumValue(enc, Tag.ResultReason) === ResultReason.OperationNotSupported) {
      tc.skip('Encrypt answers Operation Not Supported: the cryptographic operations are not in this build');
      return;
    }
    const encrypted = success(enc);
    assert.equal(text(encrypted, Tag.UniqueIdentifier), key, 'Server did not return the expected identifier');
    const ciphertext = bytesOf(encrypted, Tag.Data);
    assert.equal(ciphertext?.length, 48, '32 bytes + a PKCS5 block');
    assert.equal(
      find(encrypted, Tag.IVCounterNonce),
      undefined,
      'the IV was the client one: none is returned',
    );
    // The zero IV was honoured: plain AES-256-CBC under the key with IV 0 gives the data key back.
    const got = success(await conn.call(Operation.Get, [uid(key)]));
    const material = bytesOf(
      struct(struct(struct(got, Tag.SymmetricKey), Tag.KeyBlock), Tag.KeyValue),
      Tag.KeyMaterial,
    );
    assert.ok(material);
    const d = createDecipheriv('aes-256-cbc', material, ZERO_IV);
    assert.deepEqual(Buffer.concat([d.update(ciphertext), d.final()]), dataKey);

    const decrypted = success(
      await conn.call(Operation.Decrypt, [
        uid(key),
        cbcParameters(),
        byteString(Tag.Data, ciphertext),
        byteString(Tag.IVCounterNonce, ZERO_IV),
      ]),
    );
    assert.equal(text(decrypted, Tag.UniqueIdentifier), key, 'Server did not return the right identifier');
    assert.deepEqual(Buffer.from(bytesOf(decrypted, Tag.Data) ?? []), dataKey);

    const revoked = success(await conn.call(Operation.Revoke, revoke(key).payload));
    const destroyed = success(await conn.call(Operation.Destroy, [uid(key)]));
    assert.equal(text(revoked, Tag.UniqueIdentifier), key);
    assert.equal(text(destroyed, Tag.UniqueIdentifier), key);
  });

  test(`pipeline depth ${PIPELINE_DEPTH}: eight buckets created, activated, used and deleted, eight requests in flight at a time`, async (tc: TestContext) => {
    const buckets = Array.from({ length: PIPELINE_DEPTH }, (_, i) => `bucket-${i}`);
    const created = (await conn.pipeline(buckets.map(createBucketKey))).map(success);
    const keys = created.map((p) => text(p, Tag.UniqueIdentifier) ?? '');
    assert.equal(new Set(keys).size, PIPELINE_DEPTH);
    const activated = (
      await conn.pipeline(keys.map((k) => ({ operation: Operation.Activate, payload: [uid(k)] })))
    ).map(success);
    assert.deepEqual(
      activated.map((p) => text(p, Tag.UniqueIdentifier)),
      keys,
    );

    const dataKey = randomBytes(32);
    const enc = await conn.pipeline(
      keys.map((k) => ({
        operation: Operation.Encrypt,
        payload: [
          uid(k),
          cbcParameters(),
          byteString(Tag.Data, dataKey),
          byteString(Tag.IVCounterNonce, ZERO_IV),
        ],
      })),
    );
    if (enc.every((i) => enumValue(i, Tag.ResultReason) === ResultReason.OperationNotSupported)) {
      tc.skip('Encrypt answers Operation Not Supported: the cryptographic operations are not in this build');
    } else {
      const cipher = enc.map(success);
      assert.deepEqual(
        cipher.map((p) => text(p, Tag.UniqueIdentifier)),
        keys,
      );
      const dec = (
        await conn.pipeline(
          keys.map((k, i) => ({
            operation: Operation.Decrypt,
            payload: [
              uid(k),
              cbcParameters(),
              byteString(Tag.Data, bytesOf(cipher[i], Tag.Data) ?? new Uint8Array()),
              byteString(Tag.IVCounterNonce, ZERO_IV),
            ],
          })),
        )
      ).map(success);
      for (const [i, p] of dec.entries()) {
        assert.equal(text(p, Tag.UniqueIdentifier), keys[i]);
        assert.deepEqual(Buffer.from(bytesOf(p, Tag.Data) ?? []), dataKey);
      }
    }
    const revoked = (await conn.pipeline(keys.map(revoke))).map(success);
    assert.deepEqual(
      revoked.map((p) => text(p, Tag.UniqueIdentifier)),
      keys,
    );
    const destroyed = (
      await conn.pipeline(keys.map((k) => ({ operation: Operation.Destroy, payload: [uid(k)] })))
    ).map(success);
    assert.deepEqual(
      destroyed.map((p) => text(p, Tag.UniqueIdentifier)),
      keys,
    );
  });

  test('a failure keeps the ID and Operation echoed, so the pipeline stays in step', async () => {
    const [bad, good] = await conn.pipeline([
      { operation: Operation.Activate, payload: [uid('no-such-key')] },
      {
        operation: Operation.Query,
        payload: [enumeration(Tag.QueryFunction, QueryFunction.QueryServerInformation)],
      },
    ]);
    assert.ok(bad && good);
    assert.equal(enumValue(bad, Tag.ResultStatus), ResultStatus.OperationFailed);
    assert.equal(enumValue(bad, Tag.ResultReason), ResultReason.ItemNotFound);
    success(good);
  });
});

// MongoDB's KMIP client (libmongocrypt's kms-message, kms_kmip_request.c), one TLS connection per
// request as the drivers open them. Its header is only Protocol Version and Batch Count 1 (no
// Maximum Response Size, no Time Stamp); its items carry no Unique Batch Item ID.
// - Data keys wrapped by a KMIP Secret Data: Register at 1.0 (Secret Data, Secret Data Type Seed,
//   Key Format Type Opaque, 96 bytes, Template-Attribute with Cryptographic Usage Mask 0), Activate
//   at 1.0, Get at 1.0 (Secret Data / Key Block / Key Value / Key Material).
// - Delegated encryption: Create AES-256, usage mask 12, at 1.2; Activate; Encrypt at 1.2 with
//   Cryptographic Parameters {CBC, PKCS5, AES, Random IV true} and no IV (the server returns the
//   IV it chose); Decrypt at 1.2 sending that IV. The crypto steps are skipped, with the reason,
//   while Encrypt answers Operation Not Supported.
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createDecipheriv, randomBytes } from 'node:crypto';
import { Tag } from '../../src/spec/generated/tags.js';
import {
  BlockCipherMode,
  CryptographicAlgorithm,
  KeyFormatType,
  ObjectType,
  Operation,
  PaddingMethod,
  ResultReason,
  ResultStatus,
  SecretDataType,
} from '../../src/spec/generated/enums.js';
import { boolean, byteString, enumeration, integer, structure, textString } from '../../src/ttlv/builders.js';
import type { StructureItem, TtlvItem } from '../../src/ttlv/item.js';
import { ttlvToXml } from '../../src/notation/xml.js';
import { startTestServer, type TestServer } from './tls-server.js';
import {
  attribute,
  bytesOf,
  encode,
  enumValue,
  find,
  onlyItem,
  payloadOf,
  request,
  struct,
  text,
} from './wire.js';

type Version = readonly [number, number];

describe('MongoDB (libmongocrypt KMIP)', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer();
  });
  after(async () => {
    await t.close();
  });

  /** One request on its own connection; returns the only batch item. */
  async function kms(version: Version, operation: number, payload: TtlvItem[]): Promise<StructureItem> {
    const client = await t.connect();
    try {
      const r = await client.roundTrip(encode(request({ version, operation, payload })));
      const item = onlyItem(r);
      assert.equal(enumValue(item, Tag.Operation), operation);
      assert.equal(find(item, Tag.UniqueBatchItemID), undefined);
      return item;
    } finally {
      client.close();
    }
  }

  async function ok(version: Version, operation: number, payload: TtlvItem[]): Promise<StructureItem> {
    const item = await kms(version, operation, payload);
    assert.equal(enumValue(item, Tag.ResultStatus), ResultStatus.Success, ttlvToXml(item));
    const p = payloadOf(item);
    assert.ok(p);
    return p;
  }

  const uidOf = (p: StructureItem): string => {
    const uid = text(p, Tag.UniqueIdentifier);
    assert.ok(uid, 'a Unique Identifier');
    return uid;
  };

  test('Secret Data: Register (Seed, Opaque, 96 bytes, usage mask 0) at 1.0, Activate, Get returns the bytes', async () => {
    const secret = randomBytes(96);
    const registered = await ok([1, 0], Operation.Register, [
      enumeration(Tag.ObjectType, ObjectType.SecretData),
      structure(Tag.TemplateAttribute, [
        attribute('Cryptographic Usage Mask', integer(Tag.AttributeValue, 0)),
      ]),
      structure(Tag.SecretData, [
        enumeration(Tag.SecretDataType, SecretDataType.Seed),
        structure(Tag.KeyBlock, [
          enumeration(Tag.KeyFormatType, KeyFormatType.Opaque),
          structure(Tag.KeyValue, [byteString(Tag.KeyMaterial, secret)]),
        ]),
      ]),
    ]);
    const uid = uidOf(registered);
    assert.equal(uidOf(await ok([1, 0], Operation.Activate, [textString(Tag.UniqueIdentifier, uid)])), uid);
    const got = await ok([1, 0], Operation.Get, [textString(Tag.UniqueIdentifier, uid)]);
    assert.equal(enumValue(got, Tag.ObjectType), ObjectType.SecretData);
    const secretData = struct(got, Tag.SecretData);
    assert.equal(enumValue(secretData, Tag.SecretDataType), SecretDataType.Seed);
    const block = struct(secretData, Tag.KeyBlock);
    assert.equal(enumValue(block, Tag.KeyFormatType), KeyFormatType.Opaque);
    assert.deepEqual(Buffer.from(bytesOf(struct(block, Tag.KeyValue), Tag.KeyMaterial) ?? []), secret);
  });

  test('delegated: Create AES-256 (mask 12) at 1.2, Encrypt with Random IV returns the IV, Decrypt with it', async (tc: TestContext) => {
    const created = await ok([1, 2], Operation.Create, [
      enumeration(Tag.ObjectType, ObjectType.SymmetricKey),
      structure(Tag.TemplateAttribute, [
        attribute('Cryptographic Algorithm', enumeration(Tag.AttributeValue, CryptographicAlgorithm.AES)),
        attribute('Cryptographic Length', integer(Tag.AttributeValue, 256)),
        attribute('Cryptographic Usage Mask', integer(Tag.AttributeValue, 4 | 8)),
      ]),
    ]);
    const uid = uidOf(created);
    assert.equal(uidOf(await ok([1, 0], Operation.Activate, [textString(Tag.UniqueIdentifier, uid)])), uid);

    const params = (randomIv: boolean): TtlvItem =>
      structure(Tag.CryptographicParameters, [
        enumeration(Tag.BlockCipherMode, BlockCipherMode.CBC),
        enumeration(Tag.PaddingMethod, PaddingMethod.PKCS5),
        enumeration(Tag.CryptographicAlgorithm, CryptographicAlgorithm.AES),
        ...(randomIv ? [boolean(Tag.RandomIV, true)] : []),
      ]);
    const dataKey = randomBytes(96);
    const enc = await kms([1, 2], Operation.Encrypt, [
      textString(Tag.UniqueIdentifier, uid),
      params(true),
      byteString(Tag.Data, dataKey),
    ]);
    if (enumValue(enc, Tag.ResultReason) === ResultReason.OperationNotSupported) {
      tc.skip('Encrypt answers Operation Not Supported: the cryptographic operations are not in this build');
      return;
    }
    assert.equal(enumValue(enc, Tag.ResultStatus), ResultStatus.Success, ttlvToXml(enc));
    const encrypted = payloadOf(enc);
    assert.equal(text(encrypted, Tag.UniqueIdentifier), uid);
    const iv = bytesOf(encrypted, Tag.IVCounterNonce);
    const ciphertext = bytesOf(encrypted, Tag.Data);
    assert.equal(iv?.length, 16, 'the server returns the 16-byte IV it generated');
    assert.equal(ciphertext?.length, 112, '96 bytes padded to 112 by PKCS5');

    // The ciphertext is plain AES-256-CBC/PKCS5 under the key, with that IV.
    const key = await ok([1, 0], Operation.Get, [textString(Tag.UniqueIdentifier, uid)]);
    const material = bytesOf(
      struct(struct(struct(key, Tag.SymmetricKey), Tag.KeyBlock), Tag.KeyValue),
      Tag.KeyMaterial,
    );
    assert.ok(material);
    const decipher = createDecipheriv('aes-256-cbc', material, iv);
    assert.deepEqual(Buffer.concat([decipher.update(ciphertext), decipher.final()]), dataKey);

    const dec = await ok([1, 2], Operation.Decrypt, [
      textString(Tag.UniqueIdentifier, uid),
      params(false),
      byteString(Tag.Data, ciphertext),
      byteString(Tag.IVCounterNonce, iv),
    ]);
    assert.equal(text(dec, Tag.UniqueIdentifier), uid);
    assert.deepEqual(Buffer.from(bytesOf(dec, Tag.Data) ?? []), dataKey);
  });

  test('Get of a key that does not exist is Item Not Found', async () => {
    const item = await kms([1, 0], Operation.Get, [textString(Tag.UniqueIdentifier, 'missing')]);
    assert.equal(enumValue(item, Tag.ResultReason), ResultReason.ItemNotFound);
  });
});

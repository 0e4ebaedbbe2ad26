// Ceph RGW SSE-KMS (src/rgw/rgw_kmip_client_impl.cc over libkmip, KMIP 1.0), over mutual TLS to a
// server in this process. The operator first makes the key as the seed guide's PyKMIP script does
// (Create AES-256, Encrypt|Decrypt, a Name, policy 'default'; Activate; GetAttributes, at 1.2).
// RGW then sends, on a kept-alive connection, what do_one_entry() builds: a header of Protocol
// Version 1.0, Maximum Response Size 8192 (libkmip's max_message_size), [Authentication], Time
// Stamp, Batch Count 1; a Batch Item without ID; Locate with one Name attribute (the key template
// `pykmip-$keyid`, Uninterpreted Text String) and no Maximum Items; then Get with the UID alone.
// It reads the 8-byte header then the body, and rejects a reply whose Batch Count is not 1, whose
// Operation differs, whose Get is not a Symmetric Key in Raw format with a Byte String key, and a
// Locate with 0 ("no such key") or more than 1 identifiers.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Tag } from '../../src/spec/generated/tags.js';
import {
  CryptographicAlgorithm,
  KeyFormatType,
  ObjectType,
  Operation,
  ResultStatus,
  State,
} from '../../src/spec/generated/enums.js';
import { enumeration, integer, structure, textString } from '../../src/ttlv/builders.js';
import type { StructureItem, TtlvItem } from '../../src/ttlv/item.js';
import { ttlvToXml } from '../../src/notation/xml.js';
import { startTestServer, type RawClient, type TestServer } from './tls-server.js';
import {
  attribute,
  encode,
  enumValue,
  find,
  findAll,
  nameAttribute,
  onlyItem,
  payloadOf,
  request,
  struct,
  text,
  texts,
  type ParsedResponse,
} from './wire.js';

const LIBKMIP_MAX_MESSAGE_SIZE = 8192;

/** A request as RGW's do_one_entry() builds it. */
function rgw(
  operation: number,
  payload: TtlvItem[],
  credential?: { username: string; password?: string },
): Buffer {
  return encode(
    request({
      version: [1, 0],
      maximumResponseSize: LIBKMIP_MAX_MESSAGE_SIZE,
      ...(credential !== undefined ? { credential } : {}),
      timeStamp: new Date(),
      operation,
      payload,
    }),
  );
}

/** RGW's checks on every reply: one batch item, Success, the Operation it sent. */
function rgwAccepts(r: ParsedResponse, operation: number): StructureItem {
  assert.deepEqual(find(r.header, Tag.BatchCount), { tag: Tag.BatchCount, type: 'Integer', value: 1 });
  const item = onlyItem(r);
  assert.equal(enumValue(item, Tag.ResultStatus), ResultStatus.Success, ttlvToXml(item));
  assert.equal(enumValue(item, Tag.Operation), operation, 'response operation mismatch');
  const payload = payloadOf(item);
  assert.ok(payload, 'a response payload');
  return payload;
}

/** The seed guide's operator script (PyKMIP ProxyKmipClient, KMIP 1.2): create, activate, get_attributes. */
async function operatorMakesKey(client: RawClient, name: string, policy = 'default'): Promise<string> {
  const v12 = (operation: number, payload: TtlvItem[]): Buffer =>
    encode(request({ version: [1, 2], operation, payload }));
  const created = rgwAccepts(
    await client.roundTrip(
      v12(Operation.Create, [
        enumeration(Tag.ObjectType, ObjectType.SymmetricKey),
        structure(Tag.TemplateAttribute, [
          attribute('Cryptographic Algorithm', enumeration(Tag.AttributeValue, CryptographicAlgorithm.AES)),
          attribute('Cryptographic Length', integer(Tag.AttributeValue, 256)),
          attribute('Operation Policy Name', textString(Tag.AttributeValue, policy)),
          nameAttribute(name),
          attribute('Cryptographic Usage Mask', integer(Tag.AttributeValue, 4 | 8)),
        ]),
      ]),
    ),
    Operation.Create,
  );
  const uid = text(created, Tag.UniqueIdentifier);
  assert.ok(uid);
  rgwAccepts(
    await client.roundTrip(v12(Operation.Activate, [textString(Tag.UniqueIdentifier, uid)])),
    Operation.Activate,
  );
  const attrs = rgwAccepts(
    await client.roundTrip(v12(Operation.GetAttributes, [textString(Tag.UniqueIdentifier, uid)])),
    Operation.GetAttributes,
  );
  const names = findAll(attrs, Tag.Attribute).map((a) => text(a as StructureItem, Tag.AttributeName));
  for (const n of ['Name', 'State', 'Cryptographic Algorithm', 'Operation Policy Name'])
    assert.ok(names.includes(n), n);
  return uid;
}

const locateByName = (name: string): TtlvItem[] => [nameAttribute(name)];

describe('Ceph RGW (libkmip, KMIP 1.0)', () => {
  let t: TestServer;
  let rgwClient: RawClient;
  let keyUid: string;

  before(async () => {
    t = await startTestServer();
    const operator = await t.connect();
    keyUid = await operatorMakesKey(operator, 'pykmip-mybucketkey');
    operator.close();
    rgwClient = await t.connect();
  });
  after(async () => {
    await t.close();
  });

  test('the Locate request is byte for byte what libkmip writes', () => {
    const at = new Date(Date.UTC(2024, 0, 1));
    const bytes = encode(
      request({
        version: [1, 0],
        maximumResponseSize: LIBKMIP_MAX_MESSAGE_SIZE,
        timeStamp: at,
        operation: Operation.Locate,
        payload: locateByName('pykmip-mybucketkey'),
      }),
    );
    const expected = [
      '420078 01 000000d0',
      '  420077 01 00000058',
      '    420069 01 00000020',
      '      42006a 02 00000004 00000001 00000000',
      '      42006b 02 00000004 00000000 00000000',
      '    420050 02 00000004 00002000 00000000', // Maximum Response Size 8192
      '    420092 09 00000008 0000000065920080', // Time Stamp 2024-01-01
      '    42000d 02 00000004 00000001 00000000',
      '  42000f 01 00000068',
      '    42005c 05 00000004 00000008 00000000', // Locate
      '    420079 01 00000050',
      '      420008 01 00000048',
      '        42000a 07 00000004 4e616d65 00000000', // "Name"
      '        42000b 01 00000030',
      `          420055 07 00000012 ${Buffer.from('pykmip-mybucketkey').toString('hex')} 000000000000`,
      '          420054 05 00000004 00000001 00000000', // Uninterpreted Text String
    ]
      .join('')
      .replace(/\s|\/\/.*$/gm, '');
    assert.equal(bytes.toString('hex'), expected);
  });

  test('Locate by Name at 1.0 with no Maximum Items: exactly the one identifier, no Located Items', async () => {
    const payload = rgwAccepts(
      await rgwClient.roundTrip(rgw(Operation.Locate, locateByName('pykmip-mybucketkey'))),
      Operation.Locate,
    );
    assert.deepEqual(
      payload.value.map((c) => c.tag),
      [Tag.UniqueIdentifier],
      'libkmip 1.0 decodes Unique Identifiers only',
    );
    assert.equal(text(payload, Tag.UniqueIdentifier), keyUid);
  });

  test('Get returns a Symmetric Key, Raw, its key material a Byte String of 32 bytes', async () => {
    const payload = rgwAccepts(
      await rgwClient.roundTrip(rgw(Operation.Get, [textString(Tag.UniqueIdentifier, keyUid)])),
      Operation.Get,
    );
    assert.equal(enumValue(payload, Tag.ObjectType), ObjectType.SymmetricKey);
    assert.equal(text(payload, Tag.UniqueIdentifier), keyUid);
    const block = struct(struct(payload, Tag.SymmetricKey), Tag.KeyBlock);
    assert.equal(enumValue(block, Tag.KeyFormatType), KeyFormatType.Raw);
    assert.equal(find(block, Tag.KeyWrappingData), undefined, 'not wrapped');
    const material = find(struct(block, Tag.KeyValue), Tag.KeyMaterial);
    assert.equal(material?.type, 'ByteString');
    assert.equal(material.value.length, 32);
  });

  test('a name that matches nothing: Success with no identifier (RGW: "no such key")', async () => {
    const payload = rgwAccepts(
      await rgwClient.roundTrip(rgw(Operation.Locate, locateByName('pykmip-nosuchkey'))),
      Operation.Locate,
    );
    assert.deepEqual(payload.value, []);
  });

  test('a name two visible keys share: both identifiers, so RGW can refuse the ambiguity', async () => {
    // Names are unique per owner: an operator identity and RGW's own each hold 'pykmip-shared',
    // the operator's under a policy that lets any identity locate and get it.
    const operator = await t.connectAsOther();
    const theirs = await operatorMakesKey(operator, 'pykmip-shared', 'interop-shared');
    operator.close();
    const mine = await operatorMakesKey(rgwClient, 'pykmip-shared');
    const payload = rgwAccepts(
      await rgwClient.roundTrip(rgw(Operation.Locate, locateByName('pykmip-shared'))),
      Operation.Locate,
    );
    const uids = texts(payload, Tag.UniqueIdentifier);
    assert.deepEqual(new Set(uids), new Set([theirs, mine]));
    assert.equal(find(payload, Tag.LocatedItems), undefined);
  });

  test('with rgw_crypt_kmip_username/password set, the Credential in the header is accepted', async () => {
    const credential = { username: 'rgw', password: 'secret' };
    const payload = rgwAccepts(
      await rgwClient.roundTrip(rgw(Operation.Locate, locateByName('pykmip-mybucketkey'), credential)),
      Operation.Locate,
    );
    assert.equal(text(payload, Tag.UniqueIdentifier), keyUid);
    const got = rgwAccepts(
      await rgwClient.roundTrip(rgw(Operation.Get, [textString(Tag.UniqueIdentifier, keyUid)], credential)),
      Operation.Get,
    );
    assert.equal(enumValue(got, Tag.ObjectType), ObjectType.SymmetricKey);
  });

  test('the kept-alive connection still answers after an idle pause (RGW keeps handles for 5 s)', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const payload = rgwAccepts(
      await rgwClient.roundTrip(rgw(Operation.Locate, locateByName('pykmip-mybucketkey'))),
      Operation.Locate,
    );
    assert.equal(text(payload, Tag.UniqueIdentifier), keyUid);
  });

  test('the key the operator activated is Active when RGW reads it', async () => {
    const op = encode(
      request({
        version: [1, 0],
        maximumResponseSize: LIBKMIP_MAX_MESSAGE_SIZE,
        timeStamp: new Date(),
        operation: Operation.GetAttributes,
        payload: [textString(Tag.UniqueIdentifier, keyUid), textString(Tag.AttributeName, 'State')],
      }),
    );
    const payload = rgwAccepts(await rgwClient.roundTrip(op), Operation.GetAttributes);
    const state = struct(payload, Tag.Attribute);
    assert.equal(enumValue(state, Tag.AttributeValue), State.Active);
  });
});

// clients.md rule 9, end to end over TLS: custom attributes (Arsenal's bucket-name attribute,
// vendors' x-NETAPP-…) are accepted on Create and Register, added, set, modified and deleted,
// returned by GetAttributes (at 1.0 too: custom names exist in every version) and matched by
// Locate. PyKMIP's server refuses them; we must not. 1.x names them 'x-…' in an Attribute; 2.x
// writes Attribute { Vendor Identification 'x', Attribute Name, Attribute Value }.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Tag } from '../../src/spec/generated/tags.js';
import {
  CryptographicAlgorithm,
  KeyFormatType,
  ObjectType,
  Operation,
  ResultStatus,
} from '../../src/spec/generated/enums.js';
import {
  byteString,
  dateTime,
  enumeration,
  integer,
  structure,
  textString,
} from '../../src/ttlv/builders.js';
import type { StructureItem, TtlvItem } from '../../src/ttlv/item.js';
import { ttlvToXml } from '../../src/notation/xml.js';
import { startTestServer, type RawClient, type TestServer } from './tls-server.js';
import {
  attribute,
  encode,
  enumValue,
  find,
  findAll,
  onlyItem,
  payloadOf,
  request,
  text,
  texts,
} from './wire.js';

type Version = readonly [number, number];

/** 2.x vendor form of a custom attribute. */
function vendorAttribute(name: string, value: TtlvItem): StructureItem {
  return structure(Tag.Attribute, [
    textString(Tag.VendorIdentification, 'x'),
    textString(Tag.AttributeName, name),
    { ...value, tag: Tag.AttributeValue },
  ]);
}

const aesTemplate = (): StructureItem[] => [
  attribute('Cryptographic Algorithm', enumeration(Tag.AttributeValue, CryptographicAlgorithm.AES)),
  attribute('Cryptographic Length', integer(Tag.AttributeValue, 256)),
  attribute('Cryptographic Usage Mask', integer(Tag.AttributeValue, 12)),
];

describe('custom (x-) attributes end to end', () => {
  let t: TestServer;
  let client: RawClient;
  before(async () => {
    t = await startTestServer();
    client = await t.connect();
  });
  after(async () => {
    await t.close();
  });

  async function ok(version: Version, operation: number, payload: TtlvItem[]): Promise<StructureItem> {
    const item = onlyItem(await client.roundTrip(encode(request({ version, operation, payload }))));
    assert.equal(enumValue(item, Tag.ResultStatus), ResultStatus.Success, ttlvToXml(item));
    const p = payloadOf(item);
    assert.ok(p);
    return p;
  }

  const uidOf = (p: StructureItem): string => {
    const uid = text(p, Tag.UniqueIdentifier);
    assert.ok(uid);
    return uid;
  };

  /** The values of a 1.x custom attribute, by index order, from a GetAttributes of everything. */
  async function values1x(version: Version, uid: string, name: string): Promise<unknown[]> {
    const p = await ok(version, Operation.GetAttributes, [textString(Tag.UniqueIdentifier, uid)]);
    return (findAll(p, Tag.Attribute) as StructureItem[])
      .filter((a) => text(a, Tag.AttributeName) === name)
      .map((a) => find(a, Tag.AttributeValue)?.value);
  }

  async function locate(version: Version, criteria: TtlvItem[]): Promise<string[]> {
    const p = await ok(version, Operation.Locate, criteria);
    return texts(p, Tag.UniqueIdentifier);
  }

  test('1.x: Create and Register take x- attributes of any type; GetAttributes returns them, at 1.0 too', async () => {
    const when = new Date(Date.UTC(2025, 5, 1));
    const created = uidOf(
      await ok([1, 4], Operation.Create, [
        enumeration(Tag.ObjectType, ObjectType.SymmetricKey),
        structure(Tag.TemplateAttribute, [
          attribute('x-zenko-bucket', textString(Tag.AttributeValue, 'photos')),
          attribute('x-NETAPP-ClusterId', byteString(Tag.AttributeValue, Buffer.from('c0ffee', 'hex'))),
          attribute('x-retention-days', integer(Tag.AttributeValue, 30)),
          attribute('x-created-for', dateTime(Tag.AttributeValue, when)),
          ...aesTemplate(),
        ]),
      ]),
    );
    assert.deepEqual(await values1x([1, 4], created, 'x-zenko-bucket'), ['photos']);
    assert.deepEqual(await values1x([1, 0], created, 'x-retention-days'), [30]);
    assert.deepEqual(await values1x([1, 0], created, 'x-created-for'), [BigInt(when.getTime() / 1000)]);
    assert.deepEqual(await values1x([1, 2], created, 'x-NETAPP-ClusterId'), [
      Uint8Array.from([0xc0, 0xff, 0xee]),
    ]);

    const registered = uidOf(
      await ok([1, 0], Operation.Register, [
        enumeration(Tag.ObjectType, ObjectType.SymmetricKey),
        structure(Tag.TemplateAttribute, [
          attribute('x-owner', textString(Tag.AttributeValue, 'psmdb')),
          ...aesTemplate(),
        ]),
        structure(Tag.SymmetricKey, [
          structure(Tag.KeyBlock, [
            enumeration(Tag.KeyFormatType, KeyFormatType.Raw),
            structure(Tag.KeyValue, [byteString(Tag.KeyMaterial, randomBytes(32))]),
            enumeration(Tag.CryptographicAlgorithm, CryptographicAlgorithm.AES),
            integer(Tag.CryptographicLength, 256),
          ]),
        ]),
      ]),
    );
    const byName = await ok([1, 0], Operation.GetAttributes, [
      textString(Tag.UniqueIdentifier, registered),
      textString(Tag.AttributeName, 'x-owner'),
    ]);
    assert.equal(text(find(byName, Tag.Attribute) as StructureItem, Tag.AttributeValue), 'psmdb');
    const list = await ok([1, 0], Operation.GetAttributeList, [textString(Tag.UniqueIdentifier, registered)]);
    assert.ok(findAll(list, Tag.AttributeName).some((c) => c.value === 'x-owner'));
  });

  test('1.x: Locate matches x- attributes, alone and with standard criteria; a different value matches nothing', async () => {
    const uid = uidOf(
      await ok([1, 2], Operation.Create, [
        enumeration(Tag.ObjectType, ObjectType.SymmetricKey),
        structure(Tag.TemplateAttribute, [
          attribute('x-zenko-bucket', textString(Tag.AttributeValue, 'invoices')),
          ...aesTemplate(),
        ]),
      ]),
    );
    const bucket = (v: string): StructureItem =>
      attribute('x-zenko-bucket', textString(Tag.AttributeValue, v));
    assert.deepEqual(await locate([1, 2], [bucket('invoices')]), [uid]);
    assert.deepEqual(
      await locate(
        [1, 0],
        [
          attribute('Object Type', enumeration(Tag.AttributeValue, ObjectType.SymmetricKey)),
          bucket('invoices'),
        ],
      ),
      [uid],
    );
    assert.deepEqual(await locate([1, 4], [bucket('nothing-like-it')]), []);
  });

  test('1.x: Add (a second instance), Modify (by index) and Delete (by index) an x- attribute', async () => {
    const uid = uidOf(
      await ok([1, 4], Operation.Create, [
        enumeration(Tag.ObjectType, ObjectType.SymmetricKey),
        structure(Tag.TemplateAttribute, [
          attribute('x-tag', textString(Tag.AttributeValue, 'blue')),
          ...aesTemplate(),
        ]),
      ]),
    );
    const added = await ok([1, 4], Operation.AddAttribute, [
      textString(Tag.UniqueIdentifier, uid),
      attribute('x-tag', textString(Tag.AttributeValue, 'green')),
    ]);
    assert.equal(text(find(added, Tag.Attribute) as StructureItem, Tag.AttributeName), 'x-tag');
    assert.deepEqual(await values1x([1, 4], uid, 'x-tag'), ['blue', 'green']);
    assert.deepEqual(await locate([1, 4], [attribute('x-tag', textString(Tag.AttributeValue, 'green'))]), [
      uid,
    ]);

    await ok([1, 4], Operation.ModifyAttribute, [
      textString(Tag.UniqueIdentifier, uid),
      structure(Tag.Attribute, [
        textString(Tag.AttributeName, 'x-tag'),
        integer(Tag.AttributeIndex, 1),
        textString(Tag.AttributeValue, 'red'),
      ]),
    ]);
    assert.deepEqual(await values1x([1, 4], uid, 'x-tag'), ['blue', 'red']);
    assert.deepEqual(await locate([1, 4], [attribute('x-tag', textString(Tag.AttributeValue, 'green'))]), []);

    await ok([1, 4], Operation.DeleteAttribute, [
      textString(Tag.UniqueIdentifier, uid),
      textString(Tag.AttributeName, 'x-tag'),
      integer(Tag.AttributeIndex, 0),
    ]);
    assert.deepEqual(await values1x([1, 4], uid, 'x-tag'), ['red']);
    assert.deepEqual(await locate([1, 4], [attribute('x-tag', textString(Tag.AttributeValue, 'blue'))]), []);
  });

  test('2.x: vendor-form attributes on Create, Set, Add, Modify, Delete; GetAttributes and Locate see each change', async () => {
    const v21: Version = [2, 1];
    const uid = uidOf(
      await ok(v21, Operation.Create, [
        enumeration(Tag.ObjectType, ObjectType.SymmetricKey),
        structure(Tag.Attributes, [
          enumeration(Tag.CryptographicAlgorithm, CryptographicAlgorithm.AES),
          integer(Tag.CryptographicLength, 256),
          integer(Tag.CryptographicUsageMask, 12),
          vendorAttribute('bucket', textString(Tag.AttributeValue, 'logs')),
        ]),
      ]),
    );
    const read = async (): Promise<unknown[]> => {
      const p = await ok(v21, Operation.GetAttributes, [textString(Tag.UniqueIdentifier, uid)]);
      const attrs = find(p, Tag.Attributes) as StructureItem;
      return (findAll(attrs, Tag.Attribute) as StructureItem[])
        .filter((a) => text(a, Tag.VendorIdentification) === 'x')
        .map((a) => `${text(a, Tag.AttributeName)}=${text(a, Tag.AttributeValue)}`);
    };
    const where = (name: string, value: string): TtlvItem[] => [
      structure(Tag.Attributes, [vendorAttribute(name, textString(Tag.AttributeValue, value))]),
    ];
    assert.deepEqual(await read(), ['bucket=logs']);
    assert.deepEqual(await locate(v21, where('bucket', 'logs')), [uid]);

    await ok(v21, Operation.SetAttribute, [
      textString(Tag.UniqueIdentifier, uid),
      structure(Tag.NewAttribute, [vendorAttribute('tier', textString(Tag.AttributeValue, 'cold'))]),
    ]);
    await ok(v21, Operation.AddAttribute, [
      textString(Tag.UniqueIdentifier, uid),
      structure(Tag.NewAttribute, [vendorAttribute('team', textString(Tag.AttributeValue, 'storage'))]),
    ]);
    assert.deepEqual((await read()).sort(), ['bucket=logs', 'team=storage', 'tier=cold']);

    await ok(v21, Operation.ModifyAttribute, [
      textString(Tag.UniqueIdentifier, uid),
      structure(Tag.CurrentAttribute, [vendorAttribute('bucket', textString(Tag.AttributeValue, 'logs'))]),
      structure(Tag.NewAttribute, [vendorAttribute('bucket', textString(Tag.AttributeValue, 'archive'))]),
    ]);
    assert.deepEqual(await locate(v21, where('bucket', 'logs')), []);
    assert.deepEqual(await locate(v21, where('bucket', 'archive')), [uid]);

    await ok(v21, Operation.DeleteAttribute, [
      textString(Tag.UniqueIdentifier, uid),
      structure(Tag.AttributeReference, [
        textString(Tag.VendorIdentification, 'x'),
        textString(Tag.AttributeName, 'tier'),
      ]),
    ]);
    assert.deepEqual((await read()).sort(), ['bucket=archive', 'team=storage']);
    // The same attributes, read at 1.0, in the 1.x form.
    assert.deepEqual(await values1x([1, 0], uid, 'x-bucket'), ['archive']);
  });
});

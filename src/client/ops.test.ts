// Request payloads the client builds, per protocol version, compared with the OASIS test cases'
// requests (KMIP XML) where one exists, and response payloads read back.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { xmlToTtlv, parseKmipXmlDocument } from '../notation/xml.js';
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import type { KmipOperation, OperationContext } from './operation.js';
import { ops } from './kmip-client.js';
import { KmipClientError, KmipClientErrorCode } from './errors.js';
import { HashingAlgorithm, ObjectType, Operation } from '../spec/generated/enums.js';
import { makeAttribute } from '../objects/managed-object.js';

const V14: OperationContext = { version: { major: 1, minor: 4 }, kmip2: false };
const V21: OperationContext = { version: { major: 2, minor: 1 }, kmip2: true };

function payload(op: KmipOperation<unknown>, ctx: OperationContext): StructureItem {
  return { tag: Tag.RequestPayload, type: 'Structure', value: op.payload(ctx) };
}

function xml(text: string): TtlvItem {
  return xmlToTtlv(text);
}

/** The Request Payload of the first request in an OASIS case. */
function firstRequestPayload(file: string): TtlvItem | undefined {
  const [request] = parseKmipXmlDocument(readFileSync(file, 'utf8'), { placeholders: true });
  const batch =
    request?.type === 'Structure' ? request.value.find((c) => c.tag === Tag.BatchItem) : undefined;
  return batch?.type === 'Structure' ? batch.value.find((c) => c.tag === Tag.RequestPayload) : undefined;
}

describe('request payloads', () => {
  test('Create at 1.4 is the Template-Attribute of OASIS SKLC-M-1-14', () => {
    const op = ops.create({ algorithm: 'AES', length: 256, name: 'SKLC-M-1-14' });
    assert.deepEqual(
      payload(op, V14),
      firstRequestPayload('test/vectors/oasis/v1.4/mandatory/SKLC-M-1-14.xml'),
    );
  });

  test('Create at 2.1 holds the attributes by their own tags (OASIS CS-BC-M-1-21 shape)', () => {
    const op = ops.create({
      algorithm: 'AES',
      length: 128,
      usageMask: 'Decrypt Encrypt',
      name: 'CS-BC-M-1-21',
      attributes: { CryptographicParameters: { BlockCipherMode: 'ECB' } },
    });
    const expected = firstRequestPayload('test/vectors/oasis/v2.1/mandatory/CS-BC-M-1-21.xml');
    const got = payload(op, V21);
    // The case also sets Activation Date to $NOW-3600: compare everything else.
    const strip = (p: TtlvItem | undefined): unknown =>
      p?.type === 'Structure'
        ? p.value.map((c) =>
            c.type === 'Structure' && c.tag === Tag.Attributes
              ? { ...c, value: c.value.filter((a) => a.tag !== Tag.ActivationDate) }
              : c,
          )
        : p;
    assert.deepEqual(strip(got), strip(expected));
  });

  test('Add Attribute: 1.x Attribute { Name, Value }, 2.x New Attribute (OASIS AX-M-1-14 / AX-M-1-21)', () => {
    const link = { LinkType: 'NextLink', LinkedObjectIdentifier: 'uid-1' };
    assert.deepEqual(
      payload(ops.addAttribute('uid-0', 'Link', link), V14),
      xml(`<RequestPayload><UniqueIdentifier type="TextString" value="uid-0"/><Attribute>
        <AttributeName type="TextString" value="Link"/><AttributeValue>
        <LinkType type="Enumeration" value="NextLink"/><LinkedObjectIdentifier type="TextString" value="uid-1"/>
        </AttributeValue></Attribute></RequestPayload>`),
    );
    assert.deepEqual(
      payload(ops.addAttribute('uid-0', 'Link', link), V21),
      xml(`<RequestPayload><UniqueIdentifier type="TextString" value="uid-0"/><NewAttribute><Link>
        <LinkType type="Enumeration" value="NextLink"/><LinkedObjectIdentifier type="TextString" value="uid-1"/>
        </Link></NewAttribute></RequestPayload>`),
    );
  });

  test('Get Attributes names attributes by Attribute Name (1.x) or Attribute Reference (2.x)', () => {
    const op = ops.getAttributes('u', ['State', 'x-owner']);
    assert.deepEqual(
      payload(op, V14),
      xml(`<RequestPayload><UniqueIdentifier type="TextString" value="u"/>
        <AttributeName type="TextString" value="State"/><AttributeName type="TextString" value="x-owner"/></RequestPayload>`),
    );
    assert.deepEqual(
      payload(op, V21),
      xml(`<RequestPayload><UniqueIdentifier type="TextString" value="u"/>
        <AttributeReference type="Enumeration" value="State"/>
        <AttributeReference><VendorIdentification type="TextString" value="x"/>
        <AttributeName type="TextString" value="owner"/></AttributeReference></RequestPayload>`),
    );
  });

  test('Modify / Delete Attribute: 1.x by index, 2.x by current value or reference', () => {
    assert.deepEqual(
      payload(ops.modifyAttribute('u', 'Object Group', 'g2', { index: 1, current: 'g1' }), V14),
      xml(`<RequestPayload><UniqueIdentifier type="TextString" value="u"/><Attribute>
        <AttributeName type="TextString" value="Object Group"/><AttributeIndex type="Integer" value="1"/>
        <AttributeValue type="TextString" value="g2"/></Attribute></RequestPayload>`),
    );
    assert.deepEqual(
      payload(ops.modifyAttribute('u', 'Object Group', 'g2', { current: 'g1' }), V21),
      xml(`<RequestPayload><UniqueIdentifier type="TextString" value="u"/>
        <CurrentAttribute><ObjectGroup type="TextString" value="g1"/></CurrentAttribute>
        <NewAttribute><ObjectGroup type="TextString" value="g2"/></NewAttribute></RequestPayload>`),
    );
    assert.deepEqual(
      payload(ops.deleteAttribute('u', 'Object Group', { index: 2 }), V14),
      xml(`<RequestPayload><UniqueIdentifier type="TextString" value="u"/>
        <AttributeName type="TextString" value="Object Group"/><AttributeIndex type="Integer" value="2"/></RequestPayload>`),
    );
    assert.deepEqual(
      payload(ops.deleteAttribute('u', 'Object Group'), V21),
      xml(`<RequestPayload><UniqueIdentifier type="TextString" value="u"/>
        <AttributeReference type="Enumeration" value="ObjectGroup"/></RequestPayload>`),
    );
  });

  test('Locate: 1.x lists Attribute items, 2.x always sends Attributes (empty matches all)', () => {
    const op = ops.locate({ name: 'k', maximumItems: 5 });
    assert.deepEqual(
      payload(op, V14),
      xml(`<RequestPayload><MaximumItems type="Integer" value="5"/><Attribute>
        <AttributeName type="TextString" value="Name"/><AttributeValue>
        <NameValue type="TextString" value="k"/><NameType type="Enumeration" value="UninterpretedTextString"/>
        </AttributeValue></Attribute></RequestPayload>`),
    );
    assert.deepEqual(payload(ops.locate(), V21), xml('<RequestPayload><Attributes/></RequestPayload>'));
  });

  test('Create Key Pair: common, private and public containers', () => {
    const p = payload(ops.createKeyPair({ algorithm: 'RSA', length: 2048, privateName: 'priv' }), V21);
    assert.deepEqual(
      p.value.map((c) => c.tag),
      [Tag.CommonAttributes, Tag.PrivateKeyAttributes, Tag.PublicKeyAttributes],
    );
    const p14 = payload(ops.createKeyPair({ algorithm: 'RSA', length: 2048 }), V14);
    assert.deepEqual(
      p14.value.map((c) => c.tag),
      [Tag.CommonTemplateAttribute, Tag.PrivateKeyTemplateAttribute, Tag.PublicKeyTemplateAttribute],
    );
  });

  test('Register a symmetric key: Raw Key Block with algorithm and length; Revoke with a compromise date', () => {
    const p = payload(
      ops.register({ kind: 'symmetric-key', algorithm: 'AES', key: new Uint8Array(16) }),
      V21,
    );
    const key = p.value.find((c) => c.tag === Tag.SymmetricKey);
    assert.deepEqual(
      key,
      xml(`<SymmetricKey><KeyBlock><KeyFormatType type="Enumeration" value="Raw"/><KeyValue>
        <KeyMaterial type="ByteString" value="00000000000000000000000000000000"/></KeyValue>
        <CryptographicAlgorithm type="Enumeration" value="AES"/><CryptographicLength type="Integer" value="128"/>
        </KeyBlock></SymmetricKey>`),
    );
    const r = payload(ops.revoke('u', { reason: 'KeyCompromise' }), V14);
    assert.ok(r.value.some((c) => c.tag === Tag.CompromiseOccurrenceDate));
  });
  test('Encrypt: Cryptographic Parameters from the plain structure, then Data, IV and AAD (2.1 §6.1.17 order)', () => {
    const op = ops.encrypt('k', Uint8Array.of(1, 2), {
      parameters: { BlockCipherMode: 'GCM', TagLength: 16 },
      iv: Uint8Array.of(9),
      aad: Uint8Array.of(7),
    });
    const expected = xml(`<RequestPayload><UniqueIdentifier type="TextString" value="k"/>
      <CryptographicParameters><BlockCipherMode type="Enumeration" value="GCM"/><TagLength type="Integer" value="16"/></CryptographicParameters>
      <Data type="ByteString" value="0102"/><IVCounterNonce type="ByteString" value="09"/>
      <AuthenticatedEncryptionAdditionalData type="ByteString" value="07"/></RequestPayload>`);
    assert.deepEqual(payload(op, V14), expected);
    assert.deepEqual(payload(op, V21), expected);
  });

  test('a misspelt Cryptographic Parameters field is a TypeError before anything is sent', () => {
    const op = ops.encrypt('k', Uint8Array.of(1), { parameters: { BlockCipherMood: 'GCM' } });
    assert.throws(() => op.payload(V21), TypeError);
  });

  test('Sign sends Digested Data when the caller hashed the data; Signature Verify adds the signature', () => {
    assert.deepEqual(
      payload(ops.sign('k', Uint8Array.of(5), { digested: true }), V21),
      xml(
        `<RequestPayload><UniqueIdentifier type="TextString" value="k"/><DigestedData type="ByteString" value="05"/></RequestPayload>`,
      ),
    );
    assert.deepEqual(
      payload(ops.signatureVerify('k', Uint8Array.of(5), Uint8Array.of(6)), V14),
      xml(`<RequestPayload><UniqueIdentifier type="TextString" value="k"/><Data type="ByteString" value="05"/>
        <SignatureData type="ByteString" value="06"/></RequestPayload>`),
    );
  });

  test("an operation the connection's version lacks is refused by the client (Set Attribute at 1.4)", () => {
    assert.throws(
      () => ops.setAttribute('u', 'Object Group', 'g').payload(V14),
      (err: unknown) => err instanceof KmipClientError && err.code === KmipClientErrorCode.Unsupported,
    );
  });

  test('ops.payload: any operation by name, its typed payload written by the codec of the version', () => {
    const op = ops.payload('Hash', {
      cryptographicParameters: { hashingAlgorithm: HashingAlgorithm.SHA_256 },
      data: Uint8Array.of(1),
    });
    assert.equal(op.operation, Operation.Hash);
    assert.deepEqual(
      payload(op, V21),
      xml(`<RequestPayload><CryptographicParameters><HashingAlgorithm type="Enumeration" value="SHA_256"/>
        </CryptographicParameters><Data type="ByteString" value="01"/></RequestPayload>`),
    );
    // Attributes take the version's container: Template-Attribute at 1.x, Attributes at 2.x.
    const create = ops.payload('Create', {
      objectType: ObjectType.SymmetricKey,
      attributes: [makeAttribute('Cryptographic Length', 128)],
    });
    assert.deepEqual(
      payload(create, V14),
      xml(`<RequestPayload><ObjectType type="Enumeration" value="SymmetricKey"/><TemplateAttribute><Attribute>
        <AttributeName type="TextString" value="Cryptographic Length"/><AttributeValue type="Integer" value="128"/>
        </Attribute></TemplateAttribute></RequestPayload>`),
    );
    assert.deepEqual(
      payload(create, V21),
      xml(`<RequestPayload><ObjectType type="Enumeration" value="SymmetricKey"/><Attributes>
        <CryptographicLength type="Integer" value="128"/></Attributes></RequestPayload>`),
    );
  });
});

describe('response payloads', () => {
  test('Get Attributes: 1.x Attribute items with their index, 2.x Attributes numbered in order', () => {
    const r14 = ops.getAttributes('u').parse(
      xml(`<ResponsePayload><UniqueIdentifier type="TextString" value="u"/>
        <Attribute><AttributeName type="TextString" value="Object Group"/><AttributeIndex type="Integer" value="1"/>
        <AttributeValue type="TextString" value="g"/></Attribute>
        <Attribute><AttributeName type="TextString" value="State"/><AttributeValue type="Enumeration" value="Active"/></Attribute>
        </ResponsePayload>`) as StructureItem,
      V14,
    );
    assert.deepEqual(
      r14.attributes.map((a) => [a.name, a.index, a.value]),
      [
        ['Object Group', 1, 'g'],
        ['State', 0, 'Active'],
      ],
    );
    const r21 = ops.getAttributes('u').parse(
      xml(`<ResponsePayload><UniqueIdentifier type="TextString" value="u"/><Attributes>
        <Name><NameValue type="TextString" value="a"/><NameType type="Enumeration" value="UninterpretedTextString"/></Name>
        <Name><NameValue type="TextString" value="b"/><NameType type="Enumeration" value="UninterpretedTextString"/></Name>
        <CryptographicLength type="Integer" value="256"/></Attributes></ResponsePayload>`) as StructureItem,
      V21,
    );
    assert.deepEqual(
      r21.attributes.map((a) => [a.name, a.index]),
      [
        ['Name', 0],
        ['Name', 1],
        ['Cryptographic Length', 0],
      ],
    );
  });

  test('Get Attribute List: names from 1.x Attribute Names and 2.x references', () => {
    const r = ops.getAttributeList('u').parse(
      xml(`<ResponsePayload><UniqueIdentifier type="TextString" value="u"/>
        <AttributeReference type="Enumeration" value="State"/>
        <AttributeReference><VendorIdentification type="TextString" value="x"/><AttributeName type="TextString" value="y"/></AttributeReference>
        </ResponsePayload>`) as StructureItem,
      V21,
    );
    assert.deepEqual(r.names, ['State', 'x-y']);
  });

  test('Get: the object view lifts out type, format, algorithm, length and bytes', () => {
    const r = ops.get('u').parse(
      xml(`<ResponsePayload><ObjectType type="Enumeration" value="SymmetricKey"/>
        <UniqueIdentifier type="TextString" value="u"/><SymmetricKey><KeyBlock>
        <KeyFormatType type="Enumeration" value="Raw"/><KeyValue><KeyMaterial type="ByteString" value="0102"/></KeyValue>
        <CryptographicAlgorithm type="Enumeration" value="AES"/><CryptographicLength type="Integer" value="16"/>
        </KeyBlock></SymmetricKey></ResponsePayload>`) as StructureItem,
      V14,
    );
    assert.deepEqual(
      { ...r, object: undefined },
      {
        uid: 'u',
        objectType: 'SymmetricKey',
        keyFormatType: 'Raw',
        algorithm: 'AES',
        length: 16,
        wrapped: false,
        value: Uint8Array.of(1, 2),
        object: undefined,
      },
    );
  });
  test('Encrypt: the data, and the IV and tag when the server chose or made them', () => {
    const r = ops.encrypt('k', Uint8Array.of(1)).parse(
      xml(`<ResponsePayload><UniqueIdentifier type="TextString" value="k"/><Data type="ByteString" value="aa"/>
        <IVCounterNonce type="ByteString" value="bb"/><AuthenticatedEncryptionTag type="ByteString" value="cc"/>
        </ResponsePayload>`) as StructureItem,
      V21,
    );
    assert.deepEqual(r, {
      uid: 'k',
      data: Uint8Array.of(0xaa),
      iv: Uint8Array.of(0xbb),
      tag: Uint8Array.of(0xcc),
    });
    assert.throws(
      () =>
        ops
          .encrypt('k', Uint8Array.of(1))
          .parse(
            xml(
              `<ResponsePayload><UniqueIdentifier type="TextString" value="k"/></ResponsePayload>`,
            ) as StructureItem,
            V21,
          ),
      (err: unknown) => err instanceof KmipClientError && err.code === KmipClientErrorCode.Protocol,
    );
  });

  test('Signature Verify: the Validity Indicator by name; none sent reads as Unknown', () => {
    const op = ops.signatureVerify('k', Uint8Array.of(1), Uint8Array.of(2));
    const valid = op.parse(
      xml(`<ResponsePayload><UniqueIdentifier type="TextString" value="k"/>
        <ValidityIndicator type="Enumeration" value="Valid"/></ResponsePayload>`) as StructureItem,
      V14,
    );
    assert.deepEqual(valid, { uid: 'k', valid: true, validityIndicator: 'Valid' });
    const none = op.parse(
      xml(
        `<ResponsePayload><UniqueIdentifier type="TextString" value="k"/></ResponsePayload>`,
      ) as StructureItem,
      V14,
    );
    assert.equal(none.validityIndicator, 'Unknown');
  });

  test('Query: operations and object types by name, server facts, every other field shown plainly', () => {
    const r = ops.query().parse(
      xml(`<ResponsePayload><Operation type="Enumeration" value="Create"/><Operation type="Enumeration" value="Get"/>
        <ObjectType type="Enumeration" value="SymmetricKey"/><VendorIdentification type="TextString" value="v"/>
        <ServerInformation><ServerName type="TextString" value="s"/></ServerInformation>
        <ProtectionStorageMasks><ProtectionStorageMask type="Integer" value="1"/></ProtectionStorageMasks>
        </ResponsePayload>`) as StructureItem,
      V21,
    );
    assert.deepEqual(r.operations, ['Create', 'Get']);
    assert.deepEqual(r.objectTypes, ['SymmetricKey']);
    assert.equal(r.vendorIdentification, 'v');
    assert.deepEqual(r.serverInformation, { ServerName: 's' });
    assert.deepEqual(r.other, [{ field: 'ProtectionStorageMasks', value: { ProtectionStorageMask: 1 } }]);
  });

  test('Discover Versions: the offer goes out as Protocol Versions and the answer comes back in order', () => {
    const op = ops.discoverVersions([{ major: 2, minor: 1 }]);
    assert.deepEqual(
      payload(op, V14),
      xml(`<RequestPayload><ProtocolVersion><ProtocolVersionMajor type="Integer" value="2"/>
        <ProtocolVersionMinor type="Integer" value="1"/></ProtocolVersion></RequestPayload>`),
    );
    const r = op.parse(
      xml(`<ResponsePayload><ProtocolVersion><ProtocolVersionMajor type="Integer" value="2"/><ProtocolVersionMinor type="Integer" value="1"/></ProtocolVersion>
        <ProtocolVersion><ProtocolVersionMajor type="Integer" value="1"/><ProtocolVersionMinor type="Integer" value="4"/></ProtocolVersion>
        </ResponsePayload>`) as StructureItem,
      V14,
    );
    assert.deepEqual(r, [
      { major: 2, minor: 1 },
      { major: 1, minor: 4 },
    ]);
  });

  test('ops.payload reads the answer as the typed Response Payload, leaving out what it cannot read', () => {
    const r = ops.payload('Hash', { cryptographicParameters: {}, data: Uint8Array.of(1) }).parse(
      xml(`<ResponsePayload><Data type="ByteString" value="ab"/><CorrelationValue type="TextString" value="not bytes"/>
        </ResponsePayload>`) as StructureItem,
      V21,
    );
    assert.deepEqual(r, { data: Uint8Array.of(0xab) });
  });
});

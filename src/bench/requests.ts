// The requests the load generator sends, encoded once: each operation of the mix as a ready
// Request Message, with the target key's identifier swapped per call.
import type { TtlvItem } from '../ttlv/item.js';
import { encodeTtlv } from '../ttlv/encode.js';
import { Tag } from '../spec/generated/tags.js';
import {
  BlockCipherMode,
  CryptographicAlgorithm,
  CryptographicUsageMask,
  NameType,
  ObjectType,
  Operation,
} from '../spec/generated/enums.js';
import { protocolVersionItem } from '../messages/response.js';
import type { ProtocolVersion } from '../messages/protocol-version.js';

export const BENCH_OPERATIONS = [
  'get',
  'create',
  'create-named',
  'locate',
  'locate-attr',
  'locate-type',
  'encrypt',
  'get-attributes',
] as const;
export type BenchOperation = (typeof BENCH_OPERATIONS)[number];

const text = (tag: number, value: string): TtlvItem => ({ tag, type: 'TextString', value });
const int = (tag: number, value: number): TtlvItem => ({ tag, type: 'Integer', value });
const en = (tag: number, value: number): TtlvItem => ({ tag, type: 'Enumeration', value });
const struct = (tag: number, value: TtlvItem[]): TtlvItem => ({ tag, type: 'Structure', value });

export function requestMessage(version: ProtocolVersion, operation: number, payload: TtlvItem[]): Uint8Array {
  return batchMessage(version, [{ operation, payload }]);
}

/** One request message carrying several operations (a batch; each item then has its own id). */
export function batchMessage(
  version: ProtocolVersion,
  items: readonly { operation: number; payload: TtlvItem[] }[],
): Uint8Array {
  const id = (k: number): TtlvItem[] =>
    items.length > 1
      ? [
          {
            tag: Tag.UniqueBatchItemID,
            type: 'ByteString',
            value: Uint8Array.of(k >>> 24, k >>> 16, k >>> 8, k),
          },
        ]
      : [];
  return encodeTtlv(
    struct(Tag.RequestMessage, [
      struct(Tag.RequestHeader, [protocolVersionItem(version), int(Tag.BatchCount, items.length)]),
      ...items.map((i, k) =>
        struct(Tag.BatchItem, [
          en(Tag.Operation, i.operation),
          ...id(k),
          struct(Tag.RequestPayload, i.payload),
        ]),
      ),
    ]),
  );
}

/** The attribute a bucket's key carries, as Zenko and Ceph tag theirs (a custom x- attribute). */
export const BUCKET_ATTRIBUTE = 'x-bucket';

function attribute(name: string, value: TtlvItem): TtlvItem {
  return struct(Tag.Attribute, [text(Tag.AttributeName, name), { ...value, tag: Tag.AttributeValue }]);
}

/** Create AES-256 (Encrypt|Decrypt), optionally named, tagged with a bucket and already active, in 1.x form. */
export function createAesRequest(
  version: ProtocolVersion,
  name?: string,
  activeNow = false,
  bucket?: string,
): Uint8Array {
  return requestMessage(version, Operation.Create, createAesPayload(name, activeNow, bucket));
}

export function createAesPayload(name?: string, activeNow = false, bucket?: string): TtlvItem[] {
  const attrs = [
    attribute('Cryptographic Algorithm', en(0, CryptographicAlgorithm.AES)),
    attribute('Cryptographic Length', int(0, 256)),
    attribute(
      'Cryptographic Usage Mask',
      int(0, CryptographicUsageMask.Encrypt | CryptographicUsageMask.Decrypt),
    ),
  ];
  if (name !== undefined) {
    attrs.push(
      attribute(
        'Name',
        struct(0, [text(Tag.NameValue, name), en(Tag.NameType, NameType.UninterpretedTextString)]),
      ),
    );
  }
  if (bucket !== undefined) attrs.push(attribute(BUCKET_ATTRIBUTE, text(0, bucket)));
  if (activeNow)
    attrs.push(
      attribute('Activation Date', {
        tag: 0,
        type: 'DateTime',
        value: BigInt(Math.floor(Date.now() / 1000) - 60),
      }),
    );
  return [en(Tag.ObjectType, ObjectType.SymmetricKey), struct(Tag.TemplateAttribute, attrs)];
}

export function activateRequest(version: ProtocolVersion, uid: string): Uint8Array {
  return requestMessage(version, Operation.Activate, [text(Tag.UniqueIdentifier, uid)]);
}

export function getRequest(version: ProtocolVersion, uid: string): Uint8Array {
  return requestMessage(version, Operation.Get, [text(Tag.UniqueIdentifier, uid)]);
}

export function getAttributesRequest(version: ProtocolVersion, uid: string): Uint8Array {
  return requestMessage(version, Operation.GetAttributes, [
    text(Tag.UniqueIdentifier, uid),
    text(Tag.AttributeName, 'State'),
    text(Tag.AttributeName, 'Cryptographic Algorithm'),
  ]);
}

export function locateByNameRequest(version: ProtocolVersion, name: string): Uint8Array {
  return requestMessage(version, Operation.Locate, [
    attribute(
      'Name',
      struct(0, [text(Tag.NameValue, name), en(Tag.NameType, NameType.UninterpretedTextString)]),
    ),
  ]);
}

/** Locate by one attribute with a Text String value (a custom x- attribute). */
export function locateByAttributeRequest(version: ProtocolVersion, name: string, value: string): Uint8Array {
  return requestMessage(version, Operation.Locate, [attribute(name, text(0, value))]);
}

/** Locate the newest `maximum` objects of a type. */
export function locateTypeRequest(version: ProtocolVersion, objectType: number, maximum: number): Uint8Array {
  return requestMessage(version, Operation.Locate, [
    int(Tag.MaximumItems, maximum),
    attribute('Object Type', en(0, objectType)),
  ]);
}

/** AES-GCM Encrypt of `bytes` random-looking bytes with a server-chosen IV. */
export function encryptGcmRequest(version: ProtocolVersion, uid: string, bytes = 64): Uint8Array {
  const data = new Uint8Array(bytes).map((_, i) => (i * 131) & 0xff);
  return requestMessage(version, Operation.Encrypt, [
    text(Tag.UniqueIdentifier, uid),
    struct(Tag.CryptographicParameters, [
      en(Tag.BlockCipherMode, BlockCipherMode.GCM),
      { tag: Tag.RandomIV, type: 'Boolean', value: true },
      int(Tag.TagLength, 16),
    ]),
    { tag: Tag.Data, type: 'ByteString', value: data },
  ]);
}

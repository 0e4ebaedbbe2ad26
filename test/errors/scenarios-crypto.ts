// Result Reasons of the cryptographic operations (KMIP 2.1 Tables 198 Decrypt and 216 Encrypt; 1.4
// §4.29–4.30): the key's type, usage mask and value, the cipher's failures, multi-part streams.
import { randomBytes } from 'node:crypto';
import type { BatchResult, Harness } from '../helpers/engine-harness.js';
import { batchResult } from '../helpers/engine-harness.js';
import { uidXml } from '../helpers/object-fixtures.js';
import { Tag } from '../../src/spec/generated/tags.js';
import { MAX_STREAMS } from '../../src/operations/support/streams.js';
import {
  type ScenarioTable,
  activeKey,
  batchItemCount,
  hex,
  messageXml,
  succeeded,
  uidOf,
} from './scenarios.js';

const params = (mode: string, padding?: string, extra = ''): string =>
  `<CryptographicParameters><BlockCipherMode type="Enumeration" value="${mode}"/>${
    padding === undefined ? '' : `<PaddingMethod type="Enumeration" value="${padding}"/>`
  }${extra}</CryptographicParameters>`;
const data = (b: Uint8Array): string => `<Data type="ByteString" value="${hex(b)}"/>`;
const iv = (b: Uint8Array): string => `<IVCounterNonce type="ByteString" value="${hex(b)}"/>`;

function bytesOf(r: BatchResult, tag: number): Uint8Array {
  const c = r.payload?.value.find((i) => i.tag === tag);
  if (c?.type !== 'ByteString') throw new Error(`no byte string 0x${tag.toString(16)} in ${r.xml}`);
  return c.value;
}

function encrypt(h: Harness, uid: string, version: string, rest: string): Promise<BatchResult> {
  return h.op('Encrypt', uidXml(uid) + rest, { version });
}

/** Registers `object` at 2.1 with the given usage mask and activates it. */
async function registerActive(h: Harness, objectType: string, mask: string, object: string): Promise<string> {
  const uid = uidOf(
    await h.op(
      'Register',
      `<ObjectType type="Enumeration" value="${objectType}"/>
       <Attributes><CryptographicUsageMask type="Integer" value="${mask}"/></Attributes>${object}`,
      { version: '2.1' },
    ),
    `Register ${objectType}`,
  );
  succeeded(await h.op('Activate', uidXml(uid), { version: '2.1' }), 'Activate');
  return uid;
}

/** Opens multi-part encryptions until the server refuses one; closes those it opened. */
async function exhaustStreams(h: Harness, version: string): Promise<BatchResult> {
  const uid = await activeKey(h);
  const init = `${uidXml(uid)}${params('CBC', 'PKCS5')}<InitIndicator type="Boolean" value="true"/>`;
  const items = Array.from({ length: MAX_STREAMS + 1 }, () => ({ operation: 'Encrypt', payload: init }));
  const response = await h.send(messageXml(version, items));
  const count = batchItemCount(response);
  const opened = Array.from({ length: count - 1 }, (_, i) => batchResult(response, i));
  const finals = opened.map((r) => ({
    operation: 'Encrypt',
    payload: `<CorrelationValue type="ByteString" value="${hex(bytesOf(r, Tag.CorrelationValue))}"/><FinalIndicator type="Boolean" value="true"/>`,
  }));
  if (finals.length > 0) await h.send(messageXml(version, finals));
  return batchResult(response, count - 1);
}

export const CRYPTO_SCENARIOS: ScenarioTable = {
  CryptographicFailure: {
    does: 'Decrypt with PKCS5 of data encrypted without padding (the last byte is 0: bad padding)',
    at: [
      ['2.1', 'CryptographicFailure'],
      ['1.4', 'CryptographicFailure'],
    ],
    run: async (h, v) => {
      const uid = await activeKey(h);
      const zero = iv(Buffer.alloc(16));
      const enc = succeeded(
        await encrypt(h, uid, v, params('CBC', 'None') + data(Buffer.alloc(16)) + zero),
        'Encrypt',
      );
      const ciphertext = bytesOf(enc, Tag.Data);
      const result = await h.op('Decrypt', uidXml(uid) + params('CBC', 'PKCS5') + data(ciphertext) + zero, {
        version: v,
      });
      return { result, mentions: /padding/ };
    },
  },
  IncompatibleCryptographicUsageMask: {
    does: 'Encrypt with a key whose usage mask is Decrypt only',
    at: [
      ['2.1', 'IncompatibleCryptographicUsageMask'],
      ['1.4', 'PermissionDenied'],
    ],
    run: async (h, v) => {
      const created = await h.op(
        'Create',
        `<ObjectType type="Enumeration" value="SymmetricKey"/><Attributes>
          <CryptographicAlgorithm type="Enumeration" value="AES"/><CryptographicLength type="Integer" value="128"/>
          <CryptographicUsageMask type="Integer" value="Decrypt"/></Attributes>`,
        { version: '2.1' },
      );
      const uid = uidOf(created, 'Create');
      succeeded(await h.op('Activate', uidXml(uid), { version: '2.1' }), 'Activate');
      const result = await encrypt(h, uid, v, params('CBC', 'PKCS5') + data(Buffer.from('secret')));
      return { result, mentions: /Usage Mask lacks Encrypt/ };
    },
  },
  InvalidCSR: {
    does: 'Certify of a PKCS#10 certificate request that is no DER at all',
    at: [
      ['2.1', 'InvalidCSR'],
      ['1.4', 'InvalidField'],
    ],
    run: async (h, v) => ({
      result: await h.op(
        'Certify',
        '<CertificateRequestType type="Enumeration" value="PKCS_10"/><CertificateRequestValue type="ByteString" value="00112233"/>',
        { version: v },
      ),
      mentions: /certificate request/,
    }),
  },
  KeyValueNotPresent: {
    does: 'Encrypt with a registered AES key whose Key Block has no Key Value',
    at: [
      ['2.1', 'KeyValueNotPresent'],
      ['1.4', 'KeyValueNotPresent'],
    ],
    run: async (h, v) => {
      const uid = await registerActive(
        h,
        'SymmetricKey',
        'Encrypt Decrypt',
        `<SymmetricKey><KeyBlock><KeyFormatType type="Enumeration" value="Raw"/>
          <CryptographicAlgorithm type="Enumeration" value="AES"/><CryptographicLength type="Integer" value="256"/>
          </KeyBlock></SymmetricKey>`,
      );
      const result = await encrypt(h, uid, v, params('CBC', 'PKCS5') + data(Buffer.from('secret')));
      return { result, mentions: /key material/ };
    },
  },
  InvalidObjectType: {
    does: 'Encrypt with a Secret Data object',
    at: [
      ['2.1', 'InvalidObjectType'],
      ['1.4', 'InvalidField'],
    ],
    run: async (h, v) => {
      const uid = await registerActive(
        h,
        'SecretData',
        'Encrypt',
        `<SecretData><SecretDataType type="Enumeration" value="Password"/><KeyBlock>
          <KeyFormatType type="Enumeration" value="Opaque"/>
          <KeyValue><KeyMaterial type="ByteString" value="${hex(randomBytes(32))}"/></KeyValue>
          </KeyBlock></SecretData>`,
      );
      const result = await encrypt(h, uid, v, params('CBC', 'PKCS5') + data(Buffer.from('secret')));
      return { result, mentions: /SecretData/ };
    },
  },
  GeneralFailure: {
    does: 'Encrypt with AES-GCM and a Tag Length of 1 byte (OASIS CS-BC-M-GCM-1)',
    at: [
      ['2.1', 'GeneralFailure'],
      ['1.4', 'GeneralFailure'],
    ],
    run: async (h, v) => {
      const uid = await activeKey(h);
      const gcm = params('GCM', undefined, '<TagLength type="Integer" value="1"/>');
      const result = await encrypt(h, uid, v, gcm + data(Buffer.from('secret')) + iv(randomBytes(12)));
      return { result, mentions: /tag length/ };
    },
  },
  EncodingOptionError: {
    does: 'Get wrapped with Encoding Option No Encoding of a key asked for as Transparent Symmetric Key',
    at: [
      ['2.1', 'EncodingOptionError'],
      ['1.4', 'EncodingOptionError'],
    ],
    run: async (h, v) => {
      const uid = await activeKey(h);
      const created = await h.op(
        'Create',
        `<ObjectType type="Enumeration" value="SymmetricKey"/><Attributes>
          <CryptographicAlgorithm type="Enumeration" value="AES"/><CryptographicLength type="Integer" value="256"/>
          <CryptographicUsageMask type="Integer" value="WrapKey"/></Attributes>`,
        { version: '2.1' },
      );
      const wrapper = uidOf(created, 'Create wrapping key');
      succeeded(await h.op('Activate', uidXml(wrapper), { version: '2.1' }), 'Activate wrapping key');
      const spec = `<KeyFormatType type="Enumeration" value="TransparentSymmetricKey"/><KeyWrappingSpecification>
        <WrappingMethod type="Enumeration" value="Encrypt"/><EncryptionKeyInformation>${uidXml(wrapper)}</EncryptionKeyInformation>
        <EncodingOption type="Enumeration" value="NoEncoding"/></KeyWrappingSpecification>`;
      return { result: await h.op('Get', uidXml(uid) + spec, { version: v }), mentions: /No Encoding/ };
    },
  },
  InvalidCorrelationValue: {
    does: 'Encrypt continuing a Correlation Value the server never issued',
    at: [['2.1', 'InvalidCorrelationValue']],
    run: async (h, v) => {
      const cv = `<CorrelationValue type="ByteString" value="${hex(randomBytes(16))}"/>`;
      const result = await h.op('Encrypt', cv + data(Buffer.from('more')), { version: v });
      return { result, mentions: /Correlation Value/ };
    },
  },
  ServerLimitExceeded: {
    does: `Encrypt opening multi-part operation number ${MAX_STREAMS + 1}`,
    at: [['2.1', 'ServerLimitExceeded']],
    run: async (h, v) => ({ result: await exhaustStreams(h, v), mentions: /multi-part/ }),
  },
  BadCryptographicParameters: {
    does: 'Encrypt with AES-CBC and a 2-byte IV',
    at: [
      ['2.1', 'BadCryptographicParameters'],
      ['1.4', 'InvalidField'],
    ],
    run: async (h, v) => {
      const uid = await activeKey(h);
      const result = await encrypt(
        h,
        uid,
        v,
        params('CBC', 'PKCS5') + data(Buffer.from('x')) + iv(Buffer.alloc(2)),
      );
      return { result, mentions: /IV/ };
    },
  },
  UnsupportedCryptographicParameters: {
    does: 'Encrypt with AES in XTS mode (a valid KMIP mode this server does not offer)',
    at: [
      ['2.1', 'UnsupportedCryptographicParameters'],
      ['1.4', 'InvalidField'],
    ],
    run: async (h, v) => {
      const uid = await activeKey(h);
      const result = await encrypt(h, uid, v, params('XTS') + data(Buffer.alloc(32)));
      return { result, mentions: /XTS/ };
    },
  },
  PKCS_11InvalidInterface: {
    does: 'PKCS#11 call on an interface other than the default "PKCS 11"',
    at: [['2.1', 'PKCS_11InvalidInterface']],
    run: async (h, v) => ({
      result: await h.op(
        'PKCS_11',
        '<PKCS_11Interface type="TextString" value="Vendor NSS"/><PKCS_11Function type="Enumeration" value="C_Initialize"/>',
        { version: v },
      ),
      mentions: /Vendor NSS/,
    }),
  },
  PKCS_11InvalidFunction: {
    does: 'PKCS#11 call of C_GetSlotList (function 5), which the interface does not offer',
    at: [['2.1', 'PKCS_11InvalidFunction']],
    run: async (h, v) => ({
      result: await h.op('PKCS_11', '<PKCS_11Function type="Enumeration" value="0x00000005"/>', {
        version: v,
      }),
      mentions: /function 5/,
    }),
  },
};

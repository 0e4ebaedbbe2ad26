// The KMIP client: one typed method per operation, each returning a plain object, over
// KmipClientCore (connection, version negotiation, batches, raw requests). For a batch, build
// the operations with `ops` and pass them to `client.batch([...])`:
//
//   const client = new KmipClient({ hosts: [{ host: 'kms', port: 5696 }], tls });
//   const { uid } = await client.create({ algorithm: 'AES', length: 256, name: 'k1' });
//   const [made, activated] = await client.batch([ops.create({ algorithm: 'AES', length: 128 }), ops.activate()]);
import type { ProtocolVersion } from '../messages/protocol-version.js';
import { KmipClientCore } from './kmip-client-core.js';
import type { ManagedObjectView, RegisterObject } from './objects.js';
import { payloadOperation, type EnumInput } from './operation.js';
import type { OperationName, ResponseOf } from '../messages/payloads/codecs.js';
import type { RequestPayloads } from '../messages/payloads/generated/types.js';
import type { PlainValue } from './values.js';
import {
  activateOp,
  createKeyPairOp,
  createOp,
  destroyOp,
  getOp,
  locateOp,
  registerOp,
  revokeOp,
  type CreateKeyPairOptions,
  type CreateKeyPairResult,
  type CreateOptions,
  type CreateResult,
  type GetOptions,
  type LocateOptions,
  type LocateResult,
  type RegisterOptions,
  type RevokeOptions,
} from './ops-objects.js';
import {
  addAttributeOp,
  deleteAttributeOp,
  getAttributeListOp,
  getAttributesOp,
  modifyAttributeOp,
  setAttributeOp,
  type AttributeEditResult,
  type AttributeListResult,
  type AttributesResult,
  type InstanceSelector,
} from './ops-attributes.js';
import {
  decryptOp,
  deriveKeyOp,
  encryptOp,
  macOp,
  rekeyOp,
  signOp,
  signatureVerifyOp,
  type CryptoOptions,
  type DecryptOptions,
  type DeriveKeyOptions,
  type EncryptOptions,
  type EncryptResult,
  type RekeyOptions,
  type SignOptions,
  type VerifyResult,
} from './ops-crypto.js';
import { discoverVersionsOp, queryOp, type QueryResult } from './ops-server.js';
import {
  archiveOp,
  obtainLeaseOp,
  recoverOp,
  rekeyKeyPairOp,
  type LeaseResult,
  type RekeyKeyPairOptions,
} from './ops-lifecycle.js';
import { hashOp, macVerifyOp, rngRetrieveOp } from './ops-digest.js';
import type { PlainStructure } from './values.js';

/** Operation builders for `client.batch()`; the same ones the methods below run. */
export const ops = Object.freeze({
  create: createOp,
  createKeyPair: createKeyPairOp,
  register: registerOp,
  get: getOp,
  locate: locateOp,
  activate: activateOp,
  revoke: revokeOp,
  destroy: destroyOp,
  getAttributes: getAttributesOp,
  getAttributeList: getAttributeListOp,
  addAttribute: addAttributeOp,
  setAttribute: setAttributeOp,
  modifyAttribute: modifyAttributeOp,
  deleteAttribute: deleteAttributeOp,
  encrypt: encryptOp,
  decrypt: decryptOp,
  sign: signOp,
  signatureVerify: signatureVerifyOp,
  mac: macOp,
  deriveKey: deriveKeyOp,
  rekey: rekeyOp,
  query: queryOp,
  discoverVersions: discoverVersionsOp,
  archive: archiveOp,
  recover: recoverOp,
  obtainLease: obtainLeaseOp,
  rekeyKeyPair: rekeyKeyPairOp,
  hash: hashOp,
  macVerify: macVerifyOp,
  rngRetrieve: rngRetrieveOp,
  payload: payloadOperation,
});

type Uid = string | undefined;

export class KmipClient extends KmipClientCore {
  /** A new symmetric key (Create). */
  create(o: CreateOptions): Promise<CreateResult> {
    return this.run(createOp(o));
  }
  createKeyPair(o: CreateKeyPairOptions): Promise<CreateKeyPairResult> {
    return this.run(createKeyPairOp(o));
  }
  register(object: RegisterObject, o?: RegisterOptions): Promise<{ uid: string }> {
    return this.run(registerOp(object, o));
  }
  get(uid: Uid, o?: GetOptions): Promise<ManagedObjectView> {
    return this.run(getOp(uid, o));
  }
  /** All attributes, or the named ones. */
  getAttributes(uid: Uid, names?: readonly string[]): Promise<AttributesResult> {
    return this.run(getAttributesOp(uid, names));
  }
  getAttributeList(uid?: string): Promise<AttributeListResult> {
    return this.run(getAttributeListOp(uid));
  }
  addAttribute(uid: Uid, name: string, value: PlainValue): Promise<AttributeEditResult> {
    return this.run(addAttributeOp(uid, name, value));
  }
  /** KMIP 2.x only. */
  setAttribute(uid: Uid, name: string, value: PlainValue): Promise<{ uid: string }> {
    return this.run(setAttributeOp(uid, name, value));
  }
  modifyAttribute(
    uid: Uid,
    name: string,
    value: PlainValue,
    which?: InstanceSelector,
  ): Promise<AttributeEditResult> {
    return this.run(modifyAttributeOp(uid, name, value, which));
  }
  deleteAttribute(uid: Uid, name: string, which?: InstanceSelector): Promise<AttributeEditResult> {
    return this.run(deleteAttributeOp(uid, name, which));
  }
  locate(o?: LocateOptions): Promise<LocateResult> {
    return this.run(locateOp(o));
  }
  activate(uid?: string): Promise<{ uid: string }> {
    return this.run(activateOp(uid));
  }
  revoke(uid: Uid, o?: RevokeOptions): Promise<{ uid: string }> {
    return this.run(revokeOp(uid, o));
  }
  destroy(uid?: string): Promise<{ uid: string }> {
    return this.run(destroyOp(uid));
  }
  encrypt(uid: Uid, data: Uint8Array, o?: EncryptOptions): Promise<EncryptResult> {
    return this.run(encryptOp(uid, data, o));
  }
  decrypt(uid: Uid, data: Uint8Array, o?: DecryptOptions): Promise<{ uid: string; data: Uint8Array }> {
    return this.run(decryptOp(uid, data, o));
  }
  sign(uid: Uid, data: Uint8Array, o?: SignOptions): Promise<{ uid: string; signature: Uint8Array }> {
    return this.run(signOp(uid, data, o));
  }
  signatureVerify(uid: Uid, data: Uint8Array, signature: Uint8Array, o?: SignOptions): Promise<VerifyResult> {
    return this.run(signatureVerifyOp(uid, data, signature, o));
  }
  mac(uid: Uid, data: Uint8Array, o?: CryptoOptions): Promise<{ uid: string; mac: Uint8Array }> {
    return this.run(macOp(uid, data, o));
  }
  deriveKey(o: DeriveKeyOptions): Promise<{ uid: string }> {
    return this.run(deriveKeyOp(o));
  }
  rekey(uid: Uid, o?: RekeyOptions): Promise<{ uid: string }> {
    return this.run(rekeyOp(uid, o));
  }
  archive(uid?: string): Promise<{ uid: string }> {
    return this.run(archiveOp(uid));
  }
  recover(uid?: string): Promise<{ uid: string }> {
    return this.run(recoverOp(uid));
  }
  obtainLease(uid?: string): Promise<LeaseResult> {
    return this.run(obtainLeaseOp(uid));
  }
  rekeyKeyPair(privateKeyUid: Uid, o?: RekeyKeyPairOptions): Promise<CreateKeyPairResult> {
    return this.run(rekeyKeyPairOp(privateKeyUid, o));
  }
  /** The digest of `data`; `parameters` names the algorithm: { HashingAlgorithm: 'SHA_256' }. */
  hash(data: Uint8Array, parameters: PlainStructure): Promise<{ digest: Uint8Array }> {
    return this.run(hashOp(data, parameters));
  }
  macVerify(uid: Uid, data: Uint8Array, mac: Uint8Array, o?: CryptoOptions): Promise<VerifyResult> {
    return this.run(macVerifyOp(uid, data, mac, o?.parameters));
  }
  /** `length` random bytes from the server's generator. */
  rngRetrieve(length: number): Promise<{ data: Uint8Array }> {
    return this.run(rngRetrieveOp(length));
  }
  /** Query (default functions: operations, object types, server information). */
  query(functions?: readonly EnumInput[]): Promise<QueryResult> {
    return this.run(queryOp(functions));
  }
  /**
   * Any operation by its XML name with its typed Request Payload (messages/payloads: the codecs
   * the server uses), answered with its typed Response Payload:
   * `client.call('Hash', { cryptographicParameters: { hashingAlgorithm: 4 }, data })`.
   */
  call<K extends OperationName>(name: K, request: RequestPayloads[K]): Promise<Partial<ResponseOf<K>>> {
    return this.run(payloadOperation(name, request));
  }
  /** The versions both sides speak (all the server's when `offer` is empty). */
  discoverVersions(offer?: readonly ProtocolVersion[]): Promise<ProtocolVersion[]> {
    return this.run(discoverVersionsOp(offer));
  }
}

// The kmip-ts package: the KMIP client library (the main thing applications import), the TTLV
// codec and its XML/JSON encodings, the registry of tags and enumerations, and the server.
//
//   import { KmipClient, clientOptionsFromConfig, loadPykmipConfig } from 'kmip-ts';
//   const client = new KmipClient(clientOptionsFromConfig(loadPykmipConfig()));
//   const { uid } = await client.create({ algorithm: 'AES', length: 256, name: 'my-key' });

// Client
export { KmipClient, ops } from './client/kmip-client.js';
export {
  KmipClientCore,
  parseVersion,
  type BatchOptions,
  type BatchResult,
  type BatchResults,
  type KmipClientOptions,
} from './client/kmip-client-core.js';
export {
  KmipConnection,
  KmipTransport,
  type HostPort,
  type KmipConnectionOptions,
} from './client/connection.js';
export { KmipHttpsConnection } from './client/https-connection.js';
export {
  KmipClientError,
  KmipClientErrorCode,
  KmipResultError,
  type KmipResultDetails,
} from './client/errors.js';
export type { KmipOperation, OperationContext, EnumInput, MaskInput } from './client/operation.js';
export type { OperationName, ResponseOf } from './messages/payloads/codecs.js';
export type { RequestPayloads, ResponsePayloads } from './messages/payloads/generated/types.js';
export type {
  CreateOptions,
  CreateResult,
  CreateKeyPairOptions,
  CreateKeyPairResult,
  RegisterOptions,
  GetOptions,
  LocateOptions,
  LocateResult,
  RevokeOptions,
} from './client/ops-objects.js';
export type {
  AttributesResult,
  AttributeListResult,
  AttributeEditResult,
  InstanceSelector,
} from './client/ops-attributes.js';
export type {
  CryptoOptions,
  EncryptOptions,
  EncryptResult,
  DecryptOptions,
  SignOptions,
  VerifyResult,
  DeriveKeyOptions,
  RekeyOptions,
} from './client/ops-crypto.js';
export type { QueryResult } from './client/ops-server.js';
export type { ManagedObjectView, RegisterObject } from './client/objects.js';
export type { AttributeMap, KmipAttribute } from './client/attribute-io.js';
export { attributeRecord } from './client/attribute-io.js';
export type { PlainValue, PlainStructure, PlainOutput } from './client/values.js';
export { toItem, plainOf } from './client/values.js';
export type { UsernamePassword, BatchErrorContinuation } from './client/messages.js';
export {
  ClientConfigError,
  clientOptionsFromConfig,
  loadPykmipConfig,
  pykmipConfigFiles,
  type LoadPykmipConfigOptions,
  type PykmipClientSettings,
  type PykmipOverrides,
} from './client/pykmip-config.js';
export { clientTlsOptions, type ClientTlsSettings } from './client/tls.js';
export { toDer, toPem } from './client/pem.js';
export { replayCases, caseFiles } from './client/conformance-replay.js';

// TTLV codec and encodings
export type { TtlvItem, StructureItem, ItemTypeName } from './ttlv/item.js';
export { encodeTtlv } from './ttlv/encode.js';
export { decodeTtlv, decodeTtlvPrefix } from './ttlv/decode.js';
export { TtlvFramer } from './ttlv/framer.js';
export { TtlvError, TtlvErrorCode } from './ttlv/errors.js';
export { ttlvToJson, jsonToTtlv } from './notation/json.js';
export { ttlvToXml, xmlToTtlv } from './notation/xml.js';
export { prettyPrint } from './notation/pretty.js';

// Registry
export { Tag } from './spec/generated/tags.js';
export * as enums from './spec/generated/enums.js';
export type { ProtocolVersion } from './messages/protocol-version.js';
export { SUPPORTED_VERSIONS } from './messages/protocol-version.js';

// Server
export { startKmipServer, type KmipServerOptions, type RunningServer } from './server.js';

// One client operation: the Operation number, how to build its Request Payload for the
// negotiated version, and how to read its Response Payload. The high-level methods, batches and
// the CLI all run these; each is a typedOperation over the payload codecs the server uses
// (messages/payloads), so a payload is written once, from the spec's tables, for both sides.
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Operation } from '../spec/generated/enums.js';
import type { KmipVersion } from '../spec/registry.js';
import { versionName, type ProtocolVersion } from '../messages/protocol-version.js';
import { KmipError } from '../messages/kmip-error.js';
import { operationDisplayName } from '../messages/operation-names.js';
import {
  requestCodec,
  responseCodec,
  type OperationName,
  type ResponseOf,
} from '../messages/payloads/codecs.js';
import type { RequestPayloads } from '../messages/payloads/generated/types.js';
import { decodeStructure, type StructureName } from '../messages/payloads/structures.js';
import type { Structures } from '../messages/payloads/generated/types.js';
import { parseValueText } from '../notation/text-values.js';
import { KmipClientError, KmipClientErrorCode } from './errors.js';
import { toItem, type PlainStructure } from './values.js';

export interface OperationContext {
  readonly version: ProtocolVersion;
  /** True for KMIP 2.0 and later (Attributes instead of Template-Attribute). */
  readonly kmip2: boolean;
}

export interface KmipOperation<T> {
  readonly operation: number;
  payload(ctx: OperationContext): readonly TtlvItem[];
  parse(payload: StructureItem, ctx: OperationContext): T;
}

/** An enumeration given by name ('AES', 'Symmetric Key'), number or 0x hex. */
export type EnumInput = string | number;
/** A bit mask given as a number, names ('Encrypt Decrypt', 'Encrypt|Decrypt') or a list of names. */
export type MaskInput = number | string | readonly string[];

export function maskValue(maskName: string, v: MaskInput): number {
  if (typeof v === 'number') return v;
  const text = typeof v === 'string' ? v.replace(/,/g, ' ') : v.join(' ');
  return parseValueText('Integer', text, { kind: 'mask', name: maskName }, maskName) as number;
}

/**
 * The registry version whose payload tables a connection's version follows; one this registry
 * lacks (a 1.5, a 2.2) reads as the newest of its family.
 */
export function kmipVersion(v: ProtocolVersion): KmipVersion {
  return versionName(v) ?? (v.major >= 2 ? '2.1' : '1.4');
}

/** The Unique Identifier of a request, or none (the server then uses the ID Placeholder). */
export function target(uid: string | undefined): { uniqueIdentifier?: string } {
  return uid === undefined ? {} : { uniqueIdentifier: uid };
}

/** A field the server's answer must give. */
export function answered<T>(value: T | undefined, what: string): T {
  if (value === undefined)
    throw new KmipClientError(KmipClientErrorCode.Protocol, `the response has no ${what}`);
  return value;
}

/** The answer of an operation whose response is its Unique Identifier (Activate, Destroy …). */
export function uidAnswer(r: { readonly uniqueIdentifier?: string }): { uid: string } {
  return { uid: answered(r.uniqueIdentifier, 'Unique Identifier') };
}

/**
 * A typed structure from a caller's plain one ({ BlockCipherMode: 'CBC' }): the plain value goes
 * to TTLV under the structure's tag (values.ts), and is read back through the structure's table.
 */
export function plainStructure<K extends StructureName>(
  name: K,
  tag: number,
  plain: PlainStructure,
  version: KmipVersion,
): Structures[K] {
  try {
    return decodeStructure(name, toItem(tag, plain), version);
  } catch (err) {
    if (err instanceof KmipError) throw new TypeError(err.message);
    throw err;
  }
}

/**
 * An operation written once against the server's own codecs (messages/payloads/codecs.ts): the
 * caller gives the typed Request Payload, the codec writes it in the form of the connection's
 * version, and reads the answer back leniently for `parse`.
 */
export function typedOperation<K extends OperationName, T>(
  name: K,
  request: (version: KmipVersion) => RequestPayloads[K],
  parse: (response: Partial<ResponseOf<K>>, version: KmipVersion) => T,
): KmipOperation<T> {
  const requests = requestCodec(name);
  const responses = responseCodec(name);
  return {
    operation: Operation[name],
    payload: (ctx) => {
      const version = kmipVersion(ctx.version);
      if (!requests.definedIn(version)) {
        throw new KmipClientError(
          KmipClientErrorCode.Unsupported,
          `KMIP ${version} has no ${operationDisplayName(Operation[name])} operation`,
        );
      }
      return requests.encode(request(version), version);
    },
    parse: (p, ctx) => {
      const version = kmipVersion(ctx.version);
      return parse(responses.read(p, version), version);
    },
  };
}

/**
 * Any operation the specification defines, by its XML name, with its typed Request Payload as
 * the server's codecs read it ({ uniqueIdentifier, cryptographicParameters: { … }, data }): the
 * answer comes back as the typed Response Payload, each field present when the server sent it.
 * The named methods cover the common operations; this covers the rest with no code of its own.
 */
export function payloadOperation<K extends OperationName>(
  name: K,
  request: RequestPayloads[K],
): KmipOperation<Partial<ResponseOf<K>>> {
  return typedOperation(
    name,
    () => request,
    (response) => response,
  );
}

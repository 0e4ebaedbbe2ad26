// What a response may hold that the server chose, so that a case's expected bytes cannot be
// compared: keys it generated at random (and everything derived from them), and the output of
// randomized operations. Everything else is deterministic and compared byte for byte:
//   - DeriveKey is a function of its inputs (KMIP 1.4 §4.6, 2.1 §6.1.11: PBKDF2, HMAC, hash,
//     encryption), so a key derived from keys the case registered has known bytes; only one
//     derived from a server-generated key is unknown.
//   - RSA PKCS#1 v1.5 signatures (RFC 8017 §8.2) are deterministic; PSS signatures, OAEP and
//     PKCS#1 v1.5 encryption (RFC 8017 §7) and a requested random IV are not.
import type { TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { enumValueName } from '../spec/registry.js';

/** What cases run one after another against the same server share: the keys it generated. */
export interface CaseSession {
  readonly generated: Set<string>;
  /** Public keys: RSA encryption under them is randomized (OAEP and PKCS#1 v1.5 alike). */
  readonly publicKeys?: Set<string>;
}

const GENERATING = new Set(['Create', 'CreateKeyPair', 'ReKey', 'ReKeyKeyPair', 'CreateSplitKey']);
const OUTPUT_TAGS = [Tag.UniqueIdentifier, Tag.PrivateKeyUniqueIdentifier, Tag.PublicKeyUniqueIdentifier];

export function texts(item: TtlvItem, tag: number): string[] {
  if (item.type === 'TextString') return item.tag === tag ? [item.value] : [];
  if (item.type !== 'Structure') return [];
  return item.value.flatMap((c) => texts(c, tag));
}

export function enums(item: TtlvItem, tag: number): number[] {
  if (item.type === 'Enumeration') return item.tag === tag ? [item.value] : [];
  return item.type === 'Structure' ? item.value.flatMap((c) => enums(c, tag)) : [];
}

function bools(item: TtlvItem, tag: number): boolean[] {
  if (item.type === 'Boolean') return item.tag === tag ? [item.value] : [];
  return item.type === 'Structure' ? item.value.flatMap((c) => bools(c, tag)) : [];
}

export function batchItems(message: TtlvItem): TtlvItem[] {
  return message.type === 'Structure' ? message.value.filter((c) => c.tag === Tag.BatchItem) : [];
}

export function operationOf(batchItem: TtlvItem): string | undefined {
  if (batchItem.type !== 'Structure') return undefined;
  const op = batchItem.value.find((c) => c.tag === Tag.Operation);
  return op?.type === 'Enumeration' ? enumValueName('Operation', op.value) : undefined;
}

/**
 * Identifiers of objects whose bytes the server chose, handed out by a response: the outputs of
 * key generation, and of a DeriveKey whose inputs include such an object (an input named by the
 * ID placeholder is the previous item's output).
 */
export function serverChosenUids(
  request: TtlvItem,
  response: TtlvItem,
  generated: ReadonlySet<string>,
): string[] {
  const requests = batchItems(request);
  const out: string[] = [];
  let previous: string[] = [];
  batchItems(response).forEach((item, i) => {
    const op = operationOf(item);
    const outputs = OUTPUT_TAGS.flatMap((t) => texts(item, t));
    if (op !== undefined && GENERATING.has(op)) out.push(...outputs);
    if (op === 'DeriveKey') {
      const named = texts(requests[i] ?? { tag: 0, type: 'Structure', value: [] }, Tag.UniqueIdentifier);
      const inputs = named.length > 0 ? named : previous;
      if (inputs.some((u) => generated.has(u) || out.includes(u))) out.push(...outputs);
    }
    if (outputs.length > 0) previous = outputs;
  });
  return out;
}

/** Public keys a response hands out: CreateKeyPair's public half, a registered Public Key. */
export function publicKeyUids(request: TtlvItem, response: TtlvItem): string[] {
  const out = texts(response, Tag.PublicKeyUniqueIdentifier);
  const registersPublicKey = enums(request, Tag.ObjectType).some(
    (v) => enumValueName('ObjectType', v) === 'PublicKey',
  );
  if (registersPublicKey && texts(request, Tag.UniqueIdentifier).length === 0)
    out.push(...texts(response, Tag.UniqueIdentifier));
  return out;
}

/** Whether a request asks for output that differs on every call (see the file comment). */
export function asksForRandomness(request: TtlvItem): boolean {
  return batchItems(request).some((item) => {
    const encrypting = operationOf(item) === 'Encrypt';
    const paddings = enums(item, Tag.PaddingMethod).map((v) => enumValueName('PaddingMethod', v));
    if (paddings.some((p) => p === 'OAEP' || p === 'PSS' || (encrypting && p === 'PKCS1V1_5'))) return true;
    return bools(item, Tag.RandomIV).includes(true);
  });
}

/** A GetAttributes or GetAttributeList naming no attribute. */
export function asksForAllAttributes(request: TtlvItem): boolean {
  return batchItems(request).some((item) => {
    const name = operationOf(item);
    if (name !== 'GetAttributes' && name !== 'GetAttributeList') return false;
    const payload =
      item.type === 'Structure' ? item.value.find((c) => c.tag === Tag.RequestPayload) : undefined;
    return (
      payload?.type !== 'Structure' ||
      !payload.value.some((c) => c.tag === Tag.AttributeName || c.tag === Tag.AttributeReference)
    );
  });
}

// GetAttributes (KMIP 2.1 §6.1.24, 1.4 §4.12): the named attributes (1.x Attribute Names, 2.x
// Attribute References), or all of them when none is named, limited to what the request's version
// defines. A named attribute the object lacks is simply absent (Percona asks for "State" only).
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { invalidField } from '../messages/kmip-error.js';
import { encodeAttributeList, type Attribute } from '../messages/attributes.js';
import type { OperationContext } from './support/operation-context.js';
import { loadObject, targetUid } from './support/object-access.js';
import { attributeExistsIn } from '../messages/attribute-versions.js';
import { requestedAttributeNames } from '../messages/attribute-reference.js';

/**
 * Attributes a 1.0–1.3 "all attributes" answer leaves out: PyKMIP's client (the reference 1.x
 * client, 1.2 by default) throws on the whole reply when it meets one it cannot decode (found by
 * test/interop). They are still returned when asked for by name, and at 1.4 and 2.x.
 */
const KMIP1_ALL_OMITS: ReadonlySet<string> = new Set([
  'Link',
  'Revocation Reason',
  'Usage Limits',
  'Digital Signature Algorithm',
  'Cryptographic Domain Parameters',
  'X.509 Certificate Identifier',
  'X.509 Certificate Subject',
  'X.509 Certificate Issuer',
  'Certificate Identifier',
  'Certificate Subject',
  'Certificate Issuer',
  'Alternative Name',
  'Key Value Present',
  'Key Value Location',
  'Original Creation Date',
  'Random Number Generator',
  'Extractable',
  'Always Sensitive',
  'Never Extractable',
]);

/** PyKMIP's default versions (1.0–1.3); at 1.4 and later the answer is complete, as the OASIS cases expect. */
function versionBefore14(v: string): boolean {
  return v === '1.0' || v === '1.1' || v === '1.2' || v === '1.3';
}

function decodableByKmip1Clients(a: Attribute): boolean {
  if (KMIP1_ALL_OMITS.has(a.name)) return false;
  // A Digest without Key Format Type (certificates, opaque objects) breaks the same decoder.
  if (a.name === 'Digest' && a.value.type === 'Structure')
    return a.value.value.some((c) => c.tag === Tag.KeyFormatType);
  return true;
}

export async function getAttributes(
  payload: StructureItem,
  ctx: OperationContext,
): Promise<readonly TtlvItem[]> {
  const uid = targetUid(payload, ctx);
  const obj = await loadObject(ctx, uid, { allowDestroyed: true });
  const names = requestedAttributeNames(payload);
  const wanted = names.length === 0 ? undefined : new Set(names);
  const attrs = obj.attributes.filter(
    (a) =>
      (wanted === undefined || wanted.has(a.name)) &&
      (wanted !== undefined || !versionBefore14(ctx.version) || decodableByKmip1Clients(a)) &&
      attributeExistsIn(a.name, ctx.version),
  );
  ctx.batch.idPlaceholder = uid;
  return [
    { tag: Tag.UniqueIdentifier, type: 'TextString', value: uid },
    ...encodeAttributeList(attrs, ctx.kmip2),
  ];
}

// The attributes the server reads off an object a client supplies (Register, KMIP 2.1 §6.1.43;
// Import, §6.1.25): a key's algorithm, length, format and Digest from its Key Block; a
// certificate's type, length, Digest and subject/issuer fields; an opaque object's Digest.
import type { StructureItem } from '../../ttlv/item.js';
import { ObjectType } from '../../spec/generated/enums.js';
import type { Attribute } from '../../messages/attributes.js';
import { keyBlockOf } from '../../messages/payloads/key-block.js';
import { decodeStructure } from '../../messages/payloads/structures.js';
import { encodeTtlv } from '../../ttlv/encode.js';
import { makeAttribute } from '../../objects/managed-object.js';
import { sha256Digest } from '../../crypto/digest.js';
import { certificateAttributes } from '../../crypto/certificate-attributes.js';

/** Attributes the server reads off a registered object. */
export function derivedFromObject(objectType: number, body: StructureItem): Attribute[] {
  const out: Attribute[] = [];
  const view = keyBlockOf(body);
  if (view !== undefined) {
    if (view.algorithm !== undefined) out.push(makeAttribute('Cryptographic Algorithm', view.algorithm));
    if (view.length !== undefined) out.push(makeAttribute('Cryptographic Length', view.length));
    out.push(makeAttribute('Key Format Type', view.keyFormatType));
    const m = view.keyMaterial;
    if (m !== undefined && !view.wrapped) {
      const bytes = m.type === 'ByteString' ? m.value : encodeTtlv(m);
      out.push(makeAttribute('Digest', sha256Digest(bytes, view.keyFormatType)));
    }
  }
  if (objectType === ObjectType.Certificate) {
    const cert = decodeStructure('Certificate', body);
    out.push(makeAttribute('Certificate Type', cert.certificateType));
    out.push(makeAttribute('Certificate Length', cert.certificateValue.length));
    out.push(makeAttribute('Digest', sha256Digest(cert.certificateValue, undefined)));
    out.push(...certificateAttributes(cert.certificateValue));
  }
  if (objectType === ObjectType.OpaqueObject) {
    const opaque = decodeStructure('OpaqueObject', body);
    out.push(makeAttribute('Digest', sha256Digest(opaque.opaqueDataValue, undefined)));
  }
  return out;
}

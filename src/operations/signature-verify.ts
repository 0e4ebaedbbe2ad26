// Signature Verify (KMIP 2.1 §6.1.56, 1.4 §4.32): checks Signature Data over Data (or Digested
// Data, RSA only) with a Public Key or a Certificate's key; answers Validity Indicator Valid or
// Invalid (a malformed signature is Invalid, not an error). Result Reasons (Table 338): Invalid
// Object Type, Wrong Key Lifecycle State (Active, from Process Start Date), Incompatible
// Cryptographic Usage Mask (1.x: Permission Denied), Key Value Not Present, Invalid Field.
// Multi-part (Init Indicator / Correlation Value / Final Indicator): see crypto/multi-part.ts.
import { X509Certificate, type KeyObject } from 'node:crypto';
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { invalidField } from '../messages/kmip-error.js';
import { CryptographicUsageMask, ObjectType, ValidityIndicator } from '../spec/generated/enums.js';
import type { OperationContext, OperationHandler } from './support/operation-context.js';
import { targetUid } from './support/object-access.js';
import type { ManagedObject } from '../objects/managed-object.js';
import { effectiveParams } from './support/effective-params.js';
import { type KeyPurpose, loadUsableKey } from './support/key-use.js';
import { bytesField, textItemOf } from '../crypto/request-fields.js';
import { keyObjectOfBody } from '../crypto/asymmetric-keys.js';
import { signatureScheme, verifyWith } from '../crypto/signatures.js';
import { usableObject } from './support/key-wrapping.js';
import { multiPart } from './support/multi-part.js';

const VERIFY: KeyPurpose = {
  mask: CryptographicUsageMask.Verify,
  protect: false,
  what: 'signature verification',
  objectTypes: new Set([ObjectType.PublicKey, ObjectType.Certificate]),
};

function verificationKey(obj: ManagedObject): KeyObject {
  const body = obj.body as StructureItem;
  if (obj.objectType !== ObjectType.Certificate) return keyObjectOfBody(body);
  const value = body.value.find((c) => c.tag === Tag.CertificateValue);
  if (value?.type !== 'ByteString') throw invalidField('the certificate has no Certificate Value');
  return new X509Certificate(value.value).publicKey;
}

async function signatureVerifyOnce(
  payload: StructureItem,
  ctx: OperationContext,
): Promise<readonly TtlvItem[]> {
  const uid = targetUid(payload, ctx);
  const obj = await loadUsableKey(ctx, uid, VERIFY);
  const data = bytesField(payload, Tag.Data);
  const digested = bytesField(payload, Tag.DigestedData);
  const signature = bytesField(payload, Tag.SignatureData);
  if (signature === undefined) throw invalidField('Signature Verify needs the Signature Data');
  if ((data === undefined) === (digested === undefined))
    throw invalidField('Signature Verify needs either Data or Digested Data');
  const params = effectiveParams(
    payload.value.find((c) => c.tag === Tag.CryptographicParameters),
    obj,
  );
  const key = verificationKey(await usableObject(ctx, obj));
  const valid = verifyWith(key, signatureScheme(key, params), signature, data, digested);
  return [
    textItemOf(Tag.UniqueIdentifier, uid),
    {
      tag: Tag.ValidityIndicator,
      type: 'Enumeration',
      value: valid ? ValidityIndicator.Valid : ValidityIndicator.Invalid,
    },
  ];
}

export const signatureVerify: OperationHandler = multiPart(signatureVerifyOnce, true);

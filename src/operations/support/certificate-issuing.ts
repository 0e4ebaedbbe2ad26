// What Certify and Re-certify share (KMIP 2.1 §6.1.6, §6.1.45; 1.4 §4.7, §4.8): reading a
// certificate request, naming the subject, finding the issuing CA, and issuing the certificate.
// Which CA signs (the spec leaves it to the server): the certificate the request's attributes name
// with a Link of type Certificate Link (2.1 §4.31: a certificate's Certificate Link is "the
// certificate of the CA that signed" it), signing with the private key linked to that certificate
// (its Private Key Link, or its Public Key Link's Private Key Link). With no such link the
// certificate is self-signed by the subject key's own private key (the public key's Private Key
// Link); a request that names no CA and whose private key the server does not hold is refused.
// The CA's certificate and private key are checked as Get (as Sign checks its key): under the
// built-in policies a CA's private key signs for its owner only. The key must be Active and have
// Sign or Certificate Sign in its Usage Mask; the subject key makes a CA certificate when its Usage
// Mask has Certificate Sign.
import { X509Certificate, type KeyObject } from 'node:crypto';
import {
  CertificateRequestType,
  CertificateType,
  CryptographicUsageMask,
  LinkType,
  ObjectType,
  Operation,
  ResultReason,
} from '../../spec/generated/enums.js';
import { KmipError, invalidField } from '../../messages/kmip-error.js';
import type { Attribute } from '../../messages/attributes.js';
import { decodeStructure, encodeStructure } from '../../messages/payloads/structures.js';
import type { StructureItem } from '../../ttlv/item.js';
import { type ManagedObject, attribute, attributesOf } from '../../objects/managed-object.js';
import { dateFromSeconds } from '../../ttlv/builders.js';
import { keyObjectOfBody } from '../../crypto/asymmetric-keys.js';
import {
  DN_ATTRIBUTES,
  certificateParts,
  certificationRequestParts,
  distinguishedName,
  pemRequestDer,
} from '../../crypto/x509-der.js';
import { issueCertificate, keyIdentifier, verifiedRequestKey } from '../../crypto/x509-issue.js';
import { loadObject } from './object-access.js';
import { loadUsableKey } from './key-use.js';
import { usableObject } from './key-wrapping.js';
import type { OperationContext } from './operation-context.js';

const DAY_MS = 86_400_000;
/** How long a certificate lasts when the request sets no Deactivation Date. */
export const DEFAULT_VALIDITY_DAYS = 365;

export interface Subject {
  readonly key: KeyObject;
  /** The subject Name, as DER; undefined: take it from the attributes. */
  readonly name?: Buffer;
}

/** The public key and subject of a certificate request (PKCS#10 DER or PEM); its signature checked. */
export function requestSubject(type: number | undefined, value: Uint8Array): Subject {
  if (type === undefined) throw invalidField('a Certificate Request needs its Certificate Request Type');
  let der: Uint8Array;
  if (type === CertificateRequestType.PKCS_10) der = value;
  else if (type === CertificateRequestType.PEM) der = pemRequestDer(value);
  else
    throw new KmipError(
      ResultReason.FeatureNotSupported,
      'this server reads PKCS#10 and PEM certificate requests',
    );
  const parts = certificationRequestParts(der);
  return { key: verifiedRequestKey(parts), name: parts.subject };
}

/** The subject of a stored Certificate Request object (2.x Object Type Certificate Request). */
export function storedRequestSubject(obj: ManagedObject): Subject {
  if (obj.body?.type !== 'Structure')
    throw new KmipError(ResultReason.KeyValueNotPresent, `object ${obj.uid} has no value`);
  const r = decodeStructure('CertificateRequest', obj.body);
  return requestSubject(r.certificateRequestType, r.certificateRequestValue);
}

/** The KeyObject of a Public Key object. */
export async function publicKeyOf(ctx: OperationContext, obj: ManagedObject): Promise<KeyObject> {
  const usable = await usableObject(ctx, obj);
  if (usable.body?.type !== 'Structure')
    throw new KmipError(ResultReason.KeyValueNotPresent, `object ${obj.uid} has no key value`);
  return keyObjectOfBody(usable.body);
}

/** RFC 4514 text ("CN=a, O=b") as (name, value) pairs of DN_ATTRIBUTES; unescaped commas only. */
function parseDnText(text: string): [string, string][] {
  const names = new Map(DN_ATTRIBUTES.map(([k]) => [k.toUpperCase().replace(/ /g, ''), k]));
  names.set('E', 'Email').set('EMAILADDRESS', 'Email').set('SERIALNUMBER', 'Serial Number');
  return text
    .split(/(?<!\\),/)
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => {
      const eq = part.indexOf('=');
      const key = names.get(part.slice(0, eq).trim().toUpperCase());
      if (eq <= 0 || key === undefined)
        throw invalidField(`'${part}' is no distinguished-name attribute this server writes`);
      return [
        key,
        part
          .slice(eq + 1)
          .trim()
          .replace(/\\,/g, ','),
      ] as [string, string];
    });
}

/**
 * The subject Name the attributes ask for: X.509 Certificate Subject (its DER), else the 2.1 §4.6
 * Certificate Subject fields, else the 1.x Certificate Subject's distinguished name, else the
 * object's Name as the Common Name.
 */
export function subjectNameOf(attrs: readonly Attribute[], fallback: ManagedObject | undefined): Buffer {
  const x509 = attribute(attrs, 'X.509 Certificate Subject');
  if (x509 !== undefined) return Buffer.from(x509.subjectDistinguishedName);
  const fields: [string, string][] = [];
  for (const [key] of DN_ATTRIBUTES) {
    for (const a of attrs) {
      if (a.name === `Certificate Subject ${key}` && a.value.type === 'TextString')
        fields.push([key, a.value.value]);
    }
  }
  if (fields.length > 0) return distinguishedName(fields);
  const legacy = attribute(attrs, 'Certificate Subject');
  if (legacy !== undefined) return distinguishedName(parseDnText(legacy.certificateSubjectDistinguishedName));
  const name = fallback === undefined ? undefined : attribute(fallback, 'Name');
  if (name !== undefined) return distinguishedName([['CN', name.nameValue]]);
  throw invalidField(
    'name the certificate subject: X.509 Certificate Subject, Certificate Subject CN …, or a Name',
  );
}

/** The Unique Identifier the first Link of `type` names. */
export function linked(obj: ManagedObject | readonly Attribute[], type: number): string | undefined {
  const link = attributesOf(obj, 'Link').find((l) => l.linkType === type);
  const id = link?.linkedObjectIdentifier;
  return id?.type === 'TextString' ? id.value : undefined;
}

export interface Issuer {
  readonly name: Buffer;
  readonly key: KeyObject;
  readonly keyId: Buffer | undefined;
  /** The CA certificate's end of validity (none for a self-signed certificate). */
  readonly notAfter?: Date;
  /** The CA certificate's Unique Identifier, for the new certificate's Certificate Link. */
  readonly certificateUid?: string;
}

const SIGNING = {
  mask: CryptographicUsageMask.Sign | CryptographicUsageMask.CertificateSign,
  protect: true,
  what: 'certificate signing',
  objectTypes: new Set<number>([ObjectType.PrivateKey]),
};

/** The context a CA's certificate and key are loaded in: checked as Get, as Sign is. */
function asSigner(ctx: OperationContext): OperationContext {
  return { ...ctx, policyOperation: Operation.Get };
}

async function signingKey(ctx: OperationContext, uid: string): Promise<KeyObject> {
  const signer = asSigner(ctx);
  const obj = await usableObject(signer, await loadUsableKey(signer, uid, SIGNING));
  if (obj.body?.type !== 'Structure')
    throw new KmipError(ResultReason.KeyValueNotPresent, `object ${uid} has no key value`);
  return keyObjectOfBody(obj.body);
}

/** The CA named by `caUid` (a Certificate object), with the private key linked to it. */
async function caIssuer(ctx: OperationContext, caUid: string): Promise<Issuer> {
  const ca = await loadObject(asSigner(ctx), caUid);
  if (ca.objectType !== ObjectType.Certificate || ca.body === undefined)
    throw new KmipError(
      ResultReason.InvalidObjectType,
      `the Certificate Link names ${caUid}, which is no certificate`,
    );
  const der = decodeStructure('Certificate', ca.body).certificateValue;
  const x509 = new X509Certificate(der);
  if (!x509.ca) throw invalidField(`certificate ${caUid} is no CA certificate (Basic Constraints)`);
  const direct = linked(ca, LinkType.PrivateKeyLink);
  const publicUid = direct === undefined ? linked(ca, LinkType.PublicKeyLink) : undefined;
  const viaPublic =
    publicUid === undefined
      ? undefined
      : linked(await loadObject(asSigner(ctx), publicUid), LinkType.PrivateKeyLink);
  const keyUid = direct ?? viaPublic;
  if (keyUid === undefined)
    throw invalidField(
      `CA certificate ${caUid} is linked to no private key this server holds (Private Key Link)`,
    );
  const parts = certificateParts(der);
  return {
    name: parts.subject,
    key: await signingKey(ctx, keyUid),
    keyId: parts.subjectKeyId,
    notAfter: new Date(x509.validTo),
    certificateUid: caUid,
  };
}

/**
 * The issuer: the CA `attrs` name by Certificate Link, else `subjectKeyObject`'s own private key
 * (a self-signed certificate named `subjectName`).
 */
export async function findIssuer(
  ctx: OperationContext,
  attrs: readonly Attribute[],
  subjectName: Buffer,
  subjectKeyObject: ManagedObject | undefined,
  subjectKey: KeyObject,
): Promise<Issuer> {
  const caUid = linked(attrs, LinkType.CertificateLink);
  if (caUid !== undefined) return caIssuer(ctx, caUid);
  const own = subjectKeyObject === undefined ? undefined : linked(subjectKeyObject, LinkType.PrivateKeyLink);
  if (own === undefined)
    throw invalidField(
      "name the issuing CA's certificate with a Link of type Certificate Link: the server holds no private key of this subject to self-sign",
    );
  return { name: subjectName, key: await signingKey(ctx, own), keyId: keyIdentifier(subjectKey) };
}

/** The Certificate object issued to `subject` by `issuer`, valid from now. */
export function issuedCertificate(
  ctx: OperationContext,
  subject: { readonly key: KeyObject; readonly name: Buffer },
  issuer: Issuer,
  attrs: readonly Attribute[],
  usageMask: number | undefined,
): StructureItem {
  const type = attribute(attrs, 'Certificate Type');
  if (type !== undefined && type !== CertificateType.X_509)
    throw new KmipError(ResultReason.FeatureNotSupported, 'this server issues X.509 certificates');
  const deactivation = attribute(attrs, 'Deactivation Date');
  let notAfter =
    deactivation === undefined
      ? new Date(ctx.now.getTime() + DEFAULT_VALIDITY_DAYS * DAY_MS)
      : dateFromSeconds(deactivation);
  if (issuer.notAfter !== undefined && issuer.notAfter < notAfter) notAfter = issuer.notAfter;
  const der = issueCertificate({
    subject: subject.name,
    subjectKey: subject.key,
    issuer: issuer.name,
    issuerKey: issuer.key,
    issuerKeyId: issuer.keyId,
    notBefore: ctx.now,
    notAfter,
    ca: usageMask !== undefined && (usageMask & CryptographicUsageMask.CertificateSign) !== 0,
  });
  return encodeStructure('Certificate', { certificateType: CertificateType.X_509, certificateValue: der });
}

/** The public key a certificate holds. */
export function certificateKey(body: StructureItem): KeyObject {
  return new X509Certificate(decodeStructure('Certificate', body).certificateValue).publicKey;
}

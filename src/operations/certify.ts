// Certify (KMIP 2.1 §6.1.6, 1.4 §4.7): a new X.509 Certificate object for a public key the server
// holds (Unique Identifier, or the ID Placeholder) or for a certificate request (PKCS#10 or PEM in
// the payload, or a stored Certificate Request object), signed by the CA the request's attributes
// name (support/certificate-issuing.ts says which, and when the certificate is self-signed). The
// request's subject wins over the attributes ("the information in the Certificate Request takes
// precedence"). The public key gets a Certificate Link to the new certificate and the certificate a
// Public Key Link back; the certificate's Certificate Link names its CA. The ID Placeholder becomes
// the certificate. Certify is checked as Add Attribute on the public key (it adds a link to it; the
// policies have no Certify row), the CA's certificate and private key as Get (as Sign is).
// With neither a request nor a Certificate Type attribute, the certificate is X.509 (the spec asks
// the client to name the type; X.509 is the only type this server issues, others are Feature Not
// Supported).
// Result Reasons (2.1 Table 181, 1.4 Table 334): Invalid CSR (1.x Invalid Field), Invalid Object
// Type, Item/Object Not Found, Invalid Field, Permission Denied, Feature Not Supported, and the CA
// key's Wrong Key Lifecycle State / Incompatible Cryptographic Usage Mask.
import { ObjectType, ResultReason } from '../spec/generated/enums.js';
import { KmipError, invalidField } from '../messages/kmip-error.js';
import { type ManagedObject, attribute } from '../objects/managed-object.js';
import { defineOperation } from './support/record.js';
import { buildNewObject } from './support/new-object.js';
import { insertObject, loadObject, resolveUid } from './support/object-access.js';
import { derivedFromObject } from './support/derived-attributes.js';
import { withTemplates } from './support/templates.js';
import { certificateLinks, linkPublicKey } from './support/certificate-links.js';
import {
  type Subject,
  findIssuer,
  issuedCertificate,
  publicKeyOf,
  requestSubject,
  storedRequestSubject,
  subjectNameOf,
} from './support/certificate-issuing.js';

function publicKeyObject(obj: ManagedObject): ManagedObject {
  if (obj.objectType !== ObjectType.PublicKey)
    throw new KmipError(
      ResultReason.InvalidObjectType,
      `object ${obj.uid} is no public key or certificate request`,
    );
  return obj;
}

export const certify = defineOperation({
  operation: 'Certify',
  policy: { checkedAs: 'AddAttribute' },
  handler: async (request, ctx) => {
    const requested = await withTemplates(ctx, request.attributes ?? [], request.attributesTemplates);
    const fromPayload = request.certificateRequestValue;
    let publicKey: ManagedObject | undefined;
    let subject: Subject;
    if (fromPayload !== undefined) {
      subject = requestSubject(request.certificateRequestType, fromPayload);
      if (request.uniqueIdentifier !== undefined)
        publicKey = publicKeyObject(await loadObject(ctx, request.uniqueIdentifier));
    } else {
      const target = await loadObject(ctx, resolveUid(request.uniqueIdentifier, ctx));
      if (target.objectType === ObjectType.CertificateRequest) subject = storedRequestSubject(target);
      else {
        publicKey = publicKeyObject(target);
        subject = { key: await publicKeyOf(ctx, target) };
      }
    }
    if (publicKey !== undefined) {
      const held = await publicKeyOf(ctx, publicKey);
      if (!held.equals(subject.key))
        throw invalidField('the certificate request is for another key than the public key named');
    }
    const name = subject.name ?? subjectNameOf(requested, publicKey);
    const issuer = await findIssuer(ctx, requested, name, publicKey, subject.key);
    const usage =
      attribute(requested, 'Cryptographic Usage Mask') ??
      (publicKey === undefined ? undefined : attribute(publicKey, 'Cryptographic Usage Mask'));
    const body = issuedCertificate(ctx, { key: subject.key, name }, issuer, requested, usage);
    const cert = await buildNewObject(ctx, {
      objectType: ObjectType.Certificate,
      clientAttributes: certificateLinks(requested, issuer.certificateUid, publicKey?.uid),
      derivedAttributes: derivedFromObject(ObjectType.Certificate, body),
      body,
    });
    await insertObject(ctx, cert);
    if (publicKey !== undefined) await linkPublicKey(ctx, publicKey, cert.uid);
    ctx.batch.idPlaceholder = cert.uid;
    return { uniqueIdentifier: cert.uid };
  },
});

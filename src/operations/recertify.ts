// Re-certify (KMIP 2.1 §6.1.45, 1.4 §4.8): renews a certificate. The new certificate is for the
// key of the certificate request given (in the payload, or a stored Certificate Request named by
// Certificate Request Unique Identifier), else for the existing certificate's own key and subject;
// its issuer is the CA the attributes name, else the existing certificate's CA (its Certificate
// Link), else the key pair's own private key (support/certificate-issuing.ts). Its attributes are
// the existing certificate's (Table 299: Initial Date, State, Digest, Links … set afresh; the
// Names move over), its dates carried over or moved by the Offset (Table 298, shared with Re-key in
// support/rekey-attributes.ts). The existing certificate gets a Replacement Object Link, the new
// one a Replaced Object Link; the public key's Certificate Link moves to the new certificate.
// Checked as Add Attribute on the certificate and its key (it changes their links and Names).
// Result Reasons (2.1 Table 302, 1.4 Table 335): Invalid Object Type (1.x Invalid Field) for
// anything but a certificate, Invalid Message (an Offset with Activation or Deactivation Date),
// Invalid CSR, Item/Object Not Found, Permission Denied.
import { LinkType, ObjectType, ResultReason } from '../spec/generated/enums.js';
import { KmipError, invalidMessage } from '../messages/kmip-error.js';
import { decodeStructure } from '../messages/payloads/structures.js';
import { type ManagedObject, attribute } from '../objects/managed-object.js';
import { certificateParts } from '../crypto/x509-der.js';
import { defineOperation } from './support/record.js';
import { buildNewObject } from './support/new-object.js';
import { insertObject, loadObject, resolveUid } from './support/object-access.js';
import { derivedFromObject } from './support/derived-attributes.js';
import { withTemplates } from './support/templates.js';
import { keepPolicy, replacementAttributes, retireReplaced } from './support/rekey-attributes.js';
import {
  type Subject,
  certificateKey,
  findIssuer,
  issuedCertificate,
  linked,
  requestSubject,
  storedRequestSubject,
} from './support/certificate-issuing.js';
import { certificateLinks, linkPublicKey } from './support/certificate-links.js';

export const reCertify = defineOperation({
  operation: 'ReCertify',
  policy: { checkedAs: 'AddAttribute' },
  handler: async (request, ctx) => {
    const uid = resolveUid(request.uniqueIdentifier, ctx);
    const old = await loadObject(ctx, uid);
    if (old.objectType !== ObjectType.Certificate || old.body?.type !== 'Structure')
      throw new KmipError(ResultReason.InvalidObjectType, `object ${uid} is no certificate to renew`);
    const requested = await withTemplates(ctx, request.attributes ?? [], request.attributesTemplates);
    if (
      request.offset !== undefined &&
      requested.some((a) => a.name === 'Activation Date' || a.name === 'Deactivation Date')
    )
      throw invalidMessage(
        'an Offset cannot come with an Activation Date or Deactivation Date (1.4 Table 335)',
      );
    const oldDer = decodeStructure('Certificate', old.body).certificateValue;
    let subject: Required<Subject>;
    if (request.certificateRequestValue !== undefined) {
      const s = requestSubject(request.certificateRequestType, request.certificateRequestValue);
      subject = { key: s.key, name: s.name ?? certificateParts(oldDer).subject };
    } else if (request.certificateRequestUniqueIdentifier !== undefined) {
      const stored = await loadObject(ctx, request.certificateRequestUniqueIdentifier);
      if (stored.objectType !== ObjectType.CertificateRequest)
        throw new KmipError(ResultReason.InvalidObjectType, `object ${stored.uid} is no certificate request`);
      const s = storedRequestSubject(stored);
      subject = { key: s.key, name: s.name ?? certificateParts(oldDer).subject };
    } else {
      subject = { key: certificateKey(old.body), name: certificateParts(oldDer).subject };
    }
    const publicUid = linked(old, LinkType.PublicKeyLink);
    const linkedKey: ManagedObject | undefined =
      publicUid === undefined ? undefined : await loadObject(ctx, publicUid);
    // The public key keeps its certificate only when the new certificate is for the same key.
    const publicKey =
      linkedKey !== undefined && certificateKey(old.body).equals(subject.key) ? linkedKey : undefined;
    const issuerAttrs =
      linked(requested, LinkType.CertificateLink) === undefined ? old.attributes : requested;
    const issuer = await findIssuer(ctx, issuerAttrs, subject.name, publicKey, subject.key);
    const carried = replacementAttributes(ctx, old, request.offset, ['Deactivation Date'], requested);
    const usage =
      attribute(requested, 'Cryptographic Usage Mask') ?? attribute(old, 'Cryptographic Usage Mask');
    const body = issuedCertificate(ctx, subject, issuer, [...requested, ...carried], usage);
    const derived = derivedFromObject(ObjectType.Certificate, body);
    const fromCertificate = new Set(derived.map((a) => a.name));
    const cert = await buildNewObject(ctx, {
      objectType: ObjectType.Certificate,
      clientAttributes: certificateLinks(keepPolicy(old, requested), issuer.certificateUid, publicKey?.uid),
      derivedAttributes: [...carried.filter((a) => !fromCertificate.has(a.name)), ...derived],
      body,
    });
    await insertObject(ctx, cert);
    await retireReplaced(ctx, old, cert.uid);
    if (publicKey !== undefined) await linkPublicKey(ctx, publicKey, cert.uid, old.uid);
    ctx.batch.idPlaceholder = cert.uid;
    return { uniqueIdentifier: cert.uid };
  },
});

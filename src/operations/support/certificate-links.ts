// The links a new certificate makes (Certify, KMIP 2.1 §6.1.6; Re-certify, §6.1.45): the
// certificate's Certificate Link to its CA and Public Key Link to its key, the public key's
// Certificate Link to the certificate (moved from the replaced one on Re-certify). Attributes
// describing the certificate's content are read off the certificate, never taken from the request.
import { LinkType } from '../../spec/generated/enums.js';
import type { Attribute } from '../../messages/attributes.js';
import type { ManagedObject } from '../../objects/managed-object.js';
import { reindex } from './new-object.js';
import { saveObject } from './object-access.js';
import { linkAttribute } from './key-pair-objects.js';
import type { OperationContext } from './operation-context.js';

/** Attributes that describe the certificate's own content: the server reads them off it. */
const FROM_CERTIFICATE = (name: string): boolean =>
  name === 'Certificate Type' ||
  name === 'Certificate Subject' ||
  name === 'Certificate Issuer' ||
  name.startsWith('Certificate Subject ') ||
  name.startsWith('Certificate Issuer ') ||
  name.startsWith('X.509 Certificate ');

/** The new certificate's Certificate Link to `ca`, its Public Key Link to `publicKey`. */
export function certificateLinks(
  requested: readonly Attribute[],
  ca: string | undefined,
  publicKey: string | undefined,
): Attribute[] {
  const out = requested.filter((a) => !FROM_CERTIFICATE(a.name) && a.name !== 'Link');
  if (ca !== undefined) out.push(linkAttribute(LinkType.CertificateLink, ca));
  if (publicKey !== undefined) out.push(linkAttribute(LinkType.PublicKeyLink, publicKey));
  return reindex(out);
}

/** The public key's Certificate Links with `replaced` (Re-certify) pointed at `certificate`. */
export async function linkPublicKey(
  ctx: OperationContext,
  publicKey: ManagedObject,
  certificate: string,
  replaced?: string,
): Promise<void> {
  const fresh = (await ctx.store.get(publicKey.uid)) ?? publicKey;
  const isReplaced = (a: Attribute): boolean =>
    replaced !== undefined &&
    a.name === 'Link' &&
    a.value.type === 'Structure' &&
    a.value.value.some((c) => c.type === 'TextString' && c.value === replaced);
  const attributes = reindex([
    ...fresh.attributes.filter((a) => !isReplaced(a)),
    linkAttribute(LinkType.CertificateLink, certificate),
  ]);
  await saveObject(ctx, fresh, { ...fresh, attributes });
}

// Validate (KMIP 2.1 §6.1.57, 1.4 §4.24): the validity of one certificate chain, given as
// Certificates and/or Unique Identifiers of Certificate objects, at the Validity Date (default:
// now). The policy is the server's (crypto/certificate-chain.ts): signatures, validity periods and
// CA flags decide Invalid; a chain ending in a self-signed certificate the server holds (named in
// the request by its Unique Identifier) is Valid; one that ends elsewhere is Unknown. A managed certificate that is revoked, compromised or
// destroyed makes the chain Invalid.
// Result Reasons (2.1 Table 342, 1.4 Table 351): Invalid Message (no certificate at all), Object
// Not Found / Item Not Found, Invalid Object Type (1.x Invalid Field) for a non-certificate, Object
// Archived, Invalid Field (a value that is no X.509 certificate, a non-X.509 Certificate Type),
// Permission Denied.
import {
  CertificateType,
  ObjectType,
  ResultReason,
  State,
  ValidityIndicator,
} from '../spec/generated/enums.js';
import { KmipError, invalidField, invalidMessage } from '../messages/kmip-error.js';
import { decodeStructure } from '../messages/payloads/structures.js';
import type { Certificate } from '../messages/payloads/generated/types.js';
import { stateOf } from '../objects/lifecycle.js';
import { type ChainMember, parseCertificate, validateChain } from '../crypto/certificate-chain.js';
import { dateFromSeconds } from '../ttlv/builders.js';
import { defineOperation } from './support/record.js';
import { loadObject } from './support/object-access.js';

const UNUSABLE: ReadonlySet<number> = new Set([
  State.Compromised,
  State.Destroyed,
  State.DestroyedCompromised,
]);

function x509(cert: Certificate, what: string): Uint8Array {
  if (cert.certificateType !== CertificateType.X_509)
    throw invalidField(`${what} is not an X.509 certificate; this server validates X.509 chains`);
  if (parseCertificate(cert.certificateValue) === undefined)
    throw invalidField(`${what} does not hold a DER X.509 certificate`);
  return cert.certificateValue;
}

export const validate = defineOperation({
  operation: 'Validate',
  policy: { checkedAs: 'Get' },
  handler: async (request, ctx) => {
    const given = request.certificate ?? [];
    const uids = request.uniqueIdentifier ?? [];
    if (given.length + uids.length === 0)
      throw invalidMessage(
        'Validate needs the chain: Certificates and/or Unique Identifiers of certificates',
      );
    const members: ChainMember[] = given.map((c, i) => ({
      der: x509(c, `Certificate ${i + 1}`),
      held: false,
    }));
    let revoked: string | undefined;
    for (const uid of uids) {
      const obj = await loadObject(ctx, uid, { allowDestroyed: true });
      if (obj.objectType !== ObjectType.Certificate)
        throw new KmipError(ResultReason.InvalidObjectType, `object ${uid} is not a certificate`);
      const state = stateOf(obj);
      if (state === State.Deactivated || (state !== undefined && UNUSABLE.has(state))) revoked ??= uid;
      if (obj.body === undefined) continue;
      members.push({ der: x509(decodeStructure('Certificate', obj.body), `object ${uid}`), held: true });
    }
    const at = request.validityDate === undefined ? ctx.now : dateFromSeconds(request.validityDate);
    if (revoked !== undefined) {
      ctx.log.debug('validate: a certificate of the chain is no longer usable', { uid: revoked });
      return { validityIndicator: ValidityIndicator.Invalid };
    }
    const result = validateChain(members, at);
    if (result.verdict !== 'valid') ctx.log.debug('validate', { verdict: result.verdict, why: result.why });
    const indicator =
      result.verdict === 'valid'
        ? ValidityIndicator.Valid
        : result.verdict === 'invalid'
          ? ValidityIndicator.Invalid
          : ValidityIndicator.Unknown;
    return { validityIndicator: indicator };
  },
});

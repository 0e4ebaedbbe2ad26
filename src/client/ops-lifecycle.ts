// Lifecycle operations the object file does not hold: Archive, Recover (KMIP 2.1 §6.1.4/42, 1.4
// §4.22/4.23), Obtain Lease (2.1 §6.1.35, 1.4 §4.17) and Re-key Key Pair (2.1 §6.1.47, 1.4 §4.5).
import { toAttributes, type AttributeMap } from './attribute-io.js';
import { answered, target, typedOperation, uidAnswer, type KmipOperation } from './operation.js';
import type { CreateKeyPairResult } from './ops-objects.js';

export const archiveOp = (uid?: string): KmipOperation<{ uid: string }> =>
  typedOperation('Archive', () => target(uid), uidAnswer);

export const recoverOp = (uid?: string): KmipOperation<{ uid: string }> =>
  typedOperation('Recover', () => target(uid), uidAnswer);

export interface LeaseResult {
  readonly uid: string;
  /** Seconds the client may use the object for; 0: no limit (KMIP 2.1 §6.1.35). */
  readonly leaseTime: number;
  readonly lastChangeDate: Date;
}

export function obtainLeaseOp(uid?: string): KmipOperation<LeaseResult> {
  return typedOperation(
    'ObtainLease',
    () => target(uid),
    (r) => ({
      ...uidAnswer(r),
      leaseTime: r.leaseTime ?? 0,
      lastChangeDate: new Date(Number(answered(r.lastChangeDate, 'Last Change Date')) * 1000),
    }),
  );
}

export interface RekeyKeyPairOptions {
  /** Seconds from the new keys' Initial Date to their Activation Date. */
  readonly offset?: number;
  readonly commonAttributes?: AttributeMap;
  readonly privateAttributes?: AttributeMap;
  readonly publicAttributes?: AttributeMap;
}

export function rekeyKeyPairOp(
  privateKeyUid: string | undefined,
  o: RekeyKeyPairOptions = {},
): KmipOperation<CreateKeyPairResult> {
  // Every attribute list is optional here: the new keys take the old ones' attributes.
  const common = toAttributes(o.commonAttributes);
  const priv = toAttributes(o.privateAttributes);
  const pub = toAttributes(o.publicAttributes);
  return typedOperation(
    'ReKeyKeyPair',
    () => ({
      ...(privateKeyUid === undefined ? {} : { privateKeyUniqueIdentifier: privateKeyUid }),
      ...(o.offset === undefined ? {} : { offset: o.offset }),
      ...(common.length > 0 ? { commonAttributes: common } : {}),
      ...(priv.length > 0 ? { privateKeyAttributes: priv } : {}),
      ...(pub.length > 0 ? { publicKeyAttributes: pub } : {}),
    }),
    (r) => ({
      privateKeyUid: answered(r.privateKeyUniqueIdentifier, 'Private Key Unique Identifier'),
      publicKeyUid: answered(r.publicKeyUniqueIdentifier, 'Public Key Unique Identifier'),
    }),
  );
}

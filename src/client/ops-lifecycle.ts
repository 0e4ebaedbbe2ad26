// Lifecycle operations the object file does not hold: Archive, Recover (KMIP 2.1 §6.1.4/41, 1.4
// §4.22/4.23), Obtain Lease (2.1 §6.1.35, 1.4 §4.17) and Re-key Key Pair (2.1 §6.1.47, 1.4 §4.5).
import { childDate, childInterval, interval, textString, dateFromSeconds } from '../ttlv/builders.js';
import { Tag } from '../spec/generated/tags.js';
import { Operation } from '../spec/generated/enums.js';
import { attributeContainer, toAttributes, type AttributeMap } from './attribute-io.js';
import { textOf, uidItems, uidOf, uidOperation, type KmipOperation } from './operation.js';
import type { CreateKeyPairResult } from './ops-objects.js';

export const archiveOp = (uid?: string): KmipOperation<{ uid: string }> =>
  uidOperation(Operation.Archive, () => uidItems(uid));

export const recoverOp = (uid?: string): KmipOperation<{ uid: string }> =>
  uidOperation(Operation.Recover, () => uidItems(uid));

export interface LeaseResult {
  readonly uid: string;
  /** Seconds the client may use the object for; 0: no limit (KMIP 2.1 §6.1.35). */
  readonly leaseTime: number;
  readonly lastChangeDate: Date;
}

export function obtainLeaseOp(uid?: string): KmipOperation<LeaseResult> {
  return {
    operation: Operation.ObtainLease,
    payload: () => uidItems(uid),
    parse: (p) => {
      const changed = childDate(p, Tag.LastChangeDate);
      return {
        uid: uidOf(p),
        leaseTime: childInterval(p, Tag.LeaseTime) ?? 0,
        lastChangeDate: changed === undefined ? new Date(Number.NaN) : dateFromSeconds(changed),
      };
    },
  };
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
  const containers = [
    [toAttributes(o.commonAttributes), Tag.CommonTemplateAttribute, Tag.CommonAttributes],
    [toAttributes(o.privateAttributes), Tag.PrivateKeyTemplateAttribute, Tag.PrivateKeyAttributes],
    [toAttributes(o.publicAttributes), Tag.PublicKeyTemplateAttribute, Tag.PublicKeyAttributes],
  ] as const;
  return {
    operation: Operation.ReKeyKeyPair,
    payload: (ctx) => [
      ...(privateKeyUid === undefined ? [] : [textString(Tag.PrivateKeyUniqueIdentifier, privateKeyUid)]),
      ...(o.offset === undefined ? [] : [interval(Tag.Offset, o.offset)]),
      // Every container is optional here: the new keys take the old ones' attributes.
      ...containers
        .filter(([attrs]) => attrs.length > 0)
        .map(([attrs, v1, v2]) => attributeContainer(attrs, ctx.kmip2, v1, v2)),
    ],
    parse: (p) => ({
      privateKeyUid: textOf(p, Tag.PrivateKeyUniqueIdentifier, 'Private Key Unique Identifier'),
      publicKeyUid: textOf(p, Tag.PublicKeyUniqueIdentifier, 'Public Key Unique Identifier'),
    }),
  };
}

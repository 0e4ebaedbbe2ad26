// The Locate query a store answers (KMIP 1.4 §4.9, 2.1 §6.1.28): which objects the caller may see,
// the attribute criteria they must all meet, the Storage Status Mask, Offset Items and Maximum
// Items, and whether to count every match (Located Items). Backends turn it into SQL on indexed
// columns and the attribute index (attribute-index.ts, locate-sql.ts); nothing here is SQL.
import type { TtlvItem } from '../ttlv/item.js';

/** Objects of these types under this operation policy (an object naming none is under `default`). */
export interface PolicyGrant {
  readonly policy: string;
  readonly objectTypes: readonly number[];
}

/**
 * Whose objects a query may see. `own`: the caller's own objects under these grants, or all of
 * them ('all'); `anyOwner`: every owner's objects under these grants. An object outside both is
 * neither returned nor counted, nor read.
 */
export interface Visibility {
  readonly identity: string;
  readonly own: readonly PolicyGrant[] | 'all';
  readonly anyOwner: readonly PolicyGrant[];
}

/** How a wanted leaf value compares with a stored one. */
export type LeafComparison = 'equal' | 'atLeast';

/**
 * One requirement on an attribute, met when some instance of the attribute `name` satisfies it:
 * - value: the instance holds `value` (a structure: every field it gives, recursively, in one
 *   instance; a leaf named in `atLeast` (by tag) compares as stored ≥ wanted, others as equal);
 * - dateRange: the instance is a Date-Time within [from, to];
 * - allBits: the instance is an Integer with every bit of `mask` set.
 */
export type AttributeCriterion =
  | {
      readonly kind: 'value';
      readonly name: string;
      readonly value: TtlvItem;
      readonly atLeast?: readonly number[];
    }
  | { readonly kind: 'dateRange'; readonly name: string; readonly from: bigint; readonly to: bigint }
  | { readonly kind: 'allBits'; readonly name: string; readonly mask: number };

export interface LocateQuery {
  readonly visibility: Visibility;
  /** All must hold (KMIP: the attributes of a Locate are ANDed). */
  readonly criteria: readonly AttributeCriterion[];
  /** Storage Status Mask bits (StorageStatusMask): on-line, archival, destroyed. */
  readonly storage: number;
  /** The request time: State is compared after Activation/Deactivation Dates reached by then. */
  readonly now: Date;
  readonly offset?: number;
  readonly maximum?: number;
  /** Also count every match (Located Items). */
  readonly count?: boolean;
  /** Leave this object out (a rename checking its own new name). */
  readonly excludeUid?: string;
}

export interface LocateResult {
  /** Unique Identifiers, most recently created first, after `offset`, at most `maximum`. */
  readonly uids: readonly string[];
  /** Every match, when the query asked for the count. */
  readonly count?: number;
}

// Leaving a live server as it was found: `kmip bench` and `kmip conformance` remove the objects
// they made. Destroy goes out in batches (Continue on error); an object Destroy refuses because
// it is Active is revoked (Cessation of Operation) and destroyed again; one already gone counts
// as removed. RecordingClient notes every object a replayed message creates.
import type { TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { Operation, ResultReason, ResultStatus } from '../spec/generated/enums.js';
import { KmipClient, ops } from '../client/kmip-client.js';
import { KmipResultError } from '../client/errors.js';
import { parseResponseMessage, type ParsedResponseItem } from '../client/messages.js';

/** Operations whose response names objects they made (KMIP 2.1 §6.1). */
const CREATING: ReadonlySet<number> = new Set([
  Operation.Create,
  Operation.CreateKeyPair,
  Operation.Register,
  Operation.ReKey,
  Operation.ReKeyKeyPair,
  Operation.DeriveKey,
  Operation.Certify,
  Operation.ReCertify,
  Operation.CreateSplitKey,
  Operation.JoinSplitKey,
  Operation.Import,
]);

const ID_TAGS: ReadonlySet<number> = new Set([
  Tag.UniqueIdentifier,
  Tag.PrivateKeyUniqueIdentifier,
  Tag.PublicKeyUniqueIdentifier,
]);

/** The objects a Response Message reports made by its successful creating operations. */
export function createdUids(response: TtlvItem): string[] {
  let items: readonly ParsedResponseItem[];
  try {
    items = parseResponseMessage(response).items;
  } catch {
    return [];
  }
  return items.flatMap((item) =>
    item.resultStatus === ResultStatus.Success && item.operation !== undefined && CREATING.has(item.operation)
      ? item.payload.value.flatMap((c) => (ID_TAGS.has(c.tag) && c.type === 'TextString' ? [c.value] : []))
      : [],
  );
}

/** A client that remembers every object the messages it sends make. */
export class RecordingClient extends KmipClient {
  readonly created: string[] = [];

  override async sendMessage(message: TtlvItem): Promise<TtlvItem> {
    const reply = await super.sendMessage(message);
    this.created.push(...createdUids(reply));
    return reply;
  }
}

const GONE: ReadonlySet<number> = new Set([ResultReason.ItemNotFound, ResultReason.ObjectDestroyed]);
const BATCH = 100;

export interface Removal {
  readonly removed: number;
  /** UID and why, for the objects that stay. */
  readonly failed: readonly { readonly uid: string; readonly reason: string }[];
}

/** Destroy for every UID in `chunk`, in one batch: the UIDs still there, and why each stayed. */
async function destroyBatch(
  client: KmipClient,
  chunk: readonly string[],
): Promise<{ uid: string; error: unknown }[]> {
  const results = await client.batch(
    chunk.map((uid) => ops.destroy(uid)),
    { onError: 'continue' },
  );
  return results.flatMap((r, j) =>
    r.ok || (r.error instanceof KmipResultError && GONE.has(r.error.resultReason ?? -1))
      ? []
      : [{ uid: chunk[j] as string, error: r.error }],
  );
}

/** Destroys every object in `uids` (revoking the Active ones first), a batch at a time. */
export async function removeObjects(client: KmipClient, uids: readonly string[]): Promise<Removal> {
  const unique = [...new Set(uids)];
  let removed = 0;
  const failed: { uid: string; reason: string }[] = [];
  for (let i = 0; i < unique.length; i += BATCH) {
    const chunk = unique.slice(i, i + BATCH);
    const refused = await destroyBatch(client, chunk);
    removed += chunk.length - refused.length;
    if (refused.length === 0) continue;
    // Most often Active objects: revoke them (one batch), then destroy them again (another).
    const again = refused.map((r) => r.uid);
    await client.batch(
      again.map((uid) => ops.revoke(uid, { reason: 'CessationOfOperation' })),
      { onError: 'continue' },
    );
    const stay = await destroyBatch(client, again);
    removed += again.length - stay.length;
    for (const s of stay)
      failed.push({ uid: s.uid, reason: s.error instanceof Error ? s.error.message : String(s.error) });
  }
  return { removed, failed };
}

/** One line for the user: what was removed, what stays and why. */
export function removalSummary(r: Removal, what: string): string {
  const kept =
    r.failed.length === 0
      ? ''
      : `; ${r.failed.length} could not be: ${r.failed
          .slice(0, 5)
          .map((f) => `${f.uid} (${f.reason})`)
          .join(', ')}${r.failed.length > 5 ? ' …' : ''}`;
  return `removed ${r.removed} object${r.removed === 1 ? '' : 's'} ${what}${kept}`;
}

/** Removes `uids` and tells `note` how it went; never throws (the command's own error matters more). */
export async function cleanUp(
  client: KmipClient,
  uids: readonly string[],
  what: string,
  note: (text: string) => void,
): Promise<void> {
  if (uids.length === 0) return;
  try {
    note(removalSummary(await removeObjects(client, uids), what));
  } catch (err) {
    note(
      `could not remove the ${uids.length} objects ${what}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

// The KMIP Profiles v1.0 test cases (KMIP 1.0, 1.1 and 1.2) were printed in the HTML specification
// with the reference server's clock written out as it read on the day: the response Time Stamp,
// Initial Date, Activation Date, Destroy Date ... ("2012-04-27T08:12:24+00:00", and other days
// within one case, as the cases were spliced from several runs). The later publications write
// $NOW in those places. So in a printed case, a Date-Time of an expected response that no request
// of the case sent is the server's clock and reads as $NOW; one the case sent itself (a
// Compromise Occurrence Date, say) is the client's value and is compared exactly.
import type { TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { makePlaceholderItem, placeholderOf } from '../ttlv/placeholders.js';

export function serverClockAsNow(messages: readonly TtlvItem[]): TtlvItem[] {
  const sent = new Set<bigint>();
  for (const m of messages) if (m.tag === Tag.RequestMessage) collectDates(m, sent);
  return messages.map((m) => (m.tag === Tag.ResponseMessage ? nowForClockReadings(m, sent) : m));
}

function collectDates(item: TtlvItem, into: Set<bigint>): void {
  if (item.type === 'DateTime' && placeholderOf(item) === undefined) into.add(item.value);
  else if (item.type === 'Structure') for (const c of item.value) collectDates(c, into);
}

function nowForClockReadings(item: TtlvItem, sent: ReadonlySet<bigint>): TtlvItem {
  if (item.type === 'DateTime' && placeholderOf(item) === undefined && !sent.has(item.value))
    return makePlaceholderItem(item.tag, 'DateTime', '$NOW');
  if (item.type !== 'Structure' || placeholderOf(item) !== undefined) return item;
  return { ...item, value: item.value.map((c) => nowForClockReadings(c, sent)) };
}

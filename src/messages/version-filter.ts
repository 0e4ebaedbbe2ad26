// Version-exact responses (clients.md rule 1): a response carries only the tags, attributes and
// enumeration values that exist in the request's protocol version. Ceph's libkmip breaks on a 1.3
// field in a 1.0 reply and Percona on a 1.1 attribute in a 1.0 GetAttributes reply.
import type { TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { tagByName, tagExistsIn, tagInfo, type KmipVersion } from '../spec/registry.js';
import { isCustomName } from './attributes.js';

function attributeExists(item: TtlvItem, version: KmipVersion): boolean {
  if (item.type !== 'Structure') return true;
  const name = item.value.find((c) => c.tag === Tag.AttributeName);
  if (name?.type !== 'TextString' || isCustomName(name.value)) return true;
  const info = tagByName(name.value);
  return info === undefined || tagExistsIn(info.tag, version);
}

/** Drops every known tag (and 1.x Attribute) that the version does not define; unknown tags stay. */
export function filterForVersion(item: TtlvItem, version: KmipVersion): TtlvItem {
  if (item.type !== 'Structure') return item;
  const kept: TtlvItem[] = [];
  let changed = false;
  for (const c of item.value) {
    const known = tagInfo(c.tag) !== undefined;
    if (
      (known && !tagExistsIn(c.tag, version)) ||
      (c.tag === Tag.Attribute && !attributeExists(c, version))
    ) {
      changed = true;
      continue;
    }
    const f = filterForVersion(c, version);
    if (f !== c) changed = true;
    kept.push(f);
  }
  return changed ? { ...item, value: kept } : item;
}

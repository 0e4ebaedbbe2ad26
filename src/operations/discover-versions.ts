// DiscoverVersions (KMIP 2.1 §6.1.19, 1.4 §4.26): the versions both sides speak, in the client's
// order (Arsenal adopts the first one in the reply), or all of ours newest first when it lists none.
import type { StructureItem, TtlvItem } from '../ttlv/item.js';
import { Tag } from '../spec/generated/tags.js';
import { parseProtocolVersion } from '../messages/request.js';
import { protocolVersionItem } from '../messages/response.js';
import { SUPPORTED_VERSIONS } from '../messages/protocol-version.js';
import type { OperationContext } from './support/operation-context.js';

export async function discoverVersions(
  payload: StructureItem,
  _ctx: OperationContext,
): Promise<readonly TtlvItem[]> {
  const offered = payload.value.filter((c) => c.tag === Tag.ProtocolVersion).map(parseProtocolVersion);
  const chosen =
    offered.length === 0
      ? SUPPORTED_VERSIONS
      : offered.filter((o) => SUPPORTED_VERSIONS.some((s) => s.major === o.major && s.minor === o.minor));
  return chosen.map(protocolVersionItem);
}

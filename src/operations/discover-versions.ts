// DiscoverVersions (KMIP 2.1 §6.1.19, 1.4 §4.26): the versions both sides speak, in the client's
// order (Arsenal adopts the first one in the reply), or all of ours newest first when it lists none.
import { SUPPORTED_VERSIONS } from '../messages/protocol-version.js';
import { defineOperation } from './support/record.js';

export const discoverVersions = defineOperation({
  operation: 'DiscoverVersions',
  policy: { none: true },
  handler: async (request) => {
    const ours = SUPPORTED_VERSIONS.map((v) => ({
      protocolVersionMajor: v.major,
      protocolVersionMinor: v.minor,
    }));
    const offered = request.protocolVersion ?? [];
    const chosen =
      offered.length === 0
        ? ours
        : offered.filter((o) =>
            ours.some(
              (s) =>
                s.protocolVersionMajor === o.protocolVersionMajor &&
                s.protocolVersionMinor === o.protocolVersionMinor,
            ),
          );
    return { protocolVersion: chosen };
  },
});

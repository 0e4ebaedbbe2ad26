// Set Endpoint Role (KMIP 2.1 §6.1.54): asks the server to take a role on the current channel.
// This server only ever receives requests and sends responses: it stays in the Server role (and
// says so in the answer); the Client role — the server sending requests to the client over the
// same channel — is Feature Not Supported (Table 333).
import { EndpointRole, ResultReason } from '../spec/generated/enums.js';
import { KmipError, invalidField } from '../messages/kmip-error.js';
import { defineOperation } from './support/record.js';

export const setEndpointRole = defineOperation({
  operation: 'SetEndpointRole',
  policy: { none: true },
  handler: async (request) => {
    if (request.endpointRole === EndpointRole.Server) return { endpointRole: EndpointRole.Server };
    if (request.endpointRole === EndpointRole.Client)
      throw new KmipError(
        ResultReason.FeatureNotSupported,
        'this server does not take the client role: it sends no requests over a client channel',
      );
    throw invalidField(`Endpoint Role ${request.endpointRole} is not defined`);
  },
});

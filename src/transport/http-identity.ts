// Who sent an HTTP request: the identity of its connection's TLS client certificate, by the same
// rules as the TTLV port (src/transport/identity.ts: common name, clientAuth extended key usage),
// worked out once per connection. A route asks through a RequestIdentity, so another way to
// establish identity (a token, say) can be put in front of this one without touching the routes.
import type { IncomingMessage } from 'node:http';
import { TLSSocket } from 'node:tls';
import type { ClientIdentityResult } from './identity.js';

export type RequestIdentity = (req: IncomingMessage) => ClientIdentityResult;

export function certificateIdentity(identify: (socket: TLSSocket) => ClientIdentityResult): RequestIdentity {
  const known = new WeakMap<TLSSocket, ClientIdentityResult>();
  return (req) => {
    const socket = req.socket;
    if (!(socket instanceof TLSSocket)) return { ok: false, reason: 'the request did not come over TLS' };
    let who = known.get(socket);
    if (who === undefined) {
      try {
        // A listener that lets unverified certificates through (for another way to sign in)
        // must not take one as an identity.
        who = socket.authorized
          ? identify(socket)
          : {
              ok: false,
              reason: `no verified client certificate (${String(socket.authorizationError ?? 'none sent')})`,
            };
      } catch (err) {
        who = {
          ok: false,
          reason: `identity check failed: ${err instanceof Error ? err.message : String(err)}`,
        };
      }
      known.set(socket, who);
    }
    return who;
  };
}

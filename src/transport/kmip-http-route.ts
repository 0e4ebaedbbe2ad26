// POST /kmip: KMIP over HTTPS (KMIP Profiles 2.1, HTTPS profile; KMIP Additional Message
// Encodings 1.0). The body is one Request Message in binary TTLV (application/octet-stream), KMIP
// JSON (application/json) or KMIP XML (text/xml); the answer is 200 with the Response Message in
// the same encoding. Every refusal carries a KMIP Response Message too, with the HTTP status that
// says what went wrong: 405 not a POST, 404 another path (kmipNotFound), 415 an unknown
// Content-Type, 413 a body over max_message_size, 408 a body that did not arrive within
// request_timeout, 400 a body that is not a message in its encoding, 403 a client certificate the
// identity rules refuse. A refusal's message is answered in the request's encoding when it names
// one, else the first one Accept names, else TTLV. Maximum Response Size is checked against the
// TTLV size of the response, whatever the encoding (the OASIS MSGENC cases expect that).
import type { IncomingMessage } from 'node:http';
import type { Engine, Session } from '../engine/engine.js';
import type { Logger } from '../log/logger.js';
import { ResultReason } from '../spec/generated/enums.js';
import { decodeTtlv } from '../ttlv/decode.js';
import { TtlvError } from '../ttlv/errors.js';
import {
  MEDIA_TYPE,
  MessageEncoding,
  decodeMessage,
  encodeMessage,
  encodingOfAccept,
  encodingOfMediaType,
} from '../notation/message-encodings.js';
import type { TtlvItem } from '../ttlv/item.js';
import { readBody } from './http-body.js';
import type { RequestIdentity } from './http-identity.js';
import type { ClientIdentityResult } from './identity.js';
import { respond, type HttpExchange, type RouteHandler } from './http-router.js';

export const KMIP_PATH = '/kmip';

export interface KmipRouteOptions {
  readonly engine: Engine;
  readonly identify: RequestIdentity;
  readonly log: Logger;
  readonly maxMessageSize: number;
  /** A body must have arrived this long after its request began; 0 = no limit. */
  readonly requestTimeoutMs: number;
}

const ACCEPTED = Object.entries(MEDIA_TYPE)
  .map(([encoding, type]) => `${type} (${encoding === 'ttlv' ? 'TTLV' : `KMIP ${encoding.toUpperCase()}`})`)
  .join(', ');

/** How long the peer may keep sending after a refusal that ends the connection. */
const LINGER_MS = 5_000;

/** The encoding a request names (Content-Type), and the one its answer is written in. */
function encodingsOf(req: IncomingMessage): {
  requested: MessageEncoding | undefined;
  answer: MessageEncoding;
} {
  const requested = encodingOfMediaType(req.headers['content-type']);
  return { requested, answer: requested ?? encodingOfAccept(req.headers.accept) ?? MessageEncoding.Ttlv };
}

function sessionOf(req: IncomingMessage, who: ClientIdentityResult, encoding: MessageEncoding): Session {
  return {
    identity: who.ok ? who.identity : '',
    remote: req.socket.remoteAddress,
    transport: `https-${encoding}`,
  };
}

/** Sends a TTLV Response Message in `encoding`; `close` ends the connection (a body left unread). */
function sendKmip(
  x: HttpExchange,
  status: number,
  encoding: MessageEncoding,
  ttlv: Uint8Array,
  close: boolean,
): void {
  const body = encoding === MessageEncoding.Ttlv ? ttlv : encodeMessage(encoding, decodeTtlv(ttlv));
  respond(x.res, status, MEDIA_TYPE[encoding], body, close ? { Connection: 'close' } : {});
  if (close) x.res.once('finish', () => setTimeout(() => x.req.socket.destroy(), LINGER_MS).unref());
}

export function kmipRoute(o: KmipRouteOptions): RouteHandler {
  return async (x: HttpExchange) => {
    const { req } = x;
    const { requested, answer } = encodingsOf(req);
    const who = o.identify(req);
    const session = sessionOf(req, who, answer);
    const refuse = (status: number, reason: number, message: string, close: boolean): void =>
      sendKmip(x, status, answer, o.engine.refuse(reason, message, session), close);

    if (req.method !== 'POST') {
      x.res.setHeader('Allow', 'POST');
      refuse(
        405,
        ResultReason.InvalidMessage,
        `KMIP requests are sent with POST ${KMIP_PATH}, not ${req.method}`,
        true,
      );
      return;
    }
    if (!who.ok) {
      o.log.warn(`client certificate refused: ${who.reason}`, { listener: 'https', remote: session.remote });
      refuse(403, ResultReason.AuthenticationNotSuccessful, who.reason, true);
      return;
    }
    if (requested === undefined) {
      const given = req.headers['content-type'];
      refuse(
        415,
        ResultReason.InvalidMessage,
        `${given === undefined ? 'no Content-Type' : `Content-Type ${given}`}: a KMIP request is one of ${ACCEPTED}`,
        true,
      );
      return;
    }
    const read = await readBody(req, o.maxMessageSize, o.requestTimeoutMs);
    if (!read.ok) {
      if (read.why === 'aborted') return;
      if (read.why === 'too-large') {
        refuse(
          413,
          ResultReason.InvalidMessage,
          `the request body is larger than the largest message this server accepts (${o.maxMessageSize} bytes)`,
          true,
        );
      } else {
        refuse(
          408,
          ResultReason.InvalidMessage,
          `the request body did not arrive within ${o.requestTimeoutMs} ms`,
          true,
        );
      }
      return;
    }
    let message: TtlvItem;
    try {
      message = decodeMessage(requested, read.body, { maxLength: o.maxMessageSize });
    } catch (err) {
      const why = err instanceof TtlvError ? err.message : 'the body could not be decoded';
      refuse(
        400,
        ResultReason.InvalidMessage,
        `not a KMIP ${requested.toUpperCase()} message: ${why}`,
        false,
      );
      return;
    }
    sendKmip(x, 200, answer, await o.engine.handleMessage(message, session), false);
  };
}

/** Answers a path other than /kmip on the HTTPS listener: 404 with a KMIP error. */
export function kmipNotFound(o: Pick<KmipRouteOptions, 'engine' | 'identify'>): RouteHandler {
  return (x: HttpExchange) => {
    const { answer } = encodingsOf(x.req);
    const message = `no such path: ${x.path}; KMIP requests go to POST ${KMIP_PATH}`;
    const session = sessionOf(x.req, o.identify(x.req), answer);
    sendKmip(x, 404, answer, o.engine.refuse(ResultReason.InvalidMessage, message, session), true);
  };
}

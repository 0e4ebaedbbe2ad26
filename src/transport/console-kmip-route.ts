// POST /ui/api/kmip: the web console's only way to read or change objects. The body is one KMIP
// Request Message in the KMIP JSON encoding (KMIP Additional Message Encodings 1.0 §3), run by the
// engine as the session's identity exactly as POST /kmip runs a certificate's request (same
// policies, SLUGS groups, limits, request log, audit log and metrics; transport "console"); the
// answer is the Response Message in KMIP JSON. So the console can do nothing its identity could not
// do over KMIP, and a refusal reaches the page as the engine's Result Reason and Result Message.
import type { Engine, Session } from '../engine/engine.js';
import type { ConsoleSession } from '../console/console-session.js';
import { ResultReason } from '../spec/generated/enums.js';
import { decodeTtlv } from '../ttlv/decode.js';
import { TtlvError } from '../ttlv/errors.js';
import {
  MEDIA_TYPE,
  MessageEncoding,
  decodeMessage,
  encodeMessage,
  encodingOfMediaType,
} from '../notation/message-encodings.js';
import type { TtlvItem } from '../ttlv/item.js';
import { readBody } from './http-body.js';
import { sendWithHeaders } from './console-guard.js';
import type { HttpExchange } from './http-router.js';

export const CONSOLE_TRANSPORT = 'console';

export interface ConsoleKmipOptions {
  readonly engine: Engine;
  readonly maxMessageSize: number;
  readonly requestTimeoutMs: number;
}

function sendKmipJson(x: HttpExchange, status: number, ttlv: Uint8Array): void {
  sendWithHeaders(x.res, status, MEDIA_TYPE.json, encodeMessage(MessageEncoding.Json, decodeTtlv(ttlv)));
}

export async function consoleKmip(
  x: HttpExchange,
  session: ConsoleSession,
  o: ConsoleKmipOptions,
): Promise<void> {
  const who: Session = {
    identity: session.identity,
    remote: x.req.socket.remoteAddress,
    transport: CONSOLE_TRANSPORT,
  };
  const refuse = (status: number, message: string): void =>
    sendKmipJson(x, status, o.engine.refuse(ResultReason.InvalidMessage, message, who));
  if (encodingOfMediaType(x.req.headers['content-type']) !== MessageEncoding.Json) {
    refuse(415, `the console sends KMIP JSON (${MEDIA_TYPE.json})`);
    return;
  }
  const read = await readBody(x.req, o.maxMessageSize, o.requestTimeoutMs);
  if (!read.ok) {
    if (read.why === 'aborted') return;
    x.res.setHeader('Connection', 'close');
    if (read.why === 'too-large') refuse(413, `the request is larger than ${o.maxMessageSize} bytes`);
    else refuse(408, `the request did not arrive within ${o.requestTimeoutMs} ms`);
    return;
  }
  let message: TtlvItem;
  try {
    message = decodeMessage(MessageEncoding.Json, read.body, { maxLength: o.maxMessageSize });
  } catch (err) {
    refuse(
      400,
      `not a KMIP JSON message: ${err instanceof TtlvError ? err.message : 'it could not be decoded'}`,
    );
    return;
  }
  sendKmipJson(x, 200, await o.engine.handleMessage(message, who));
}

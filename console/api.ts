// The console's calls to its server: GET /ui/api/session, /server and /audit (JSON), and
// POST /ui/api/kmip (a KMIP JSON message; the answer is KMIP JSON even when refused). Every POST
// carries the session's CSRF token. A 401 means the session ended: the app offers to sign in again.
import type { AuditReply, ServerInfoReply, SessionInfo } from '../src/console/console-api.js';
import type { Item } from './kmip/json-items.js';
import { batchAnswers, requestMessage, type BatchAnswer, type BatchRequest } from './kmip/messages.js';

/** The server refused a console call (not a KMIP refusal: those come back as answers). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

let csrf = '';
let onSessionEnded: (why: string) => void = () => undefined;

/** What the app does when a call finds the session ended. */
export function whenSessionEnds(handler: (why: string) => void): void {
  onSessionEnded = handler;
}

async function failure(r: Response): Promise<ApiError> {
  let message = `${r.status} ${r.statusText}`;
  try {
    const body = (await r.json()) as { error?: unknown };
    if (typeof body.error === 'string') message = body.error;
  } catch {
    // Not JSON: keep the status line.
  }
  if (r.status === 401) onSessionEnded(message);
  return new ApiError(r.status, message);
}

async function getJson<T>(path: string): Promise<T> {
  const r = await fetch(path, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  if (!r.ok) throw await failure(r);
  return (await r.json()) as T;
}

export async function loadSession(): Promise<SessionInfo> {
  const s = await getJson<SessionInfo>('/ui/api/session');
  csrf = s.csrf;
  return s;
}

export function csrfToken(): string {
  return csrf;
}

export function loadServer(): Promise<ServerInfoReply> {
  return getJson<ServerInfoReply>('/ui/api/server');
}

export interface AuditQuery {
  readonly identity?: string;
  readonly operation?: string;
  readonly object?: string;
  readonly limit?: number;
}

export function loadAudit(q: AuditQuery): Promise<AuditReply> {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') params.set(k, String(v));
  return getJson<AuditReply>(`/ui/api/audit?${params.toString()}`);
}

/** Sends one KMIP request message with these batch items; the answers in order. */
export async function kmip(items: readonly BatchRequest[]): Promise<BatchAnswer[]> {
  const r = await fetch('/ui/api/kmip', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'X-CSRF-Token': csrf },
    body: JSON.stringify(requestMessage(items)),
  });
  const type = r.headers.get('Content-Type') ?? '';
  if (r.status === 401 || r.status === 403 || !type.startsWith('application/json')) throw await failure(r);
  const body = (await r.json()) as Item;
  if (body.tag !== 'ResponseMessage') throw await failure(r);
  return batchAnswers(body);
}

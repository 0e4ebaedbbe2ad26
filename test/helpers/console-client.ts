// The web console's HTTP side as a browser would use it, for the tests that run without one: one
// request per connection, no client certificate unless asked, the sign-in form with its cookie and
// CSRF field, and the session cookie a reply sets.
import assert from 'node:assert/strict';
import type { DemoCertificates } from '../../src/transport/demo-certs.js';
import { LOGIN_COOKIE, SESSION_COOKIE } from '../../src/console/console-session.js';
import type { SessionInfo } from '../../src/console/console-api.js';
import { httpsRequestTo, type HttpReply, type HttpsRequestOptions } from './https-request.js';

/** The value of a cookie a reply sets, and its attributes. */
export function setCookie(r: HttpReply, name: string): { value: string; attributes: string } | undefined {
  for (const c of r.headers['set-cookie'] ?? []) {
    if (!c.startsWith(`${name}=`)) continue;
    const semi = c.indexOf(';');
    return { value: c.slice(name.length + 1, semi), attributes: c.slice(semi + 1) };
  }
  return undefined;
}

export const json = <T>(r: HttpReply): T => JSON.parse(r.body.toString('utf8')) as T;

export const sessionHeader = (cookie: string): Record<string, string> => ({
  Cookie: `${SESSION_COOKIE}=${cookie}`,
});

export class ConsoleHttp {
  readonly port: number;
  readonly certs: DemoCertificates;

  constructor(port: number, certs: DemoCertificates) {
    this.port = port;
    this.certs = certs;
  }

  get origin(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  /** A GET (or o.method) without a client certificate unless o.client names one. */
  request(path: string, o: HttpsRequestOptions = {}): Promise<HttpReply> {
    return httpsRequestTo(this.port, this.certs, { method: 'GET', path, client: null, ...o });
  }

  /** Signs in with a token through the sign-in form; the session cookie's value. */
  async tokenSession(token: string): Promise<string> {
    const page = await this.request('/ui/login');
    const nonce = setCookie(page, LOGIN_COOKIE)?.value ?? '';
    const csrf = /name="csrf" value="([^"]+)"/.exec(page.body.toString('utf8'))?.[1] ?? '';
    const r = await this.request('/ui/login', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Cookie: `${LOGIN_COOKIE}=${nonce}`,
        Origin: this.origin,
      },
      body: new URLSearchParams({ token, csrf }).toString(),
    });
    assert.equal(r.status, 303, r.body.toString('utf8'));
    assert.equal(r.headers.location, '/ui/');
    const cookie = setCookie(r, SESSION_COOKIE);
    assert.ok(cookie !== undefined, 'the sign-in sets the session cookie');
    return cookie.value;
  }

  /** Signs in with the demo client's certificate (GET /ui/); the session cookie's value. */
  async certificateSession(): Promise<string> {
    const r = await this.request('/ui/', { client: this.certs.client });
    assert.equal(r.status, 200, r.body.toString('utf8'));
    const cookie = setCookie(r, SESSION_COOKIE);
    assert.ok(cookie !== undefined, 'the certificate signs in');
    return cookie.value;
  }

  async session(cookie: string, o: HttpsRequestOptions = {}): Promise<SessionInfo> {
    const r = await this.request('/ui/api/session', { headers: sessionHeader(cookie), ...o });
    assert.equal(r.status, 200, r.body.toString('utf8'));
    return json<SessionInfo>(r);
  }
}

/** A KMIP JSON item ({tag, type, value}; a structure has no type). */
export const jsonItem = (tag: string, type: string, value: unknown): Record<string, unknown> => ({
  tag,
  type,
  value,
});

/** A KMIP 2.1 Request Message in KMIP JSON with these batch items (operation, payload items). */
export function kmipJsonRequest(
  items: readonly { operation: string; payload: readonly unknown[] }[],
): unknown {
  return {
    tag: 'RequestMessage',
    value: [
      {
        tag: 'RequestHeader',
        value: [
          {
            tag: 'ProtocolVersion',
            value: [
              jsonItem('ProtocolVersionMajor', 'Integer', 2),
              jsonItem('ProtocolVersionMinor', 'Integer', 1),
            ],
          },
          jsonItem('BatchCount', 'Integer', items.length),
        ],
      },
      ...items.map((b) => ({
        tag: 'BatchItem',
        value: [
          jsonItem('Operation', 'Enumeration', b.operation),
          { tag: 'RequestPayload', value: b.payload },
        ],
      })),
    ],
  };
}

/** A Create payload for an AES-128 key (Encrypt|Decrypt) with these more attributes. */
export function createAesPayload(more: readonly unknown[] = []): unknown[] {
  return [
    jsonItem('ObjectType', 'Enumeration', 'SymmetricKey'),
    {
      tag: 'Attributes',
      value: [
        jsonItem('CryptographicAlgorithm', 'Enumeration', 'AES'),
        jsonItem('CryptographicLength', 'Integer', 128),
        jsonItem('CryptographicUsageMask', 'Integer', 'Encrypt|Decrypt'),
        ...more,
      ],
    },
  ];
}

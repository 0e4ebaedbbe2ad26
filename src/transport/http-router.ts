// A small HTTP router shared by the HTTPS listener (POST /kmip, and whatever is added next to it)
// and the admin listener (/metrics, /healthz, /readyz): a route is an exact path or a path
// prefix, optionally limited to some methods. An unknown path gets 404, a known path with a method
// it does not serve gets 405 with Allow (RFC 9110 §15.5.6), a handler that throws gets 500 with
// no detail (the detail goes to the log, never to the peer).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../log/logger.js';

export interface HttpExchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** The request path without its query string. */
  readonly path: string;
}

export type RouteHandler = (x: HttpExchange) => Promise<void> | void;

export interface Route {
  /** '/kmip' (exact) or, with prefix, the start of every path served ('/ui/'). */
  readonly path: string;
  readonly prefix?: boolean;
  /** Methods served (GET also serves HEAD); undefined: the handler looks at the method itself. */
  readonly methods?: readonly string[];
  readonly handler: RouteHandler;
}

export interface RouterOptions {
  readonly log: Logger;
  /** Answers a path no route serves (default: 404, plain text). */
  readonly notFound?: RouteHandler;
}

/** Writes a whole response with Content-Length; KMIP responses are never cached (HTTPS profile). */
export function respond(
  res: ServerResponse,
  status: number,
  contentType: string,
  body: string | Uint8Array,
  headers: Readonly<Record<string, string>> = {},
): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': String(bytes.length),
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(res.req.method === 'HEAD' ? undefined : bytes);
}

function plain(res: ServerResponse, status: number, text: string, headers?: Record<string, string>): void {
  respond(res, status, 'text/plain; charset=utf-8', `${text}\n`, headers);
}

export class HttpRouter {
  readonly #routes: Route[] = [];
  readonly #opts: RouterOptions;

  constructor(opts: RouterOptions) {
    this.#opts = opts;
  }

  /** Adds a route; an exact path wins over a prefix, a longer prefix over a shorter one. */
  add(route: Route): this {
    this.#routes.push(route);
    this.#routes.sort(
      (a, b) => Number(a.prefix === true) - Number(b.prefix === true) || b.path.length - a.path.length,
    );
    return this;
  }

  /** The route serving a path, if any. */
  find(path: string): Route | undefined {
    return this.#routes.find((r) => (r.prefix === true ? path.startsWith(r.path) : path === r.path));
  }

  /** Answers one request; never throws. */
  async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const x: HttpExchange = { req, res, path: q < 0 ? url : url.slice(0, q) };
    try {
      const route = this.find(x.path);
      if (route === undefined) {
        if (this.#opts.notFound !== undefined) await this.#opts.notFound(x);
        else plain(res, 404, `not found: ${x.path}`);
        return;
      }
      const methods = route.methods;
      const method = req.method ?? 'GET';
      if (methods !== undefined && !methods.includes(method === 'HEAD' ? 'GET' : method)) {
        plain(res, 405, `${x.path} answers ${methods.join(', ')}, not ${method}`, {
          Allow: methods.join(', '),
        });
        return;
      }
      await route.handler(x);
    } catch (err) {
      this.#opts.log.error('HTTP handler failed', {
        path: x.path,
        error: err instanceof Error ? (err.stack ?? err.message) : String(err),
      });
      if (!res.headersSent) plain(res, 500, 'internal error; see the server log');
      else res.destroy();
    }
  }
}

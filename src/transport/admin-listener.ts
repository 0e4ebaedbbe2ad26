// The admin listener (admin_port, on 127.0.0.1 unless admin_host says otherwise), plain HTTP and
// never on a KMIP port: GET /metrics (Prometheus text format), /healthz (the process answers) and
// /readyz (200 when every check passes, else 503; the body lists the checks as JSON). What the
// metrics and checks are is the caller's: one process, or a cluster primary asking its workers.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listenOn } from './listen.js';
import type { Logger } from '../log/logger.js';
import { HttpRouter, respond } from './http-router.js';

export interface ReadinessCheck {
  readonly ok: boolean;
  /** Why it failed (or what was found), for the operator reading /readyz. */
  readonly detail?: string;
}

export interface Readiness {
  readonly ready: boolean;
  readonly checks: Readonly<Record<string, ReadinessCheck>>;
}

export interface AdminHandlers {
  /** The exposition text and its content type. */
  metrics(): Promise<{ readonly contentType: string; readonly body: string }>;
  readiness(): Promise<Readiness>;
}

export interface AdminListenerOptions {
  readonly host: string;
  readonly port: number;
  readonly log: Logger;
  readonly handlers: AdminHandlers;
}

/** Readiness from named checks: ready when all pass (and there is at least one). */
export function readinessOf(checks: Readonly<Record<string, ReadinessCheck>>): Readiness {
  const all = Object.values(checks);
  return { ready: all.length > 0 && all.every((c) => c.ok), checks };
}

export class AdminListener {
  readonly #opts: AdminListenerOptions;
  readonly #server: Server;

  constructor(opts: AdminListenerOptions) {
    this.#opts = opts;
    const router = new HttpRouter({ log: opts.log })
      .add({
        path: '/metrics',
        methods: ['GET'],
        handler: async ({ res }) => {
          try {
            const m = await opts.handlers.metrics();
            respond(res, 200, m.contentType, m.body);
          } catch (err) {
            const why = err instanceof Error ? err.message : String(err);
            opts.log.warn('metrics unavailable', { error: why });
            respond(res, 503, 'text/plain; charset=utf-8', `metrics unavailable: ${why}\n`);
          }
        },
      })
      .add({
        path: '/healthz',
        methods: ['GET'],
        handler: ({ res }) => respond(res, 200, 'text/plain; charset=utf-8', 'ok\n'),
      })
      .add({
        path: '/readyz',
        methods: ['GET'],
        handler: async ({ res }) => {
          const r = await opts.handlers.readiness();
          respond(res, r.ready ? 200 : 503, 'application/json', `${JSON.stringify(r)}\n`);
        },
      });
    this.#server = createServer({ requestTimeout: 30_000, keepAliveTimeout: 5_000 }, (req, res) => {
      void router.dispatch(req, res);
    });
    this.#server.on('error', (err: Error) => opts.log.error('admin listener error', { error: err.message }));
  }

  listen(): Promise<AddressInfo> {
    return listenOn(this.#server, this.#opts.port, this.#opts.host);
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.#server.closeAllConnections();
    await closed;
  }
}

// The HTTP router both listeners share: exact paths before prefixes (longest first), 404 and 405
// (with Allow) by default, HEAD served by GET routes, the query string ignored, a handler that
// throws answered 500 with no detail while the detail goes to the log.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { HttpRouter, respond } from './http-router.js';
import { CapturingLogger } from '../../test/hardening/server-fixture.js';
import { httpGet } from '../../test/helpers/https-request.js';
import { request } from 'node:http';

const log = new CapturingLogger();
let server: Server;
let port: number;

before(async () => {
  const text =
    (body: string) =>
    ({ res }: { res: Parameters<typeof respond>[0] }) =>
      respond(res, 200, 'text/plain', body);
  const router = new HttpRouter({ log })
    .add({ path: '/ui/', prefix: true, handler: text('ui') })
    .add({ path: '/ui/api/', prefix: true, handler: text('api') })
    .add({ path: '/ui/login', methods: ['POST'], handler: text('login') })
    .add({ path: '/status', methods: ['GET'], handler: text('status') })
    .add({
      path: '/boom',
      handler: () => {
        throw new Error('secret detail at /srv/app/x.ts:12');
      },
    });
  server = createServer((req, res) => void router.dispatch(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

test('exact paths win over prefixes, longer prefixes over shorter ones', async () => {
  assert.equal((await httpGet(port, '/ui/index.html')).body.toString(), 'ui');
  assert.equal((await httpGet(port, '/ui/api/keys?offset=2')).body.toString(), 'api');
  assert.equal((await httpGet(port, '/status?verbose=1')).body.toString(), 'status');
});

test('an unknown path is 404; a method a route does not serve is 405 with Allow', async () => {
  const missing = await httpGet(port, '/nothing');
  assert.equal(missing.status, 404);
  assert.match(missing.body.toString(), /not found: \/nothing/);
  const wrong = await httpGet(port, '/ui/login');
  assert.equal(wrong.status, 405);
  assert.equal(wrong.headers.allow, 'POST');
});

test('HEAD is served by a GET route, without a body', async () => {
  const reply = await new Promise<{ status: number; length: string | undefined; body: number }>((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/status', method: 'HEAD', agent: false }, (res) => {
      let body = 0;
      res.on('data', (c: Buffer) => (body += c.length));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, length: res.headers['content-length'], body }),
      );
    });
    req.end();
  });
  assert.deepEqual(reply, { status: 200, length: '6', body: 0 });
});

test('a handler that throws: 500 without the detail, which goes to the log', async () => {
  const r = await httpGet(port, '/boom');
  assert.equal(r.status, 500);
  assert.doesNotMatch(r.body.toString(), /secret detail|x\.ts/);
  assert.equal(r.headers['x-content-type-options'], 'nosniff');
  assert.equal(log.matching(/HTTP handler failed.*secret detail/).length, 1);
});

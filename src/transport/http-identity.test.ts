// Identity of an HTTP request from its connection's client certificate: only a verified
// certificate counts, the identity rules run once per connection, and a rule that throws is a
// refusal rather than a crash.
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import { test } from 'node:test';
import { certificateIdentity } from './http-identity.js';

function tlsSocket(authorized: boolean, authorizationError?: string): TLSSocket {
  return Object.assign(Object.create(TLSSocket.prototype) as TLSSocket, { authorized, authorizationError });
}

const request = (socket: Socket): IncomingMessage => ({ socket }) as IncomingMessage;

test('a verified certificate: the identity rules run once per connection', () => {
  let calls = 0;
  const identify = certificateIdentity(() => {
    calls++;
    return { ok: true, identity: 'demo-client' };
  });
  const socket = tlsSocket(true);
  assert.deepEqual(identify(request(socket)), { ok: true, identity: 'demo-client' });
  assert.deepEqual(identify(request(socket)), { ok: true, identity: 'demo-client' });
  assert.equal(calls, 1);
  identify(request(tlsSocket(true)));
  assert.equal(calls, 2, 'another connection is checked anew');
});

test('an unverified certificate, or no TLS at all, is no identity', () => {
  const identify = certificateIdentity(() => ({ ok: true, identity: 'should not be asked' }));
  const unverified = identify(request(tlsSocket(false, 'CERT_HAS_EXPIRED')));
  assert.equal(unverified.ok, false);
  assert.match(unverified.ok ? '' : unverified.reason, /no verified client certificate \(CERT_HAS_EXPIRED\)/);
  assert.equal(identify(request(new Socket())).ok, false);
});

test('identity rules that throw refuse the request', () => {
  const identify = certificateIdentity(() => {
    throw new Error('parser exploded');
  });
  const who = identify(request(tlsSocket(true)));
  assert.deepEqual(who, { ok: false, reason: 'identity check failed: parser exploded' });
});

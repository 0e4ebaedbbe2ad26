// Result Reasons about the message rather than an operation (KMIP 2.1 §8, §9.1 Table 212 "General
// Errors"; 1.4 Table 327): malformed requests, Maximum Response Size, operations without a handler,
// answers the request's version cannot express, and credentials the SLUGS authenticator refuses.
import type { Harness } from '../helpers/engine-harness.js';
import { batchResult } from '../helpers/engine-harness.js';
import { createKey, uidXml } from '../helpers/object-fixtures.js';
import { createAuthenticator } from '../../src/auth/authenticator.js';
import { silentLogger } from '../../src/log/logger.js';
import { Operation } from '../../src/spec/generated/enums.js';
import { OPERATIONS } from '../../src/operations/dispatch.js';
import { type ScenarioTable, engineHarness, messageXml, uidOf } from './scenarios.js';

/**
 * The server's own SLUGS authenticator (src/auth/authenticator.ts). Its service is never asked
 * here: a Credential naming another user than the certificate's is refused before any lookup.
 */
export const slugsHarness = (): Promise<Harness> => {
  const authenticate = createAuthenticator(
    [{ name: 'auth:slugs', settings: { enabled: 'True', url: 'http://127.0.0.1:9/slugs/' } }],
    { log: silentLogger },
  );
  if (authenticate === undefined) throw new Error('the SLUGS plugin is not enabled');
  return engineHarness({ authenticate });
};

/** KMIP operations (one-word names) that src/operations/dispatch.ts has no handler for, today. */
export function unhandledOperations(): string[] {
  const candidates = ['Notify', 'Put', 'Login', 'Logout', 'DelegatedLogin', 'Process'] as const;
  const out = candidates.filter((name) => !OPERATIONS.has(Operation[name]));
  if (out.length === 0) throw new Error('every candidate operation has a handler now: pick another');
  return out;
}

export function credentialXml(username: string, password: string): string {
  return `<Authentication><Credential><CredentialType type="Enumeration" value="UsernameAndPassword"/>
    <CredentialValue><Username type="TextString" value="${username}"/><Password type="TextString" value="${password}"/>
    </CredentialValue></Credential></Authentication>`;
}

export const MESSAGE_SCENARIOS: ScenarioTable = {
  InvalidAsynchronousCorrelationValue: {
    does: 'Poll of a correlation value the server never handed out (it answers synchronously)',
    at: [
      ['2.1', 'InvalidAsynchronousCorrelationValue'],
      ['1.4', 'ItemNotFound'],
    ],
    run: async (h, v) => ({
      result: await h.op('Poll', '<AsynchronousCorrelationValue type="ByteString" value="0badc0de"/>', {
        version: v,
      }),
      mentions: /0badc0de/,
    }),
  },
  InvalidMessage: {
    does: 'a request whose Batch Count says 2 but which holds 1 Batch Item',
    at: [
      ['2.1', 'InvalidMessage'],
      ['1.4', 'InvalidMessage'],
    ],
    run: async (h, v) => {
      const response = await h.send(messageXml(v, [{ operation: 'Query', payload: '' }], { batchCount: 2 }));
      return { result: batchResult(response), mentions: /Batch Count/ };
    },
  },
  ResponseTooLarge: {
    does: 'Get of a key with a Maximum Response Size of 100 bytes',
    at: [
      ['2.1', 'ResponseTooLarge'],
      ['1.4', 'ResponseTooLarge'],
    ],
    run: async (h, v) => {
      const uid = await createKey(h);
      const response = await h.send(
        messageXml(v, [{ operation: 'Get', payload: uidXml(uid) }], {
          headerExtra: '<MaximumResponseSize type="Integer" value="100"/>',
        }),
      );
      return { result: batchResult(response), mentions: /Maximum Response Size of 100/ };
    },
  },
  OperationNotSupported: {
    does: 'an operation without a handler in src/operations/dispatch.ts (Certify, or the next unhandled one)',
    at: [
      ['2.1', 'OperationNotSupported'],
      ['1.4', 'OperationNotSupported'],
    ],
    run: async (h, v) => {
      const [operation = 'Notify'] = unhandledOperations();
      return {
        result: await h.op(operation, uidXml('any-uid'), { version: v }),
        mentions: new RegExp(`${operation} is not supported`),
      };
    },
  },
  FeatureNotSupported: {
    does: 'Get at 1.3 of a ChaCha20 key (the algorithm is new in 1.4: the answer cannot be said)',
    at: [
      ['1.3', 'FeatureNotSupported'],
      ['1.0', 'FeatureNotSupported'],
    ],
    run: async (h, v) => {
      const created = await h.op(
        'Create',
        `<ObjectType type="Enumeration" value="SymmetricKey"/><Attributes>
          <CryptographicAlgorithm type="Enumeration" value="ChaCha20"/><CryptographicLength type="Integer" value="256"/>
          <CryptographicUsageMask type="Integer" value="Encrypt"/></Attributes>`,
        { version: '2.1' },
      );
      const uid = uidOf(created, 'Create ChaCha20 key');
      return { result: await h.op('Get', uidXml(uid), { version: v }), mentions: /ChaCha20/ };
    },
  },
  AuthenticationNotSuccessful: {
    does: 'a request as alice whose header Credential names mallory (SLUGS authenticator)',
    at: [
      ['2.1', 'AuthenticationNotSuccessful'],
      ['1.4', 'AuthenticationNotSuccessful'],
    ],
    harness: slugsHarness,
    run: async (h, v) => {
      const response = await h.send(
        messageXml(v, [{ operation: 'Query', payload: '' }], {
          headerExtra: credentialXml('mallory', 'guess'),
        }),
      );
      return { result: batchResult(response), mentions: /Credential's Username/ };
    },
  },
};

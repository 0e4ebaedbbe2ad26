// Shared pieces of the client suite: what a server under test provides, the per-test context,
// and the rule for skipping an operation the server does not offer.
import type { TestContext } from 'node:test';
import type { DemoCertificates } from '../../src/transport/demo-certs.js';
import type { KmipClient } from '../../src/client/kmip-client.js';
import type { KmipClientOptions } from '../../src/client/kmip-client-core.js';
import { KmipClientError, KmipResultError } from '../../src/client/errors.js';

export interface SuiteServer {
  readonly host: string;
  readonly port: number;
  readonly certs: DemoCertificates;
  stop(): Promise<void>;
}

export interface ClientSuiteOptions {
  readonly label: string;
  readonly skip: string | undefined;
  readonly start: () => Promise<SuiteServer>;
  /** Protocol versions each test group runs in. */
  readonly versions: readonly string[];
  /** What Discover Versions negotiation must settle on. */
  readonly negotiated: string;
  /** Given to every client (transport: 'https', say). */
  readonly clientOptions?: Partial<KmipClientOptions>;
}

export interface SuiteContext {
  /** A client for the version (pipelining depth `depth`, default 1). */
  client(version: string | undefined, extra?: Partial<KmipClientOptions>): KmipClient;
  /** A name no other test uses. */
  name(what: string): string;
  certs(): DemoCertificates;
}

/**
 * Runs `fn`; when the server does not offer the operation, skips the test with the server's
 * words and returns undefined. "Does not offer": Operation Not Supported, a 2.x-only operation
 * at 1.x, or any refusal of an operation the server leaves out of its Query Operations answer
 * (pykmip-server cannot even parse requests for operations it lacks: Invalid Message).
 */
export async function whenSupported<T>(
  t: TestContext,
  client: KmipClient,
  fn: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof KmipResultError && err.operationNotSupported) {
      t.skip(`the server answered Operation Not Supported: ${err.resultMessage ?? ''}`);
      return undefined;
    }
    if (err instanceof KmipClientError && err.code === 'unsupported') {
      t.skip(err.message);
      return undefined;
    }
    if (err instanceof KmipResultError && err.operationName !== undefined) {
      const offered = (await client.query(['QueryOperations'])).operations;
      if (!offered.includes(err.operationName)) {
        t.skip(`${err.operationName} is not in the server's Query Operations; it answered: ${err.message}`);
        return undefined;
      }
    }
    throw err;
  }
}

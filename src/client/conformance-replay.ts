// Replays OASIS KMIP test cases (KMIP XML files) against a server through the client: each
// request goes out as written (its own protocol version and header) over the client's
// connection, and src/conformance compares the reply with the case's expected one. The cases run
// as the conformance test runs them (src/conformance/suite.ts): the profiles whose cases build on
// each other (TL, SASED) in case order with one shared session. A real server cannot be reset
// between cases, so every case meets the state the earlier ones left.
import { runSuite, listCaseFiles } from '../conformance/suite.js';
import type { CaseResult } from '../conformance/runner.js';
import type { KmipClientCore } from './kmip-client-core.js';
import type { TtlvItem } from '../ttlv/item.js';

export { listCaseFiles as caseFiles } from '../conformance/suite.js';

export interface ReplayOptions {
  /** Only files whose path contains this text. */
  readonly filter?: string;
  /** Called once the file list is known, with its length (progress). */
  readonly onStart?: (total: number) => void;
  /** Called after each case (progress). */
  readonly onCase?: (result: CaseResult) => void;
}

export async function replayCases(
  client: KmipClientCore,
  path: string,
  o: ReplayOptions = {},
): Promise<CaseResult[]> {
  const files = listCaseFiles(path).filter((f) => o.filter === undefined || f.includes(o.filter));
  o.onStart?.(files.length);
  const target = {
    send: (req: TtlvItem) => client.sendMessage(req),
    close: async () => undefined,
  };
  return runSuite(files, async () => target, o.onCase);
}

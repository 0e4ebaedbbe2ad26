// Facts about this server that operations report (Query) or depend on (limits), and the PKCS#11
// library the PKCS#11 operation calls.
import type { Pkcs11Service } from './pkcs11-service.js';

export interface ServerInfo {
  readonly vendorIdentification: string;
  readonly serverInformation: string;
  /** The operations the dispatch table holds, for Query Operations. */
  readonly operations: readonly number[];
  /** The object types the server stores, for Query Objects. */
  readonly objectTypes: readonly number[];
  /** The library behind the PKCS#11 operation; none: the operation is not supported. */
  readonly pkcs11?: Pkcs11Service;
}

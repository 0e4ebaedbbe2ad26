// Facts about this server that operations report (Query) or depend on (limits).
export interface ServerInfo {
  readonly vendorIdentification: string;
  readonly serverInformation: string;
  /** The operations the dispatch table holds, for Query Operations. */
  readonly operations: readonly number[];
  /** The object types the server stores, for Query Objects. */
  readonly objectTypes: readonly number[];
}

// Every failure of the wire layer is a TtlvError carrying the byte offset where it was found, so
// the transport can answer Invalid Message (or close) and a log line can point at the bad byte.

export const TtlvErrorCode = Object.freeze({
  Truncated: 'truncated',
  UnknownType: 'unknown-type',
  BadLength: 'bad-length',
  BadPadding: 'bad-padding',
  Overrun: 'overrun',
  TooDeep: 'too-deep',
  TooLarge: 'too-large',
  BadUtf8: 'bad-utf8',
  BadTag: 'bad-tag',
  OutOfRange: 'out-of-range',
  BadEncoding: 'bad-encoding',
} as const);
export type TtlvErrorCode = (typeof TtlvErrorCode)[keyof typeof TtlvErrorCode];

export class TtlvError extends Error {
  override readonly name = 'TtlvError';
  readonly code: TtlvErrorCode;
  /** Byte offset in the input (binary), or -1 where there is none (XML, JSON, encoding). */
  readonly offset: number;
  // Plain fields, not parameter properties: erasableSyntaxOnly forbids those.
  constructor(code: TtlvErrorCode, message: string, offset = -1) {
    super(offset >= 0 ? `${message} (at byte ${offset})` : message);
    this.code = code;
    this.offset = offset;
  }
}

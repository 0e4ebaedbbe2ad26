// The one error of server configuration (file, flags, environment): it names where the bad
// value came from so an operator can fix it without guessing.

export class ServerConfigError extends Error {
  override readonly name = 'ServerConfigError';
  /** The configuration file, or '<command line>' / '<environment>'. */
  readonly file: string;
  /** 1-based line in the file, or 0 when there is none. */
  readonly line: number;
  /** The setting (lower-case key or flag) the error is about, when there is one. */
  readonly key: string | undefined;

  constructor(message: string, file: string, line = 0, key?: string) {
    const where = line > 0 ? `${file}:${line}` : file;
    super(key === undefined ? `${where}: ${message}` : `${where}: ${key}: ${message}`);
    this.file = file;
    this.line = line;
    this.key = key;
  }
}

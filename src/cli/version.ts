// The package's version, read from package.json (two levels above this file in src/cli and in
// dist/cli), for `kmip --version` and `kmip-server --version`.
import { readFileSync } from 'node:fs';

export const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

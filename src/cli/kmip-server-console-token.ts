// kmip-server console-token --identity NAME [--label TEXT] [--tokens-file FILE] [server options]
//
// Mints a web console sign-in token (src/console/console-tokens.ts: 32 random bytes), appends its
// SHA-256 and the identity to the console_tokens file, and prints the token once on standard
// output: the file cannot give it back. Deleting the token's line revokes it; a running server
// notices at the next request of any session signed in with it.
import { ServerConfigError } from '../config/config-error.js';
import { appendToken, mintToken } from '../console/console-tokens.js';
import { resolveServerConfig } from './server-config-resolve.js';

export function consoleTokenUsage(): string {
  return [
    'usage: kmip-server console-token --identity NAME [--label TEXT] [--tokens-file FILE] [server options]',
    '',
    '  Mints a sign-in token for the web console, adds its SHA-256 to the console_tokens file and',
    '  prints the token once (it cannot be shown again). Delete its line from the file to revoke it.',
    '',
    '  --identity NAME     who the token signs in as (the identity a client certificate would give)',
    '  --label TEXT        a note kept beside it in the file (whom it was given to)',
    '  --tokens-file FILE  the tokens file (default: console_tokens of server.conf)',
    '',
    'Server options (-f FILE, ...) say which server.conf names console_tokens.',
    '',
  ].join('\n');
}

interface TokenArgs {
  identity: string | undefined;
  label: string | undefined;
  file: string | undefined;
  help: boolean;
  rest: string[];
}

const OPTIONS = { '--identity': 'identity', '--label': 'label', '--tokens-file': 'file' } as const;

function parseTokenArgs(argv: readonly string[]): TokenArgs {
  const out: TokenArgs = { identity: undefined, label: undefined, file: undefined, help: false, rest: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const eq = a.indexOf('=');
    const flag = eq > 0 ? a.slice(0, eq) : a;
    if (Object.hasOwn(OPTIONS, flag)) {
      const value = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (value === undefined || value === '')
        throw new ServerConfigError(`${flag} needs a value\n\n${consoleTokenUsage()}`, '<command line>');
      out[OPTIONS[flag as keyof typeof OPTIONS]] = value;
    } else if (a === '-h' || a === '--help') out.help = true;
    else out.rest.push(a);
  }
  return out;
}

export function runConsoleToken(
  argv: readonly string[],
  out: (line: string) => void,
  err: (line: string) => void,
): number {
  const args = parseTokenArgs(argv);
  if (args.help) {
    out(consoleTokenUsage());
    return 0;
  }
  if (args.identity === undefined)
    throw new ServerConfigError(`--identity is required\n\n${consoleTokenUsage()}`, '<command line>');
  const file = args.file ?? resolveServerConfig(args.rest, process.env).consoleTokens;
  if (file === undefined) {
    throw new ServerConfigError(
      'no tokens file: set console_tokens in server.conf (or give --tokens-file FILE)',
      '<command line>',
    );
  }
  const { token, hash } = mintToken(args.identity);
  const when = new Date().toISOString();
  appendToken(
    file,
    hash,
    args.identity,
    `minted ${when}${args.label === undefined ? '' : ` for ${args.label}`}`,
  );
  out(token);
  err(
    `console token for ${args.identity} added to ${file} (sha256:${hash.slice(0, 12)}…). ` +
      'It is shown this once: keep it now. Delete its line to revoke it.',
  );
  return 0;
}

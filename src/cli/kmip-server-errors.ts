// Why kmip-server could not start, in one line: a configuration mistake (file, line, key), a
// master key that cannot be used, or a listening socket the system refused (port in use, a
// privileged port, an address this machine does not have). Anything else keeps its stack trace.
import { ServerConfigError } from '../config/config-error.js';
import { AuthConfigError } from '../auth/authenticator.js';
import { MasterKeyError } from '../store/master-key.js';
import { StartupFailure } from './cluster.js';
import { ConsoleTokensError } from '../console/console-tokens.js';

interface ListenFailure extends Error {
  readonly code?: string;
  readonly syscall?: string;
  readonly address?: string;
  readonly port?: number;
}

const LISTEN_FAILURES: Readonly<Record<string, (e: ListenFailure, where: string) => string>> = {
  EADDRINUSE: (e) =>
    `port ${e.port ?? '?'} is in use on ${e.address ?? 'this address'} (is pykmip-server or another ` +
    'kmip-server running?); stop it, or choose another port with -p',
  EACCES: (_e, where) =>
    `not allowed to listen on ${where}: ports below 1024 need root or the CAP_NET_BIND_SERVICE ` +
    'capability; or choose a port above 1023 with -p',
  EADDRNOTAVAIL: (_e, where) =>
    `cannot listen on ${where}: no network interface has that address (-n, hostname)`,
};

function listenLine(e: ListenFailure): string | undefined {
  if (e.syscall !== 'listen' && e.syscall !== 'bind') return undefined;
  const describe = e.code === undefined ? undefined : LISTEN_FAILURES[e.code];
  return describe?.(e, `${e.address ?? '?'}:${e.port ?? '?'}`);
}

/** The message for a failed start (without the "kmip-server: " prefix). */
export function startErrorMessage(err: unknown): string {
  if (
    err instanceof ServerConfigError ||
    err instanceof AuthConfigError ||
    err instanceof MasterKeyError ||
    err instanceof StartupFailure ||
    err instanceof ConsoleTokensError
  )
    return err.message;
  if (err instanceof Error) return listenLine(err) ?? err.stack ?? err.message;
  return String(err);
}

// The server's TLS material (certificate, key, CA bundle, CRLs) as one source that every TLS
// listener of the process shares (KMIP over TLS, KMIP over HTTPS), so one reload reaches them all.
// A reload (SIGHUP, `kmip-server reload`) rereads the files and, only when they make a usable
// context, swaps it in with tls.Server#setSecureContext: new handshakes use the new material,
// established connections keep theirs, except those of a client whose certificate the new CRLs
// revoke: each listener is told, and ends them. A reload that fails (a missing or half-written
// file, a key that does not match the certificate, a malformed CRL) changes nothing and says why.
import type { X509Certificate } from 'node:crypto';
import type { Server, TLSSocket, TlsOptions } from 'node:tls';
import { buildTlsServerOptions, type TlsServerOptionsResult, type TlsServerSettings } from './tls-options.js';
import { certificateIssuer, revocationKey } from './x509-crl.js';

export type TlsReloadResult =
  | {
      readonly ok: true;
      readonly warnings: readonly string[];
      readonly summary: Readonly<Record<string, string | number>>;
    }
  | { readonly ok: false; readonly error: string };

export class TlsMaterial {
  #options: TlsOptions;
  readonly #read: (() => TlsServerOptionsResult) | undefined;
  readonly #servers = new Map<Server, ((revoked: ReadonlySet<string>) => void) | undefined>();
  readonly #first: TlsServerOptionsResult | undefined;

  private constructor(
    options: TlsOptions,
    read?: () => TlsServerOptionsResult,
    first?: TlsServerOptionsResult,
  ) {
    this.#options = options;
    this.#read = read;
    this.#first = first;
  }

  /** Reads the files now (throws when they are unusable) and again on every reload. */
  static fromFiles(settings: TlsServerSettings): TlsMaterial {
    const read = (): TlsServerOptionsResult => buildTlsServerOptions(settings);
    const first = read();
    return new TlsMaterial(first.options, read, first);
  }

  /** Options that never change (tests, embedding): a reload keeps them. */
  static fixed(options: TlsOptions): TlsMaterial {
    return new TlsMaterial(options);
  }

  /** What the first read warned about (expiring certificate, out-of-date CRL, skipped suites). */
  get startupWarnings(): readonly string[] {
    return this.#first?.warnings ?? [];
  }

  /** What the first read loaded, for the start-up log. */
  get startupSummary(): Readonly<Record<string, string | number>> {
    return this.#first?.summary ?? {};
  }

  /** The options in force, for a listener being created. */
  get options(): TlsOptions {
    return this.#options;
  }

  /**
   * Keeps `server` on the material in force from now on; after each reload, `onRevoked` gets the
   * certificates the CRLs revoke (x509-crl.ts revocationKey). Returns the detach function.
   */
  attach(server: Server, onRevoked?: (revoked: ReadonlySet<string>) => void): () => void {
    this.#servers.set(server, onRevoked);
    return () => this.#servers.delete(server);
  }

  /** Rereads the files; on success every attached server takes the new material for new handshakes. */
  reload(): TlsReloadResult {
    if (this.#read === undefined) return { ok: true, warnings: [], summary: {} };
    let next: TlsServerOptionsResult;
    try {
      next = this.#read();
    } catch (e) {
      return { ok: false, error: (e as Error).message };
    }
    // Checked whole first (buildTlsServerOptions made a context from it), so no server can be
    // left half-way: setSecureContext builds the same context again.
    for (const server of this.#servers.keys()) server.setSecureContext(next.options);
    this.#options = next.options;
    for (const onRevoked of this.#servers.values()) onRevoked?.(next.revoked);
    return { ok: true, warnings: next.warnings, summary: next.summary };
  }
}

/** The peer's certificate when `revoked` (a reload's revoked set) names it; else undefined. */
export function revokedPeer(socket: TLSSocket, revoked: ReadonlySet<string>): X509Certificate | undefined {
  if (revoked.size === 0) return undefined;
  const cert = socket.getPeerX509Certificate();
  if (cert === undefined) return undefined;
  try {
    return revoked.has(revocationKey(certificateIssuer(cert.raw), cert.serialNumber)) ? cert : undefined;
  } catch {
    return undefined;
  }
}

/** What the log says of a connection ended because its client certificate is now revoked. */
export function revokedFields(socket: TLSSocket, cert: X509Certificate): Record<string, unknown> {
  return {
    remote: socket.remoteAddress,
    subject: cert.subject.replace(/\n/g, ', '),
    serial: cert.serialNumber,
  };
}

export const REVOKED_CLOSE = 'closing connection: its client certificate is now revoked (crl_path)';

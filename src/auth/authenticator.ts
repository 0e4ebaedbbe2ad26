// Third-party authentication (PyKMIP server docs "Third-Party Integration"; code:
// kmip/services/server/session.py KmipSession.authenticate): the engine's `authenticate` hook.
//  - Plugins come from the `[auth:…]` sections in file order. A section whose name starts with
//    `auth:slugs` is a SLUGS plugin, used only when its `enabled` is exactly "True" (PyKMIP
//    compares the string; "true" or "yes" leave it off, and we warn about that). Other `auth:`
//    sections are not supported and are skipped with a warning.
//  - The user is the client certificate's identity. Plugins are asked in order and the first that
//    knows the user wins: its groups become the session's groups. When every enabled plugin
//    fails, the request is refused with Authentication Not Successful (what PyKMIP answers for
//    any failure of its plugins: service down, unknown user, no groups).
//  - SLUGS is asked on every request, as PyKMIP does, unless the opt-in cache is on
//    (`slugs_cache_ttl`; slugs-cache.ts, and slugs-shared-cache.ts for several workers).
//  - With no plugin enabled there is no hook at all: the certificate identity alone, no group
//    information (`groups` undefined), and credentials in the request header are ignored.
//  - With a plugin enabled, a Username and Password Credential in the request header is accepted
//    when its Username is the certificate's user, and refused (Authentication Not Successful)
//    otherwise: a request may not speak for a user other than the one its certificate proves.
//    The Password is not checked (SLUGS keeps no passwords; PyKMIP's plugin ignores credentials
//    altogether) and is never logged. Other credential types are ignored, as PyKMIP does.
import type { Logger } from '../log/logger.js';
import type { EngineOptions, Session } from '../engine/engine.js';
import type { RequestHeader } from '../messages/request.js';
import { KmipError } from '../messages/kmip-error.js';
import { ResultReason } from '../spec/generated/enums.js';
import { SlugsConnector, SlugsFailure, type SlugsResult } from './slugs.js';

/** An `[auth:…]` section as the configuration reader keeps it (src/cli/server-config.ts). */
export interface AuthPluginConfig {
  /** 'auth:slugs', 'auth:slugs:primary' … */
  readonly name: string;
  /** Its line in the configuration file, for error messages. */
  readonly line?: number;
  readonly settings: Readonly<Record<string, string>>;
}

export interface AuthenticatorOptions {
  readonly log: Logger;
  /** Per SLUGS lookup; default 10 s. */
  readonly timeoutMs?: number | undefined;
  /** How long a known user's SLUGS answer is reused; default 0: ask on every request, as PyKMIP. */
  readonly cacheTtlMs?: number | undefined;
  /**
   * Asks a plugin about a user somewhere else than in this process: a cluster worker asks the
   * primary, which holds the one cache (slugs-shared-cache.ts). Default: the plugin itself.
   */
  readonly lookup?: ((plugin: SlugsConnector, user: string) => Promise<SlugsResult>) | undefined;
}

export type Authenticate = NonNullable<EngineOptions['authenticate']>;

/** A section that cannot work as written: the server refuses to start rather than refuse everyone. */
export class AuthConfigError extends Error {
  override readonly name = 'AuthConfigError';
}

const TRUTHY = /^(1|yes|true|on)$/i;

function where(section: AuthPluginConfig): string {
  return section.line !== undefined ? `[${section.name}] (line ${section.line})` : `[${section.name}]`;
}

/** The enabled SLUGS connectors, in configuration order, by PyKMIP's rules (see above). */
export function enabledPlugins(
  sections: readonly AuthPluginConfig[],
  o: AuthenticatorOptions,
): SlugsConnector[] {
  const plugins: SlugsConnector[] = [];
  for (const section of sections) {
    if (!section.name.startsWith('auth:slugs')) {
      o.log.warn(`authentication plugin ${where(section)} is not supported; skipped`);
      continue;
    }
    const enabled = section.settings['enabled'];
    if (enabled !== 'True') {
      if (enabled !== undefined && TRUTHY.test(enabled)) {
        o.log.warn(
          `${where(section)}: enabled=${enabled} leaves the plugin off; PyKMIP enables a plugin only ` +
            'with enabled=True, exactly',
        );
      }
      continue;
    }
    const url = section.settings['url'];
    if (url === undefined || url.trim() === '') {
      throw new AuthConfigError(`${where(section)} is enabled but has no url`);
    }
    try {
      plugins.push(
        new SlugsConnector({
          name: section.name,
          url: url.trim(),
          timeoutMs: o.timeoutMs,
          cacheTtlMs: o.cacheTtlMs,
          log: o.log,
        }),
      );
    } catch (e) {
      throw new AuthConfigError(`${where(section)}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return plugins;
}

function refuse(message: string): KmipError {
  return new KmipError(ResultReason.AuthenticationNotSuccessful, message);
}

/** Refuses a Username and Password Credential naming a user other than the certificate's. */
function checkCredentials(identity: string, header: RequestHeader): void {
  for (const c of header.credentials) {
    if (c.kind === 'username-password' && c.username !== identity) {
      throw refuse(
        "client authentication failed: the Credential's Username is not the user of the client certificate",
      );
    }
  }
}

function summary(name: string, r: SlugsResult): string {
  if (r.ok) return `${name}: ok`;
  switch (r.failure) {
    case SlugsFailure.UnknownUser:
      return `${name}: unknown user`;
    case SlugsFailure.NoGroups:
      return `${name}: no group information for the user`;
    case SlugsFailure.Unavailable:
      return `${name}: the service could not be reached or answered wrongly`;
  }
}

/**
 * The engine's `authenticate` hook for the configured plugins, or undefined when none is enabled
 * (then the certificate identity alone is used). Throws AuthConfigError for an unusable section.
 */
export function createAuthenticator(
  sections: readonly AuthPluginConfig[],
  o: AuthenticatorOptions,
): Authenticate | undefined {
  const plugins = enabledPlugins(sections, o);
  if (plugins.length === 0) {
    o.log.debug('no authentication plugins are enabled: the client identity comes from the certificate');
    return undefined;
  }
  o.log.info(`third-party authentication: ${plugins.map((p) => `${p.name} (${p.url})`).join(', ')}`);
  return async (session: Session, header: RequestHeader): Promise<Session> => {
    checkCredentials(session.identity, header);
    const results: string[] = [];
    for (const plugin of plugins) {
      const r = await (o.lookup?.(plugin, session.identity) ?? plugin.lookup(session.identity));
      if (r.ok) {
        o.log.debug('client authenticated', { identity: r.userId, plugin: plugin.name, groups: r.groups });
        return { identity: r.userId, groups: r.groups };
      }
      results.push(summary(plugin.name, r));
    }
    o.log.warn(`client authentication failed for '${session.identity}'`, { plugins: results });
    throw refuse(`client authentication failed for '${session.identity}': ${results.join('; ')}`);
  };
}

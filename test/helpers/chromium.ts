// Debian's Chromium for the web console tests, driven by playwright-core (no browser download):
// headless, no sandbox (CI runs as root), nothing fetched from the network, a fresh profile in the
// test's own directory. When Chromium is missing the tests skip with a message, unless
// KMIP_REQUIRE_CHROMIUM=1 (CI: .ci/run installs it), where they fail instead.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export function chromiumPath(): string {
  const fromEnv = process.env.KMIP_CHROMIUM;
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : '/usr/bin/chromium';
}

/** Why the browser tests cannot run here, or undefined when they can (or must). */
export function chromiumUnavailableReason(): string | undefined {
  if (existsSync(chromiumPath()) || process.env.KMIP_REQUIRE_CHROMIUM === '1') return undefined;
  return `Chromium not found at ${chromiumPath()} (install Debian's chromium package, or set KMIP_CHROMIUM)`;
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface BrowserIdentity {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Every console error and uncaught exception the page reported. */
  readonly errors: string[];
  close(): Promise<void>;
}

/**
 * A browser with its own profile under `dir`, presenting `certificate` (PEM paths) to `origin`
 * when given. The server's certificate is from the tests' own CA, which the browser does not know.
 */
export async function openBrowser(
  dir: string,
  name: string,
  o: { readonly origin: string; readonly certificate?: { readonly cert: string; readonly key: string } },
): Promise<BrowserIdentity> {
  const context = await chromium.launchPersistentContext(join(dir, `profile-${name}`), {
    executablePath: chromiumPath(),
    args: CHROMIUM_ARGS,
    headless: true,
    ignoreHTTPSErrors: true,
    viewport: { width: 1366, height: 768 },
    ...(o.certificate === undefined
      ? {}
      : {
          clientCertificates: [
            { origin: o.origin, certPath: o.certificate.cert, keyPath: o.certificate.key },
          ],
        }),
  });
  context.setDefaultTimeout(60_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`${name}: console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`${name}: uncaught: ${e.message}`));
  return { context, page, errors, close: () => context.close() };
}

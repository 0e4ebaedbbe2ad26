// The two HTML documents the web console serves: the sign-in page (the only one answered without a
// session; plain HTML, works without script) and the shell that loads the single-page app. No
// inline script or style anywhere (the Content Security Policy forbids them); every text placed in
// the HTML is escaped.
export const ASSETS_PATH = '/ui/assets/';

const ESCAPES: Readonly<Record<string, string>> = Object.freeze({
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
});

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

function documentOf(title: string, head: string, body: string): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<link rel="icon" href="${ASSETS_PATH}icon.svg" type="image/svg+xml">`,
    `<link rel="stylesheet" href="${ASSETS_PATH}console.css">`,
    head,
    '</head>',
    `<body>${body}</body>`,
    '</html>',
    '',
  ].join('\n');
}

/** The page that loads the app (console.js) for a signed-in person. */
export function appShell(): string {
  return documentOf(
    'kmip-ts console',
    `<script type="module" src="${ASSETS_PATH}console.js"></script>`,
    '<div id="app"><p class="loading">Loading the console…</p></div>' +
      '<noscript><p class="notice">The console needs JavaScript.</p></noscript>',
  );
}

export interface LoginPageOptions {
  /** The identity of the certificate the browser presents, when the identity rules accept it. */
  readonly certificateIdentity?: string | undefined;
  /** Why the certificate presented (if any) is not accepted. */
  readonly certificateRefusal?: string | undefined;
  /** Token sign-in is on (console_tokens); the form's CSRF field. */
  readonly tokenForm?: { readonly csrf: string } | undefined;
  /** A failed attempt's message. */
  readonly error?: string | undefined;
  /** A message after signing out. */
  readonly notice?: string | undefined;
}

export function loginPage(o: LoginPageOptions): string {
  const parts: string[] = ['<main class="login">', '<h1>kmip-ts console</h1>'];
  if (o.notice !== undefined) parts.push(`<p class="notice" role="status">${escapeHtml(o.notice)}</p>`);
  if (o.error !== undefined) parts.push(`<p class="error" role="alert">${escapeHtml(o.error)}</p>`);
  if (o.certificateIdentity !== undefined) {
    parts.push(
      '<section aria-labelledby="cert-title"><h2 id="cert-title">Client certificate</h2>',
      `<p>Your browser presents the certificate of <strong>${escapeHtml(o.certificateIdentity)}</strong>.</p>`,
      `<p><a class="button" href="/ui/">Continue as ${escapeHtml(o.certificateIdentity)}</a></p></section>`,
    );
  } else if (o.certificateRefusal !== undefined && o.tokenForm === undefined) {
    parts.push(
      `<p>Signing in needs a client certificate the server accepts: ${escapeHtml(o.certificateRefusal)}</p>`,
    );
  }
  if (o.tokenForm !== undefined) {
    parts.push(
      '<section aria-labelledby="token-title"><h2 id="token-title">Console token</h2>',
      '<form method="post" action="/ui/login">',
      `<input type="hidden" name="csrf" value="${escapeHtml(o.tokenForm.csrf)}">`,
      '<label for="token">Token (from <code>kmip-server console-token</code>)</label>',
      '<input id="token" name="token" type="password" autocomplete="off" required spellcheck="false">',
      '<button type="submit">Sign in</button>',
      '</form></section>',
    );
  }
  parts.push('</main>');
  return documentOf('Sign in · kmip-ts console', '', parts.join('\n'));
}

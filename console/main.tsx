// The web console's entry point (bundled into dist/ui/console.js): reads the session (identity,
// CSRF token), then renders the app into #app; without a session it goes to the sign-in page.
import { render } from 'preact';
import { ApiError, loadSession } from './api.js';
import { App } from './app.js';

const root = document.getElementById('app');

loadSession().then(
  (session) => {
    if (root === null) return;
    // render() keeps what is already in #app (the "Loading" line): clear it first.
    root.replaceChildren();
    render(<App session={session} />, root);
  },
  (e: unknown) => {
    if (e instanceof ApiError && e.status === 401) location.assign('/ui/login');
    else if (root !== null)
      root.textContent = `The console could not start: ${e instanceof Error ? e.message : String(e)}`;
  },
);

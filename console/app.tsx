// The console's frame: a skip link, the header with the three sections (Objects, Server, Audit
// log) and who is signed in (with Sign out, a form posting the CSRF token), and the page the URL
// names. When a call finds the session ended, the page says so and offers to sign in again.
import { useEffect, useState } from 'preact/hooks';
import type { SessionInfo } from '../src/console/console-api.js';
import { whenSessionEnds } from './api.js';
import { useRoute, type PageName } from './router.js';
import { ObjectsPage } from './pages/objects-page.js';
import { ObjectPage } from './pages/object-page.js';
import { ServerPage } from './pages/server-page.js';
import { AuditPage } from './pages/audit-page.js';

const SECTIONS: readonly { page: PageName; label: string }[] = [
  { page: 'objects', label: 'Objects' },
  { page: 'server', label: 'Server' },
  { page: 'audit', label: 'Audit log' },
];

export function App({ session }: { readonly session: SessionInfo }) {
  const route = useRoute();
  const [ended, setEnded] = useState<string | undefined>();
  useEffect(() => whenSessionEnds(setEnded), []);
  useEffect(() => {
    document.title = `${SECTIONS.find((s) => s.page === route.page)?.label ?? 'Object'} · kmip-ts console`;
    document.getElementById('main')?.focus();
  }, [route.page, route.uid]);
  const current = route.page === 'object' ? 'objects' : route.page;
  return (
    <>
      <a
        class="skip"
        href="#main"
        onClick={(e) => {
          // The fragment names pages: move the focus instead of following the link.
          e.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to content
      </a>
      <header class="topbar">
        <a class="brand" href="#/objects">
          kmip-ts console
        </a>
        <nav aria-label="Sections">
          {SECTIONS.map((s) => (
            <a key={s.page} href={`#/${s.page}`} aria-current={current === s.page ? 'page' : undefined}>
              {s.label}
            </a>
          ))}
        </nav>
        <div class="who">
          <span>
            <strong>{session.identity}</strong> (
            {session.via === 'certificate' ? 'client certificate' : 'token'}
            {session.admin ? ', administrator' : ''})
          </span>
          <form method="post" action="/ui/logout">
            <input type="hidden" name="csrf" value={session.csrf} />
            <button type="submit" class="secondary">
              Sign out
            </button>
          </form>
        </div>
      </header>
      {ended !== undefined && (
        <p class="problem session-ended" role="alert">
          Your session has ended ({ended}). <a href="/ui/login">Sign in again</a>
        </p>
      )}
      <main id="main" tabIndex={-1}>
        {route.page === 'objects' && <ObjectsPage params={route.params} />}
        {route.page === 'object' && <ObjectPage key={route.uid} uid={route.uid} />}
        {route.page === 'server' && <ServerPage admin={session.admin} identity={session.identity} />}
        {route.page === 'audit' && <AuditPage params={route.params} session={session} />}
      </main>
    </>
  );
}

// Which page the console shows, from the URL's fragment (#/objects?…, #/objects/UID, #/server,
// #/audit?…): a search or a page can be bookmarked and the Back button goes back, with no
// server route per page.
import { useEffect, useState } from 'preact/hooks';

export type PageName = 'objects' | 'object' | 'server' | 'audit';

export interface Route {
  readonly page: PageName;
  /** The object's Unique Identifier on an object page. */
  readonly uid: string;
  readonly params: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#\/?/, '');
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const params = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
  const [first = '', ...rest] = path.split('/');
  if (first === 'objects' && rest.length > 0)
    return { page: 'object', uid: decodeURIComponent(rest.join('/')), params };
  if (first === 'server' || first === 'audit') return { page: first, uid: '', params };
  return { page: 'objects', uid: '', params };
}

/** The fragment of a page, with the parameters that are set. */
export function hrefOf(
  page: 'objects' | 'server' | 'audit',
  params: Record<string, string | undefined> = {},
): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, v);
  const query = q.toString();
  return `#/${page}${query === '' ? '' : `?${query}`}`;
}

export const objectHref = (uid: string): string => `#/objects/${encodeURIComponent(uid)}`;

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const changed = (): void => setRoute(parseHash(location.hash));
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return route;
}

// A SLUGS-compatible HTTP service for tests, on 127.0.0.1: the REST interface of OpenKMIP/SLUGS
// (slugs/controllers.py) over a user/group mapping in SLUGS' CSV format
// (examples/user_group_mapping.csv: "user,group" per line; blank lines and '#' comments skipped,
// a line without exactly two fields is an error). Routes, under the mount point (/slugs):
//   /users                     {"users": [...]}
//   /users/{user}              null, or 404 "User not found."
//   /users/{user}/groups       {"groups": [...]}, or 404
//   /groups, /groups/{group}, /groups/{group}/users   likewise
// Tests can also delay answers, force a status for a path, or make it redirect every path to the
// same path with a trailing '/' (as CherryPy's trailing-slash tool may do).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type UserGroups = ReadonlyMap<string, readonly string[]>;

/** SLUGS' CSV: "user,group" lines. Throws on a malformed line, as SLUGS halts the reload. */
export function parseUserGroupCsv(text: string): Map<string, string[]> {
  const users = new Map<string, string[]>();
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const fields = line.split(',');
    const [user, group] = fields;
    if (fields.length !== 2 || user === undefined || group === undefined) {
      throw new Error(`user_group_mapping.csv line ${i + 1}: expected "user,group"`);
    }
    const groups = users.get(user.trim()) ?? [];
    if (!groups.includes(group.trim())) groups.push(group.trim());
    users.set(user.trim(), groups);
  }
  return users;
}

export interface FakeSlugsOptions {
  /** The mapping, as CSV text. */
  readonly csv: string;
  /** Default '/slugs' (where SLUGS mounts itself). */
  readonly mount?: string;
}

export interface FakeSlugs {
  /** The base URL to configure, without the trailing '/': http://127.0.0.1:PORT/slugs */
  readonly url: string;
  /** Every request path (as sent, percent-encoded), in order. */
  readonly requests: string[];
  /** Replaces the mapping. */
  load(csv: string): void;
  /** Milliseconds to wait before answering. */
  delayMs: number;
  /** Answer these paths (as sent) with this status instead (e.g. 500). */
  readonly forced: Map<string, number>;
  /** Redirect (301) paths not ending in '/' to the same path with one. */
  redirectToSlash: boolean;
  /** Stops listening (the port is then refused); resolves when closed. */
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function groupsIndex(users: UserGroups): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const [user, gs] of users) for (const g of gs) groups.set(g, [...(groups.get(g) ?? []), user]);
  return groups;
}

export async function startFakeSlugs(o: FakeSlugsOptions): Promise<FakeSlugs> {
  const mount = o.mount ?? '/slugs';
  let users: UserGroups = parseUserGroupCsv(o.csv);
  const answer = (path: string, res: ServerResponse): void => {
    const forced = fake.forced.get(path);
    if (forced !== undefined) return send(res, forced, { error: 'forced' });
    if (fake.redirectToSlash && !path.endsWith('/')) {
      res.writeHead(301, { location: `${path}/` });
      res.end();
      return;
    }
    if (!path.startsWith(`${mount}/`)) return send(res, 404, 'Collection not found.');
    let parts: string[];
    try {
      parts = path
        .slice(mount.length + 1)
        .split('/')
        .filter((p) => p !== '')
        .map((p) => decodeURIComponent(p));
    } catch {
      return send(res, 400, 'Bad path.');
    }
    const [collection, item, sub, subItem, extra] = parts;
    const byGroup = groupsIndex(users);
    if (extra !== undefined) return send(res, 404, 'Resource not found.');
    if (collection === 'users') {
      if (item === undefined) return send(res, 200, { users: [...users.keys()] });
      const gs = users.get(item);
      if (gs === undefined) return send(res, 404, 'User not found.');
      if (sub === undefined) return send(res, 200, null);
      if (sub !== 'groups') return send(res, 404, 'User attribute not found.');
      if (subItem === undefined) return send(res, 200, { groups: gs });
      return gs.includes(subItem) ? send(res, 200, null) : send(res, 404, 'Group not found.');
    }
    if (collection === 'groups') {
      if (item === undefined) return send(res, 200, { groups: [...byGroup.keys()] });
      const us = byGroup.get(item);
      if (us === undefined) return send(res, 404, 'Group not found.');
      if (sub === undefined) return send(res, 200, null);
      if (sub !== 'users') return send(res, 404, 'Group attribute not found.');
      if (subItem === undefined) return send(res, 200, { users: us });
      return us.includes(subItem) ? send(res, 200, null) : send(res, 404, 'User not found.');
    }
    if (collection === undefined) {
      return send(res, 200, { users: [...users.keys()], groups: [...byGroup.keys()] });
    }
    return send(res, 404, 'Collection not found.');
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    fake.requests.push(path);
    if (fake.delayMs > 0) setTimeout(() => answer(path, res), fake.delayMs);
    else answer(path, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  const fake: FakeSlugs = {
    url: `http://127.0.0.1:${port}${mount}`,
    requests: [],
    load: (csv) => {
      users = parseUserGroupCsv(csv);
    },
    delayMs: 0,
    forced: new Map(),
    redirectToSlash: false,
    close: () => {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closed;
    },
  };
  return fake;
}

/** A base URL on which nothing listens (a port the kernel gave us and we closed again). */
export async function deadSlugsUrl(): Promise<string> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return `http://127.0.0.1:${port}/slugs`;
}

// What the admin listener asks a backend, besides the Store interface: is the database reachable
// (/readyz) and how many objects of each type and state it holds (/metrics). Both backends
// implement it; a store without it (a test double) is reported as such.

/** How many objects have this Object Type and State (state undefined: objects without one). */
export interface ObjectCount {
  readonly objectType: number;
  readonly state: number | undefined;
  readonly count: number;
}

export interface ObservableStore {
  /** Resolves when the database answers a trivial query; rejects with the reason otherwise. */
  ping(): Promise<void>;
  /** One row per (Object Type, State) present. */
  countObjects(): Promise<ObjectCount[]>;
}

export function isObservable(store: object): store is ObservableStore {
  const s = store as Partial<ObservableStore>;
  return typeof s.ping === 'function' && typeof s.countObjects === 'function';
}

/** The SQL both backends run for countObjects (from the objects_type_state index alone). */
export const COUNT_OBJECTS_SQL =
  'SELECT object_type, state, count(*) AS n FROM objects GROUP BY object_type, state';

export interface ObjectCountRow {
  readonly object_type: number;
  readonly state: number | null;
  readonly n: number | string;
}

export function objectCountOf(row: ObjectCountRow): ObjectCount {
  return { objectType: row.object_type, state: row.state ?? undefined, count: Number(row.n) };
}

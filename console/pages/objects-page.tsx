// The objects table: the signed-in identity's objects, searched by name, type, state, algorithm, a
// custom x- attribute and a date range, one page at a time. The search lives in the URL; each page
// is one Locate (Offset Items, Maximum Items: the server pages, and Located Items counts all
// matches) and one batch of Get Attributes for the rows shown — never the whole set.
import { useEffect, useState } from 'preact/hooks';
import { spaced } from '../kmip/json-items.js';
import { findObjects, type ObjectFilter, type ObjectRow } from '../kmip/operations.js';
import { ALGORITHMS, DATE_ATTRIBUTES, OBJECT_TYPES, STATES } from '../kmip/vocabulary.js';
import { formatDate, formatNumber } from '../format.js';
import { hrefOf, objectHref } from '../router.js';
import { Problem } from '../parts/problem.js';
import { CreateKeys } from './create-keys.js';

const PAGE_SIZES = [25, 50, 100] as const;
const FIELDS = [
  'name',
  'type',
  'state',
  'alg',
  'xname',
  'xvalue',
  'date',
  'from',
  'to',
  'destroyed',
] as const;
type Field = (typeof FIELDS)[number];
type Search = Partial<Record<Field, string>>;

function searchOf(params: URLSearchParams): Search {
  const s: Search = {};
  for (const f of FIELDS) {
    const v = params.get(f);
    if (v !== null && v !== '') s[f] = v;
  }
  return s;
}

function filterOf(s: Search): ObjectFilter {
  const xname = s.xname === undefined ? undefined : s.xname.startsWith('x-') ? s.xname : `x-${s.xname}`;
  return {
    ...(s.name === undefined ? {} : { name: s.name }),
    ...(s.type === undefined ? {} : { objectType: s.type }),
    ...(s.state === undefined ? {} : { state: s.state }),
    ...(s.alg === undefined ? {} : { algorithm: s.alg }),
    ...(xname === undefined ? {} : { custom: { name: xname, value: s.xvalue ?? '' } }),
    ...(s.from === undefined && s.to === undefined
      ? {}
      : {
          date: {
            attribute: s.date ?? 'InitialDate',
            ...(s.from === undefined ? {} : { from: s.from }),
            ...(s.to === undefined ? {} : { to: s.to }),
          },
        }),
    ...(s.destroyed === undefined ? {} : { includeDestroyed: true }),
  };
}

function Choice(props: {
  readonly id: string;
  readonly label: string;
  readonly values: readonly string[];
  readonly value: string | undefined;
  readonly any?: string;
}) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.id} value={props.value ?? ''}>
        <option value="">{props.any ?? 'Any'}</option>
        {props.values.map((v) => (
          <option key={v} value={v}>
            {spaced(v)}
          </option>
        ))}
      </select>
    </div>
  );
}

function SearchForm({ search, size }: { readonly search: Search; readonly size: number }) {
  const submit = (e: SubmitEvent): void => {
    e.preventDefault();
    const data = new FormData(e.currentTarget as HTMLFormElement);
    const params: Record<string, string> = {};
    for (const f of FIELDS) {
      const v = data.get(f);
      if (typeof v === 'string' && v.trim() !== '') params[f] = v.trim();
    }
    location.hash = hrefOf('objects', { ...params, size: String(size) });
  };
  return (
    <form class="search" role="search" aria-label="Search objects" onSubmit={submit}>
      <div class="field">
        <label for="name">Name</label>
        <input id="name" name="name" type="search" value={search.name ?? ''} placeholder="exact name" />
      </div>
      <Choice id="type" label="Object type" values={OBJECT_TYPES} value={search.type} />
      <Choice id="state" label="State" values={STATES} value={search.state} />
      <Choice id="alg" label="Algorithm" values={ALGORITHMS} value={search.alg} />
      <div class="field">
        <label for="xname">Custom attribute</label>
        <input id="xname" name="xname" value={search.xname ?? ''} placeholder="x-bucket" />
      </div>
      <div class="field">
        <label for="xvalue">Its value</label>
        <input id="xvalue" name="xvalue" value={search.xvalue ?? ''} />
      </div>
      <Choice
        id="date"
        label="Date"
        values={DATE_ATTRIBUTES}
        value={search.date ?? 'InitialDate'}
        any="Initial Date"
      />
      <div class="field">
        <label for="from">From</label>
        <input id="from" name="from" type="date" value={search.from ?? ''} />
      </div>
      <div class="field">
        <label for="to">To</label>
        <input id="to" name="to" type="date" value={search.to ?? ''} />
      </div>
      <div class="field check">
        <input
          id="destroyed"
          name="destroyed"
          type="checkbox"
          value="1"
          checked={search.destroyed !== undefined}
        />
        <label for="destroyed">Include destroyed</label>
      </div>
      <div class="actions">
        <button type="submit">Search</button>
        <a class="button secondary" href={hrefOf('objects')}>
          Clear
        </a>
      </div>
    </form>
  );
}

function Pager(props: {
  readonly search: Search;
  readonly page: number;
  readonly size: number;
  readonly total: number;
}) {
  const { search, page, size, total } = props;
  const pages = Math.max(1, Math.ceil(total / size));
  const go = (p: number, s = size): string =>
    hrefOf('objects', { ...search, page: String(p), size: String(s) });
  const first = total === 0 ? 0 : (page - 1) * size + 1;
  const last = Math.min(total, page * size);
  return (
    <nav class="pager" aria-label="Pages of objects">
      <span>
        {formatNumber(first)}–{formatNumber(last)} of {formatNumber(total)}
      </span>
      {page > 1 ? <a href={go(page - 1)}>← Previous</a> : <span class="disabled">← Previous</span>}
      <span>
        page {formatNumber(page)} of {formatNumber(pages)}
      </span>
      {page < pages ? <a href={go(page + 1)}>Next →</a> : <span class="disabled">Next →</span>}
      <label for="size">Per page</label>
      <select
        id="size"
        value={String(size)}
        onChange={(e) => (location.hash = go(1, Number(e.currentTarget.value)))}
      >
        {PAGE_SIZES.map((n) => (
          <option key={n} value={String(n)}>
            {n}
          </option>
        ))}
      </select>
    </nav>
  );
}

export function ObjectsPage({ params }: { readonly params: URLSearchParams }) {
  const search = searchOf(params);
  const size = PAGE_SIZES.find((n) => String(n) === params.get('size')) ?? PAGE_SIZES[0];
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const [result, setResult] = useState<{ total: number; rows: ObjectRow[] } | undefined>();
  const [error, setError] = useState<unknown>();
  const key = params.toString();
  const filter = filterOf(search);
  useEffect(() => {
    let live = true;
    setError(undefined);
    findObjects(filter, (page - 1) * size, size).then(
      (r) => live && setResult(r),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
    // The search is the URL: `key` covers every input.
  }, [key]);
  return (
    <section aria-labelledby="objects-title">
      <h1 id="objects-title">Objects</h1>
      <SearchForm key={key} search={search} size={size} />
      <CreateKeys />
      <Problem error={error} />
      {result === undefined ? (
        error === undefined && <p class="muted">Searching…</p>
      ) : (
        <>
          <Pager search={search} page={page} size={size} total={result.total} />
          <table class="objects">
            <caption class="visually-hidden">Objects found</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Type</th>
                <th scope="col">Algorithm</th>
                <th scope="col">State</th>
                <th scope="col">Created</th>
                {filter.custom !== undefined && <th scope="col">{filter.custom.name}</th>}
                <th scope="col">Unique Identifier</th>
              </tr>
            </thead>
            <tbody>
              {result.rows.length === 0 && (
                <tr>
                  <td colSpan={7}>No object matches.</td>
                </tr>
              )}
              {result.rows.map((r) => (
                <tr key={r.uid}>
                  <td>
                    <a href={objectHref(r.uid)}>{r.name === '' ? '(no name)' : r.name}</a>
                  </td>
                  <td>{spaced(r.objectType)}</td>
                  <td>
                    {r.algorithm}
                    {r.length === '' ? '' : ` ${r.length}`}
                  </td>
                  <td>
                    <span class={`state ${r.state}`}>{spaced(r.state)}</span>
                  </td>
                  <td>{formatDate(r.initialDate)}</td>
                  {filter.custom !== undefined && <td>{r.custom}</td>}
                  <td class="uid">{r.uid}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

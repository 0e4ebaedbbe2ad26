// The audit log (audit_log: one hash-chained line per operation): the newest records, filtered by
// identity, operation and object, and whether each file's hash chain verifies — intact, or the
// first line that was removed or altered. A person who is not a console administrator sees only
// their own records. The filter lives in the URL.
import { useEffect, useState } from 'preact/hooks';
import type { AuditChainInfo, AuditReply, SessionInfo } from '../../src/console/console-api.js';
import { loadAudit } from '../api.js';
import { spaced } from '../kmip/json-items.js';
import { formatDate, formatNumber } from '../format.js';
import { hrefOf, objectHref } from '../router.js';
import { Problem } from '../parts/problem.js';
import { formText } from '../form.js';

const OPERATIONS = [
  'Create',
  'CreateKeyPair',
  'Register',
  'Locate',
  'Get',
  'GetAttributes',
  'AddAttribute',
  'ModifyAttribute',
  'DeleteAttribute',
  'Activate',
  'Revoke',
  'Destroy',
  'Encrypt',
  'Decrypt',
  'Sign',
  'ReKey',
];
const STEP = 100;

function Chain({ c }: { readonly c: AuditChainInfo }) {
  return c.ok ? (
    <li class="chain ok">
      <span aria-hidden="true">✔ </span>
      <strong>{c.file}</strong>: hash chain intact, {formatNumber(c.records)} records; head{' '}
      <code title={c.head}>{(c.head ?? '').slice(0, 16)}…</code>
    </li>
  ) : (
    <li class="chain broken">
      <span aria-hidden="true">✘ </span>
      <strong>{c.file}</strong>: hash chain broken at line {c.line}: {c.reason}
    </li>
  );
}

export function AuditPage({
  params,
  session,
}: {
  readonly params: URLSearchParams;
  readonly session: SessionInfo;
}) {
  const identity = session.admin ? (params.get('identity') ?? '') : session.identity;
  const operation = params.get('operation') ?? '';
  const object = params.get('object') ?? '';
  const limit = Math.max(STEP, Number(params.get('limit') ?? STEP) || STEP);
  const [reply, setReply] = useState<AuditReply | undefined>();
  const [error, setError] = useState<unknown>();
  const key = params.toString();
  useEffect(() => {
    let live = true;
    setError(undefined);
    loadAudit({ identity, operation, object, limit }).then(
      (r) => live && setReply(r),
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [key]);
  const submit = (e: SubmitEvent): void => {
    e.preventDefault();
    const data = new FormData(e.currentTarget as HTMLFormElement);
    const get = (n: string): string => formText(data, n);
    location.hash = hrefOf('audit', {
      identity: get('identity'),
      operation: get('operation'),
      object: get('object'),
    });
  };
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">Audit log</h1>
      <form class="search" role="search" aria-label="Filter the audit log" key={key} onSubmit={submit}>
        <div class="field">
          <label for="identity">Identity</label>
          <input id="identity" name="identity" value={identity} readOnly={!session.admin} />
        </div>
        <div class="field">
          <label for="operation">Operation</label>
          <select id="operation" name="operation" value={operation}>
            <option value="">Any</option>
            {OPERATIONS.map((o) => (
              <option key={o} value={o}>
                {spaced(o)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="object">Object (Unique Identifier)</label>
          <input id="object" name="object" value={object} />
        </div>
        <div class="actions">
          <button type="submit">Filter</button>
          <a class="button secondary" href={hrefOf('audit')}>
            Clear
          </a>
        </div>
      </form>
      {!session.admin && (
        <p class="muted">Only your own records are shown (console_admins see everyone's).</p>
      )}
      <Problem error={error} />
      {reply !== undefined && !reply.enabled && <p>This server keeps no audit log (audit_log is not set).</p>}
      {reply !== undefined && reply.enabled && (
        <>
          <ul class="chains" aria-label="Hash chain verification">
            {reply.chains.map((c) => (
              <Chain key={c.file} c={c} />
            ))}
          </ul>
          <p>
            The {formatNumber(reply.records.length)} newest matching records
            {reply.more ? '' : ' (all of them)'}
          </p>
          <table class="audit">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Identity</th>
                <th scope="col">Operation</th>
                <th scope="col">Objects</th>
                <th scope="col">Result</th>
              </tr>
            </thead>
            <tbody>
              {reply.records.map((r) => (
                <tr key={`${r.file}/${r.seq}`} class={r.status === 'Success' ? '' : 'failed'}>
                  <td>{formatDate(r.time)}</td>
                  <td>{r.identity}</td>
                  <td>{r.operation === null ? '—' : spaced(r.operation)}</td>
                  <td class="uid">
                    {r.uids.map((u) => (
                      <a key={u} href={objectHref(u)}>
                        {u}
                      </a>
                    ))}
                  </td>
                  <td>
                    {spaced(r.status)}
                    {r.reason === undefined ? '' : `: ${spaced(r.reason)}`}
                    {r.message === undefined ? '' : ` — ${r.message}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {reply.more && (
            <p>
              <a href={hrefOf('audit', { identity, operation, object, limit: String(limit + STEP) })}>
                Show older records
              </a>
            </p>
          )}
        </>
      )}
    </section>
  );
}

// The server page (console administrators): version, uptime, workers, connections, the request
// rate and errors by operation from the metrics, the store and its objects, the master key and
// its rotation, and the operation policies in force, read-only. Refreshed every 10 seconds.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { PolicyInfo, ServerInfoReply } from '../../src/console/console-api.js';
import { loadServer } from '../api.js';
import { spaced } from '../kmip/json-items.js';
import { formatBytes, formatDate, formatDuration, formatNumber } from '../format.js';
import { Problem } from '../parts/problem.js';
import { RateChart } from '../parts/rate-chart.js';

const REFRESH_MS = 10_000;

function Fact({ label, children }: { readonly label: string; readonly children: ComponentChildren }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** Rows of labels and a count, the count right-aligned. */
function CountTable(props: {
  readonly headers: readonly string[];
  readonly rows: readonly { readonly cells: readonly string[]; readonly count: number }[];
}) {
  return (
    <table>
      <thead>
        <tr>
          {props.headers.map((h) => (
            <th key={h} scope="col">
              {h}
            </th>
          ))}
          <th scope="col" class="number">
            Count
          </th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr key={r.cells.join('/')}>
            {r.cells.map((c, i) => (
              <td key={i}>{c}</td>
            ))}
            <td class="number">{formatNumber(r.count)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function PolicyTable({
  table,
}: {
  readonly table: Readonly<Record<string, Readonly<Record<string, string>>>>;
}) {
  return (
    <table class="policy">
      <thead>
        <tr>
          <th scope="col">Object type</th>
          <th scope="col">Operations</th>
        </tr>
      </thead>
      <tbody>
        {Object.entries(table).map(([type, ops]) => (
          <tr key={type}>
            <th scope="row">{type}</th>
            <td>
              {Object.entries(ops)
                .map(([op, permission]) => `${op}: ${permission}`)
                .join(', ')}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Policy({ p }: { readonly p: PolicyInfo }) {
  return (
    <details>
      <summary>
        {p.name}
        {p.builtin ? ' (built-in)' : ''}
      </summary>
      {p.preset !== undefined && <PolicyTable table={p.preset} />}
      {Object.entries(p.groups ?? {}).map(([group, table]) => (
        <div key={group}>
          <h4>Group {group}</h4>
          <PolicyTable table={table} />
        </div>
      ))}
    </details>
  );
}

function Report({ s }: { readonly s: ServerInfoReply }) {
  const objects = s.store.objects.reduce((n, o) => n + o.count, 0);
  return (
    <>
      <div class="cards">
        <section class="card" aria-labelledby="srv-title">
          <h2 id="srv-title">Server</h2>
          <dl class="facts">
            <Fact label="Version">kmip-ts {s.version}</Fact>
            <Fact label="Up for">{formatDuration(s.uptimeSeconds)}</Fact>
            <Fact label="Started">{formatDate(s.startedAt)}</Fact>
            <Fact label="Workers">
              {s.workers.reporting} of {s.workers.configured} reporting
            </Fact>
          </dl>
        </section>
        <section class="card" aria-labelledby="conn-title">
          <h2 id="conn-title">Connections</h2>
          <dl class="facts">
            {Object.entries(s.connections).map(([listener, n]) => (
              <Fact key={listener} label={`Open (${listener})`}>
                {formatNumber(n)}
              </Fact>
            ))}
            <Fact label="Accepted since start">{formatNumber(s.connectionsAccepted)}</Fact>
            <Fact label="Requests answered">{formatNumber(s.requestsTotal)}</Fact>
            <Fact label="Failed">{formatNumber(s.errorsTotal)}</Fact>
          </dl>
        </section>
        <section class="card" aria-labelledby="store-title">
          <h2 id="store-title">Store</h2>
          <dl class="facts">
            <Fact label="Database">{s.store.kind}</Fact>
            <Fact label="Objects">{formatNumber(objects)}</Fact>
            {s.store.bytes !== undefined && <Fact label="On disk">{formatBytes(s.store.bytes)}</Fact>}
          </dl>
        </section>
        <section class="card" aria-labelledby="key-title">
          <h2 id="key-title">Master key</h2>
          <dl class="facts">
            <Fact label="Sealing key">
              <code>{s.masterKey.sealingKeyId}</code> ({s.masterKey.source})
            </Fact>
            <Fact label="Older keys loaded">{s.masterKey.olderKeys}</Fact>
            {s.masterKey.staleObjects !== undefined && (
              <Fact label="Objects under older keys">{formatNumber(s.masterKey.staleObjects)}</Fact>
            )}
            {s.masterKey.keyFileChanged !== undefined && (
              <Fact label="Last rotation (key file written)">{formatDate(s.masterKey.keyFileChanged)}</Fact>
            )}
          </dl>
        </section>
      </div>
      <section aria-labelledby="rate-title">
        <h2 id="rate-title">Requests per second</h2>
        <RateChart samples={s.rate} />
      </section>
      <div class="columns">
        <section aria-labelledby="errors-title">
          <h2 id="errors-title">Errors by operation</h2>
          {s.errors.length === 0 ? (
            <p class="muted">No failed request since start.</p>
          ) : (
            <CountTable
              headers={['Operation', 'Result reason']}
              rows={s.errors.map((e) => ({ cells: [spaced(e.operation), spaced(e.reason)], count: e.count }))}
            />
          )}
        </section>
        <section aria-labelledby="objects-by-title">
          <h2 id="objects-by-title">Objects by type and state</h2>
          <CountTable
            headers={['Type', 'State']}
            rows={s.store.objects.map((o) => ({
              cells: [spaced(o.objectType), spaced(o.state)],
              count: o.count,
            }))}
          />
        </section>
      </div>
      <section aria-labelledby="policies-title">
        <h2 id="policies-title">Operation policies in force</h2>
        {s.policies.map((p) => (
          <Policy key={p.name} p={p} />
        ))}
      </section>
    </>
  );
}

export function ServerPage({ admin, identity }: { readonly admin: boolean; readonly identity: string }) {
  const [server, setServer] = useState<ServerInfoReply | undefined>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    // The server refuses others (403): not asked, not to log a failed request in the browser.
    if (!admin) return;
    let live = true;
    const load = (): void => {
      loadServer().then(
        (s) => {
          if (!live) return;
          setServer(s);
          setError(undefined);
        },
        (e: unknown) => live && setError(e),
      );
    };
    load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [admin]);
  return (
    <section aria-labelledby="server-title">
      <h1 id="server-title">Server</h1>
      {!admin && (
        <p class="notice">
          The server page is for console administrators; {identity} is not one (console_admins in server.conf
          lists them).
        </p>
      )}
      <Problem error={error} />
      {admin &&
        (server === undefined ? error === undefined && <p class="muted">Loading…</p> : <Report s={server} />)}
    </section>
  );
}

// An object's life as a picture (KMIP 2.1 §5 "Object States" and the dates that record each
// transition, §4: Initial Date, Activation Date, Deactivation Date, Compromise Occurrence Date,
// Compromise Date, Destroy Date, Archive Date): a time axis from the first date to now, coloured by
// the state the object was in, a marker per date; a date still to come (a scheduled Deactivation)
// is drawn dashed. The same dates follow as a list, for reading exact times and for screen readers.
import { childText, type Item } from '../kmip/json-items.js';
import { formatDate } from '../format.js';

interface Moment {
  readonly attribute: string;
  readonly label: string;
  /** The state that starts here, if the date marks one. */
  readonly state?: string;
  readonly at: number;
}

const DATES: readonly { attribute: string; label: string; state?: string }[] = [
  { attribute: 'InitialDate', label: 'Created', state: 'pre-active' },
  { attribute: 'ActivationDate', label: 'Activated', state: 'active' },
  { attribute: 'DeactivationDate', label: 'Deactivated', state: 'deactivated' },
  { attribute: 'CompromiseOccurrenceDate', label: 'Compromise occurred' },
  { attribute: 'CompromiseDate', label: 'Compromised', state: 'compromised' },
  { attribute: 'ArchiveDate', label: 'Archived' },
  { attribute: 'DestroyDate', label: 'Destroyed', state: 'destroyed' },
];

const WIDTH = 720;
const AXIS_Y = 58;
const LEFT = 16;
const RIGHT = WIDTH - 16;
const LABEL_ROWS = [22, 40, 84, 100];

export function moments(attributes: readonly Item[]): Moment[] {
  const root: Item = { tag: 'Attributes', value: attributes };
  const out: Moment[] = [];
  for (const d of DATES) {
    const at = Date.parse(childText(root, d.attribute));
    if (!Number.isNaN(at))
      out.push({ attribute: d.attribute, label: d.label, ...(d.state ? { state: d.state } : {}), at });
  }
  return out.sort((a, b) => a.at - b.at);
}

export function StateTimeline({
  attributes,
  now = Date.now(),
}: {
  readonly attributes: readonly Item[];
  readonly now?: number;
}) {
  const ms = moments(attributes);
  if (ms.length === 0) return <p>No lifecycle dates recorded.</p>;
  const start = ms[0]?.at ?? now;
  const end = Math.max(now, ms[ms.length - 1]?.at ?? now);
  const span = Math.max(end - start, 60_000);
  const x = (t: number): number => LEFT + ((t - start) / span) * (RIGHT - LEFT);
  const changes = ms.filter((m) => m.state !== undefined);
  const bands = changes.map((m, i) => {
    const next = changes[i + 1];
    const to = Math.min(next?.at ?? now, now);
    return { state: m.state ?? '', from: x(Math.min(m.at, now)), to: x(Math.max(to, Math.min(m.at, now))) };
  });
  const summary = ms.map((m) => `${m.label} ${formatDate(new Date(m.at).toISOString())}`).join('; ');
  return (
    <figure class="timeline">
      <svg viewBox={`0 0 ${WIDTH} 120`} role="img" aria-label={`State timeline: ${summary}`}>
        <line class="axis" x1={LEFT} y1={AXIS_Y} x2={RIGHT} y2={AXIS_Y} />
        {bands.map((b, i) => (
          <rect
            key={i}
            class={`band ${b.state}`}
            x={b.from}
            y={AXIS_Y - 6}
            width={Math.max(b.to - b.from, 2)}
            height={12}
          />
        ))}
        {ms.map((m, i) => {
          const cx = x(m.at);
          const row = LABEL_ROWS[i % LABEL_ROWS.length] ?? 22;
          const future = m.at > now;
          const anchor = cx < 80 ? 'start' : cx > WIDTH - 80 ? 'end' : 'middle';
          return (
            <g key={m.attribute} class={future ? 'moment future' : 'moment'}>
              <line class="stem" x1={cx} y1={AXIS_Y} x2={cx} y2={row < AXIS_Y ? row + 4 : row - 12} />
              <circle cx={cx} cy={AXIS_Y} r={5} />
              <text x={cx} y={row} text-anchor={anchor}>
                {m.label}
              </text>
            </g>
          );
        })}
        <line class="now" x1={x(now)} y1={AXIS_Y - 14} x2={x(now)} y2={AXIS_Y + 14} />
      </svg>
      <figcaption>
        <ol class="moments">
          {ms.map((m) => (
            <li key={m.attribute}>
              <span class={`dot ${m.state ?? 'event'}`} aria-hidden="true" />
              {m.label}:{' '}
              <time dateTime={new Date(m.at).toISOString()}>{formatDate(new Date(m.at).toISOString())}</time>
              {m.at > now ? ' (scheduled)' : ''}
            </li>
          ))}
        </ol>
      </figcaption>
    </figure>
  );
}

// Requests per second (and failed batch items per second) over the last minutes, as a small line
// chart: the server samples its request counters every 10 seconds (src/console/request-rate.ts).
import type { RateSample } from '../../src/console/console-api.js';
import { formatRate } from '../format.js';

const WIDTH = 640;
const HEIGHT = 160;
const PAD_LEFT = 44;
const PAD_BOTTOM = 22;
const PAD_TOP = 10;

function path(samples: readonly RateSample[], value: (s: RateSample) => number, max: number): string {
  const n = samples.length;
  return samples
    .map((s, i) => {
      const x = PAD_LEFT + (i / Math.max(n - 1, 1)) * (WIDTH - PAD_LEFT - 4);
      const y = HEIGHT - PAD_BOTTOM - (value(s) / max) * (HEIGHT - PAD_BOTTOM - PAD_TOP);
      return `${i === 0 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
}

const clock = (iso: string): string => iso.slice(11, 19);

export function RateChart({ samples }: { readonly samples: readonly RateSample[] }) {
  if (samples.length < 2) {
    return <p class="muted">Collecting… the request rate is sampled every few seconds.</p>;
  }
  const peak = Math.max(...samples.map((s) => s.requestsPerSecond));
  const max = peak > 0 ? peak * 1.1 : 1;
  const last = samples[samples.length - 1];
  const first = samples[0];
  const summary =
    `Requests per second from ${clock(first?.at ?? '')} to ${clock(last?.at ?? '')} UTC: ` +
    `now ${formatRate(last?.requestsPerSecond ?? 0)}, peak ${formatRate(peak)}, ` +
    `errors now ${formatRate(last?.errorsPerSecond ?? 0)} per second`;
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={summary}>
        <line class="grid" x1={PAD_LEFT} y1={PAD_TOP} x2={WIDTH} y2={PAD_TOP} />
        <line class="axis" x1={PAD_LEFT} y1={HEIGHT - PAD_BOTTOM} x2={WIDTH} y2={HEIGHT - PAD_BOTTOM} />
        <text class="tick" x={PAD_LEFT - 6} y={PAD_TOP + 4} text-anchor="end">
          {formatRate(max)}
        </text>
        <text class="tick" x={PAD_LEFT - 6} y={HEIGHT - PAD_BOTTOM} text-anchor="end">
          0
        </text>
        <text class="tick" x={PAD_LEFT} y={HEIGHT - 6}>
          {clock(first?.at ?? '')}
        </text>
        <text class="tick" x={WIDTH - 4} y={HEIGHT - 6} text-anchor="end">
          {clock(last?.at ?? '')} UTC
        </text>
        <path class="requests" d={path(samples, (s) => s.requestsPerSecond, max)} />
        <path class="errors" d={path(samples, (s) => s.errorsPerSecond, max)} />
      </svg>
      <figcaption>
        <span class="key requests" aria-hidden="true" /> requests/s (now{' '}
        {formatRate(last?.requestsPerSecond ?? 0)})
        <span class="key errors" aria-hidden="true" /> failed/s (now {formatRate(last?.errorsPerSecond ?? 0)})
      </figcaption>
    </figure>
  );
}

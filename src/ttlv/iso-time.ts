// ISO 8601 date-times for DateTime (seconds) and DateTime Extended (microseconds) in the XML and
// JSON encodings. Written in UTC as "2001-01-01T10:00:00+00:00" (the OASIS test cases' form),
// with ".ffffff" for DateTime Extended. Read: "YYYY-MM-DDThh:mm:ss[.fraction][Z|±hh:mm]", where a
// missing offset means UTC. Values outside years 0000-9999 have no such spelling (the writers
// fall back to hex).

import { TtlvError, TtlvErrorCode } from './errors.js';

const MIN_SECONDS = -62167219200n; // 0000-01-01T00:00:00Z
const MAX_SECONDS = 253402300799n; // 9999-12-31T23:59:59Z
const ISO =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;

/** "2001-01-01T10:00:00+00:00", or undefined outside years 0000-9999. */
export function secondsToIso(seconds: bigint): string | undefined {
  if (seconds < MIN_SECONDS || seconds > MAX_SECONDS) return undefined;
  return `${new Date(Number(seconds) * 1000).toISOString().slice(0, 19)}+00:00`;
}

/** "2001-01-01T10:00:00.000001+00:00", or undefined outside years 0000-9999. */
export function microsToIso(micros: bigint): string | undefined {
  const seconds = micros / 1_000_000n - (micros % 1_000_000n < 0n ? 1n : 0n);
  const fraction = micros - seconds * 1_000_000n;
  const base = secondsToIso(seconds);
  return base === undefined
    ? undefined
    : `${base.slice(0, 19)}.${fraction.toString().padStart(6, '0')}+00:00`;
}

/** Seconds since the epoch; a non-zero fraction is refused (DateTime has whole seconds). */
export function isoToSeconds(text: string, where: string): bigint {
  const { seconds, nanos } = parseIso(text, where);
  if (nanos !== 0)
    throw bad(`${where}: DateTime '${text}' has a fraction of a second (use DateTimeExtended)`);
  return seconds;
}

/** Microseconds since the epoch; digits below a microsecond must be zero. */
export function isoToMicros(text: string, where: string): bigint {
  const { seconds, nanos } = parseIso(text, where);
  if (nanos % 1000 !== 0) throw bad(`${where}: DateTimeExtended '${text}' is finer than a microsecond`);
  return seconds * 1_000_000n + BigInt(nanos / 1000);
}

function parseIso(text: string, where: string): { seconds: bigint; nanos: number } {
  const m = ISO.exec(text);
  if (m === null)
    throw bad(`${where}: '${text}' is not an ISO 8601 date-time (e.g. 2001-01-01T10:00:00+00:00)`);
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw bad(`${where}: '${text}' is not a calendar date`);
  }
  if (hour > 23 || minute > 59 || second > 60) throw bad(`${where}: '${text}' is not a time of day`);
  const sign = m[9] === '-' ? -1 : 1;
  const offsetHours = Number(m[10] ?? 0);
  const offsetMinutes = Number(m[11] ?? 0);
  if (offsetHours > 23 || offsetMinutes > 59) throw bad(`${where}: '${text}' has an invalid UTC offset`);
  const offset = sign * (offsetHours * 3600 + offsetMinutes * 60);
  const days = BigInt(Math.round(date.getTime() / 86_400_000));
  const seconds = days * 86400n + BigInt(hour * 3600 + minute * 60 + second - offset);
  const nanos = Number((m[7] ?? '').padEnd(9, '0'));
  return { seconds, nanos };
}

function bad(message: string): TtlvError {
  return new TtlvError(TtlvErrorCode.BadEncoding, message);
}

/** For display: the ISO spelling, or the raw number when it has none. */
export function iso8601(value: bigint, micros: boolean): string {
  return (micros ? microsToIso(value) : secondsToIso(value)) ?? `${value} ${micros ? 'µs' : 's'} since 1970`;
}

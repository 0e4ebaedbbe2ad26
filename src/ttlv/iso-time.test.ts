import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TtlvError } from './errors.js';
import { iso8601, isoToMicros, isoToSeconds, microsToIso, secondsToIso } from './iso-time.js';

describe('ISO 8601 date-times', () => {
  it('writes seconds in UTC with a +00:00 offset', () => {
    assert.equal(secondsToIso(978343200n), '2001-01-01T10:00:00+00:00');
    assert.equal(secondsToIso(0n), '1970-01-01T00:00:00+00:00');
    assert.equal(secondsToIso(-1n), '1969-12-31T23:59:59+00:00');
  });

  it('reads Z, +00:00, other offsets and no offset (UTC)', () => {
    assert.equal(isoToSeconds('2001-01-01T10:00:00Z', 'x'), 978343200n);
    assert.equal(isoToSeconds('2001-01-01T10:00:00+00:00', 'x'), 978343200n);
    assert.equal(isoToSeconds('2001-01-01T20:00:00+10:00', 'x'), 978343200n);
    assert.equal(isoToSeconds('2001-01-01T05:30:00-04:30', 'x'), 978343200n);
    assert.equal(isoToSeconds('2001-01-01T10:00:00', 'x'), 978343200n);
  });

  it('round-trips the ends of the 0000-9999 range and has no spelling outside it', () => {
    for (const s of ['0000-01-01T00:00:00+00:00', '0099-03-01T00:00:00+00:00', '9999-12-31T23:59:59+00:00']) {
      assert.equal(secondsToIso(isoToSeconds(s, 'x')), s);
    }
    assert.equal(secondsToIso(253402300800n), undefined);
    assert.equal(secondsToIso(-62167219201n), undefined);
  });

  it('keeps microseconds for DateTimeExtended, before and after the epoch', () => {
    assert.equal(microsToIso(978343200000001n), '2001-01-01T10:00:00.000001+00:00');
    assert.equal(microsToIso(-1n), '1969-12-31T23:59:59.999999+00:00');
    assert.equal(isoToMicros('2001-01-01T10:00:00.5Z', 'x'), 978343200500000n);
    assert.equal(isoToMicros('1969-12-31T23:59:59.999999+00:00', 'x'), -1n);
  });

  it('refuses fractions a type cannot hold, impossible dates and other text', () => {
    const refuses = (f: () => unknown, pattern: RegExp): void => {
      assert.throws(
        f,
        (e: unknown) => e instanceof TtlvError && e.code === 'bad-encoding' && pattern.test(e.message),
      );
    };
    refuses(() => isoToSeconds('2001-01-01T10:00:00.5Z', 'at X'), /at X: .*fraction of a second/);
    refuses(() => isoToMicros('2001-01-01T10:00:00.0000001Z', 'x'), /finer than a microsecond/);
    refuses(() => isoToSeconds('2001-02-30T10:00:00Z', 'x'), /not a calendar date/);
    refuses(() => isoToSeconds('2001-01-01T24:00:00Z', 'x'), /not a time of day/);
    refuses(() => isoToSeconds('yesterday', 'x'), /not an ISO 8601 date-time/);
  });

  it('displays out-of-range values as raw numbers', () => {
    assert.equal(iso8601(0n, false), '1970-01-01T00:00:00+00:00');
    assert.match(iso8601(2n ** 62n, false), /since 1970/);
  });
});

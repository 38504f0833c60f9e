import { afterEach, describe, expect, it } from 'vitest';
import { formatCalendarDate } from '../../../src/app/i18n/date-format';
import { formatDateTime, formatTime } from '../../../src/app/i18n/time-format';
import { locale } from '../../../src/app/i18n/i18n.svelte';

/** Instants by the tablet's own clock, so the expected words hold in any time zone. */
const at = (...parts: [number, number, number, number, number]) => new Date(...parts).toISOString();

afterEach(() => {
  locale.language = 'en';
});

describe('dates and times on the tablet', () => {
  it('are written in English as British people write them', () => {
    expect(formatCalendarDate('2026-12-06')).toBe('6 December 2026');
    expect(formatDateTime(at(2026, 11, 6, 23, 22))).toBe('6 December 2026 at 11:22pm');
    expect(formatDateTime(at(2026, 11, 7, 9, 5))).toBe('7 December 2026 at 9:05am');
    expect(formatTime(at(2026, 11, 6, 12, 30))).toBe('12:30pm');
    // Five past midnight, which en-GB's 12-hour option would write "00:05 am".
    expect(formatTime(at(2026, 11, 7, 0, 5))).toBe('12:05am');
  });

  it('follow the language the screen is in', () => {
    locale.language = 'cy';
    expect(formatCalendarDate('2026-12-06')).toBe('6 Rhagfyr 2026');
    expect(formatDateTime(at(2026, 11, 6, 23, 22))).toBe('6 Rhagfyr 2026 am 23:22');
    locale.language = 'bn';
    expect(formatCalendarDate('2026-12-06')).toBe('৬ ডিসেম্বর, ২০২৬');
  });

  it('keep a calendar date on its day whatever the clock’s time zone', () => {
    const zone = process.env.TZ;
    process.env.TZ = 'America/Los_Angeles';
    try {
      // The clock is west of Greenwich now: midnight UTC on 1 January is still 31 December.
      expect(new Date('2027-01-01T00:00:00Z').getDate()).toBe(31);
      // An event on 1 January is on 1 January all the same (in a language no other test has
      // formatted, so its formatter is made under this clock).
      expect(formatCalendarDate('2027-01-01', 'pl')).toBe('1 stycznia 2027');
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('show what they were given when it is not a date', () => {
    expect(formatCalendarDate('soon')).toBe('soon');
    expect(formatDateTime('not a time')).toBe('not a time');
  });
});

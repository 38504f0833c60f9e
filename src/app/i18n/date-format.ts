/**
 * Dates and times on the tablet's screens, written as people who speak the screen's language
 * write them. Every date a tablet screen shows goes through here, every time of day through
 * `time-format.ts`.
 *
 * English is British English, as the playback is printed for NHS and council strategy
 * documents: "6 December 2026", and times on the 12-hour clock as the NHS and GOV.UK style
 * guides write them, "11:22pm" (not "Dec 6, 2026, 11:22 PM", nor "23:22").
 */
import { locale } from './i18n.svelte';

/** The locale whose conventions a language's dates follow. */
export const tagFor = (language: string): string => (language === 'en' ? 'en-GB' : language);

/** One calendar-date formatter per language, made when first needed (a cache, not state). */
const calendars = new Map<string, Intl.DateTimeFormat>();

/**
 * A calendar date `YYYY-MM-DD` as people write it ("6 December 2026"), never shifted by a
 * time zone: an event on the 6th is on the 6th wherever the tablet's clock is set.
 */
export function formatCalendarDate(isoDate: string, language: string = locale.language): string {
  const at = Date.parse(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(at)) return isoDate;
  let made = calendars.get(language);
  if (!made) {
    made = new Intl.DateTimeFormat(tagFor(language), { dateStyle: 'long', timeZone: 'UTC' });
    calendars.set(language, made);
  }
  return made.format(at);
}

import { locale } from '../i18n/i18n.svelte';

/**
 * A calendar date `YYYY-MM-DD` as people write it ("6 December 2026"; British in English,
 * as the playback is printed for strategy documents), never shifted by a time zone.
 */
export function formatCalendarDate(isoDate: string): string {
  const at = Date.parse(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(at)) return isoDate;
  const tag = locale.language === 'en' ? 'en-GB' : locale.language;
  return new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeZone: 'UTC' }).format(at);
}

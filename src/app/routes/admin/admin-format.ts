import { locale } from '../../i18n/i18n.svelte';

/** English in the console means British dates (4 March 2025), not American ones. */
const tag = (): string => (locale.language === 'en' ? 'en-GB' : locale.language);

/** A calendar date `YYYY-MM-DD` as people write it, without shifting it by a time zone. */
export function formatDate(isoDate: string): string {
  const at = Date.parse(`${isoDate}T00:00:00Z`);
  if (Number.isNaN(at)) return isoDate;
  return new Intl.DateTimeFormat(tag(), { dateStyle: 'medium', timeZone: 'UTC' }).format(at);
}

/** An instant in the admin's own time zone: "4 Mar 2025, 14:05". */
export function formatDateTime(iso: string): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  return new Intl.DateTimeFormat(tag(), { dateStyle: 'medium', timeStyle: 'short' }).format(at);
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** How long ago (or how soon): "3 hours ago", "in 23 hours", "now". */
export function formatRelative(iso: string, now: number = Date.now()): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const seconds = (at - now) / 1000;
  const format = new Intl.RelativeTimeFormat(tag(), { numeric: 'auto' });
  const unit = UNITS.find(([, size]) => Math.abs(seconds) >= size);
  return unit ? format.format(Math.round(seconds / unit[1]), unit[0]) : format.format(0, 'second');
}

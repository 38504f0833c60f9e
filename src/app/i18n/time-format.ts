/**
 * Instants on the tablet's screens (when it last sent, when answers were given), written as
 * people who speak the screen's language write them; calendar dates are in `date-format.ts`.
 * Apart from it because the first screen needs only calendar dates: kept together, these
 * would load with the first paint.
 */
import { tagFor } from './date-format';
import { locale } from './i18n.svelte';

/** One formatter per language and style, made when first needed (a cache, not state). */
const formats = new Map<string, Intl.DateTimeFormat>();

function format(language: string, style: 'date-time' | 'time') {
  const key = `${language}|${style}`;
  let made = formats.get(key);
  if (!made) {
    const tag = tagFor(language);
    // Numeric hours ("9:05am", not "09:05am"), and `hourCycle`, not `hour12`: en-GB with
    // `hour12: true` writes five past midnight "00:05 am".
    const time: Intl.DateTimeFormatOptions = {
      hour: 'numeric',
      minute: '2-digit',
      ...(language === 'en' ? { hourCycle: 'h12' } : {}),
    };
    const date: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'long', year: 'numeric' };
    const options: Record<typeof style, Intl.DateTimeFormatOptions> = {
      'date-time': { ...date, ...time },
      time,
    };
    made = new Intl.DateTimeFormat(tag, options[style]);
    formats.set(key, made);
  }
  return made;
}

/** English writes "11:22pm": the day period in lower case, straight after the minutes. */
function written(parts: Intl.DateTimeFormatPart[], language: string): string {
  if (language !== 'en') return parts.map((p) => p.value).join('');
  return parts
    .filter(
      (part, i) =>
        !(
          part.type === 'literal' &&
          /^\s+$/.test(part.value) &&
          parts[i + 1]?.type === 'dayPeriod'
        ),
    )
    .map((part) => (part.type === 'dayPeriod' ? part.value.toLowerCase() : part.value))
    .join('');
}

/** An instant, in the tablet's own time zone: "6 December 2026 at 11:22pm". */
export function formatDateTime(iso: string, language: string = locale.language): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  return written(format(language, 'date-time').formatToParts(at), language);
}

/** The time of day of an instant, in the tablet's own time zone: "11:22pm". */
export function formatTime(iso: string, language: string = locale.language): string {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  return written(format(language, 'time').formatToParts(at), language);
}

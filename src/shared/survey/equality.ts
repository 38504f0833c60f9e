import { uuidv7Ms } from '../ids';
/**
 * Optional equality monitoring (domain.md, "Showing impact"): who an event or a ward
 * survey reached. Every category has "prefer not to say". Saved as its own record with no
 * link to the answers: no response id, and its time rounded down to the day.
 */
export const PREFER_NOT_TO_SAY = 'prefer-not-to-say';

export const EQUALITY_CATEGORIES = {
  age: ['under-18', '18-24', '25-34', '35-44', '45-54', '55-64', '65-74', '75-plus'],
  ethnicity: ['asian', 'black', 'mixed', 'white', 'other'],
  disability: ['yes', 'no'],
  sex: ['female', 'male'],
  'sexual-orientation': ['straight', 'gay-or-lesbian', 'bisexual', 'other'],
  religion: ['none', 'christian', 'buddhist', 'hindu', 'jewish', 'muslim', 'sikh', 'other'],
  carer: ['yes', 'no'],
} as const;

export type EqualityCategory = keyof typeof EQUALITY_CATEGORIES;
export const EQUALITY_CATEGORY_IDS = Object.keys(EQUALITY_CATEGORIES) as EqualityCategory[];

/**
 * How tablets send equality records: held back until at least `group` can go together, or the
 * oldest has waited `maxWaitDays`, so their arrival cannot pair them with the survey answers
 * saved beside them. The console says so where recent answers seem to be missing.
 */
export const EQUALITY_RELEASE = { group: 5, maxWaitDays: 7 } as const;

/** The choices for one category, "prefer not to say" last. */
export function equalityChoices(category: EqualityCategory): string[] {
  return [...EQUALITY_CATEGORIES[category], PREFER_NOT_TO_SAY];
}

/** Midnight UTC of the day `at` falls in: the only time an equality record carries. */
export function dayOf(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

/** Whether an ISO time is exactly a midnight UTC, as {@link dayOf} makes (with or without ms). */
export function isStartOfDay(at: string): boolean {
  return at.endsWith('T00:00:00.000Z') || at.endsWith('T00:00:00Z');
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whether a UUIDv7 was made for a midnight UTC (`uuidv7At(dayOf(…))`), so it dates only the day. */
export function isDayId(id: string): boolean {
  return uuidv7Ms(id) % DAY_MS === 0;
}

import type { EqualityMonitoring } from '../schemas/survey-response.schema';
import { EQUALITY_CATEGORY_IDS, equalityChoices, type EqualityCategory } from '../survey/equality';
import {
  SMALL_NUMBER_THRESHOLD,
  suppressTable,
  type CellRole,
  type PublishedCount,
} from './suppression';

/** A count as published: the number, "fewer than 5", or "5 or more" hidden to protect another. */
export type ReachCell = PublishedCount;

/** A person who skipped a category (every category is optional). */
export const NOT_ANSWERED = 'not-answered';

export interface ReachColumn {
  /** `all`, `event:<id>` or `survey:<id>`. */
  key: string;
  /** The event's or survey's title (empty for `all`): the column heading. */
  label: string;
  /** People who filled in the equality questions. */
  total: ReachCell;
  categories: { category: EqualityCategory; values: { value: string; cell: ReachCell }[] }[];
}

export interface ReachSummary {
  /** Counts under this are shown as "fewer than" it. */
  threshold: number;
  columns: ReachColumn[];
}

/** Every value a category is counted by, "prefer not to say" and "not answered" included. */
const VALUES = EQUALITY_CATEGORY_IDS.map((category) => ({
  category,
  values: [...equalityChoices(category), NOT_ANSWERED],
}));

/** How many people a group holds, and how many gave each value of each category. */
interface Tally {
  size: number;
  /** Per category (in {@link VALUES} order): value → people who gave it. */
  values: Map<string, number>[];
}

function emptyTally(): Tally {
  return { size: 0, values: VALUES.map(() => new Map<string, number>()) };
}

function tallyOne(tally: Tally, r: EqualityMonitoring): void {
  tally.size++;
  VALUES.forEach(({ category }, k) => {
    const value = r.answers[category] ?? NOT_ANSWERED;
    tally.values[k]!.set(value, (tally.values[k]!.get(value) ?? 0) + 1);
  });
}

/** A group of people as the table counts them; unpublished groups are only implied by sums. */
interface Group {
  key: string;
  label: string;
  tally: Tally;
  published: boolean;
}

/** Where a group's cells sit in the table: its total, then each category's values. */
interface Placed extends Group {
  total: number;
  cells: number[][];
}

/**
 * Who was reached, folded one equality record at a time (`add`), so a server can read them
 * page by page and keep only counts per event and per survey: `result()` is what
 * {@link summariseReach} answers for the same records, in the same order.
 */
export class ReachFold {
  readonly #all = emptyTally();
  readonly #events = new Map<string, Tally>();
  readonly #surveys = new Map<string, Tally>();
  readonly #noEvent = emptyTally();
  readonly #noSurvey = emptyTally();

  add(r: EqualityMonitoring): void {
    if (r.deletedAt !== undefined) return;
    tallyOne(this.#all, r);
    for (const [id, byId, none] of [
      [r.eventId, this.#events, this.#noEvent],
      [r.surveyId, this.#surveys, this.#noSurvey],
    ] as const) {
      if (id === undefined) {
        tallyOne(none, r);
        continue;
      }
      let tally = byId.get(id);
      if (!tally) byId.set(id, (tally = emptyTally()));
      tallyOne(tally, r);
    }
  }

  /** The events people were counted at, to look their titles up. */
  eventIds(): string[] {
    return [...this.#events.keys()];
  }

  /** The surveys people were counted through, to look their titles up. */
  surveyIds(): string[] {
    return [...this.#surveys.keys()];
  }

  result(labels: {
    events: ReadonlyMap<string, string>;
    surveys: ReadonlyMap<string, string>;
  }): ReachSummary {
    const named = (
      prefix: string,
      tallies: ReadonlyMap<string, Tally>,
      names: ReadonlyMap<string, string>,
    ): Group[] =>
      [...tallies]
        .map(([id, tally]) => ({
          key: `${prefix}:${id}`,
          label: names.get(id) ?? id,
          tally,
          published: true,
        }))
        .sort((a, b) => a.label.localeCompare(b.label));
    return summariseTallies(
      { key: 'all', label: '', tally: this.#all, published: true },
      named('event', this.#events, labels.events),
      named('survey', this.#surveys, labels.surveys),
      { key: 'no-event', label: '', tally: this.#noEvent, published: false },
      { key: 'no-survey', label: '', tally: this.#noSurvey, published: false },
    );
  }
}

/**
 * Who the equality-monitoring answers say was reached: everyone together, then each event and
 * each survey, so events can be compared. Deleted records are left out.
 *
 * Every count goes through small-number suppression, audited across the whole table as a reader
 * could use it: each category's values (with "prefer not to say" and "not answered") add up to
 * the column's total, and each count for everyone is the events' counts plus the people at no
 * event (likewise for surveys). The people at no event, or through no survey, are never shown
 * but are implied by those sums, so a small count of them is protected as well; where there
 * are none, the reader is taken to know it. The same as folding the records with
 * {@link ReachFold}.
 */
export function summariseReach(
  records: Iterable<EqualityMonitoring>,
  labels: { events: ReadonlyMap<string, string>; surveys: ReadonlyMap<string, string> },
): ReachSummary {
  const fold = new ReachFold();
  for (const record of records) fold.add(record);
  return fold.result(labels);
}

/** The published table of the groups' counts, suppressed (see {@link summariseReach}). */
function summariseTallies(
  everyone: Group,
  eventGroups: Group[],
  surveyGroups: Group[],
  noEvent: Group,
  noSurvey: Group,
): ReachSummary {
  const counts: number[] = [];
  const roles: CellRole[] = [];
  const sensitive: boolean[] = [];
  const place = (group: Group): Placed => {
    const add = (count: number, role: CellRole, small: boolean) => {
      counts.push(count);
      roles.push(role);
      sensitive.push(small);
      return counts.length - 1;
    };
    const size = group.tally.size;
    const small = (n: number) => n < SMALL_NUMBER_THRESHOLD;
    // A shown group is hidden whole when small. The people at no event (or through no
    // survey) are never shown, only implied, and protected like any other group. When there
    // are none, a reader may well know it ("everyone came to an event"), so that is taken as
    // known and protection never leans on it.
    const total = group.published
      ? add(size, 'published', small(size))
      : size === 0
        ? add(0, 'known', false)
        : add(size, 'implied', small(size));
    const role: CellRole = group.published ? 'published' : 'implied';
    const cells = VALUES.map(({ values }, k) =>
      values.map((value) => {
        const n = group.tally.values[k]!.get(value) ?? 0;
        return add(n, role, (group.published || size > 0) && small(n));
      }),
    );
    return { ...group, total, cells };
  };
  const all = place(everyone);
  const shownEvents = eventGroups.map(place);
  const shownSurveys = surveyGroups.map(place);
  const rest = [place(noEvent), place(noSurvey)] as const;

  const sums: { whole: number; parts: number[] }[] = [];
  for (const column of [all, ...shownEvents, ...shownSurveys, ...rest])
    for (const values of column.cells) sums.push({ whole: column.total, parts: values });
  for (const [family, remainder] of [
    [shownEvents, rest[0]],
    [shownSurveys, rest[1]],
  ] as const) {
    const columns = [...family, remainder];
    sums.push({ whole: all.total, parts: columns.map((c) => c.total) });
    all.cells.forEach((values, k) =>
      values.forEach((cell, v) =>
        sums.push({ whole: cell, parts: columns.map((c) => c.cells[k]![v]!) }),
      ),
    );
  }

  // Nobody counted at all: there is no one to protect, and "nobody yet" is worth saying.
  const cells =
    everyone.tally.size === 0
      ? counts.map((count) => ({ count }))
      : suppressTable({ counts, roles, sensitive, sums });
  const column = (placed: Placed): ReachColumn => ({
    key: placed.key,
    label: placed.label,
    total: cells[placed.total]!,
    categories: VALUES.map(({ category, values }, k) => ({
      category,
      values: values.map((value, v) => ({ value, cell: cells[placed.cells[k]![v]!]! })),
    })),
  });
  return {
    threshold: SMALL_NUMBER_THRESHOLD,
    columns: [all, ...shownEvents, ...shownSurveys].map(column),
  };
}

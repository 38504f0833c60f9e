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

/** A group of people as the table counts them; unpublished groups are only implied by sums. */
interface Group {
  key: string;
  label: string;
  records: readonly EqualityMonitoring[];
  published: boolean;
}

/** Where a group's cells sit in the table: its total, then each category's values. */
interface Placed extends Group {
  total: number;
  cells: number[][];
}

function groupsBy(
  records: readonly EqualityMonitoring[],
  pick: (r: EqualityMonitoring) => string | undefined,
): { byId: [string, EqualityMonitoring[]][]; none: EqualityMonitoring[] } {
  const byId = new Map<string, EqualityMonitoring[]>();
  const none: EqualityMonitoring[] = [];
  for (const r of records) {
    const id = pick(r);
    if (id === undefined) {
      none.push(r);
      continue;
    }
    const list = byId.get(id) ?? [];
    list.push(r);
    byId.set(id, list);
  }
  return { byId: [...byId], none };
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
 * are none, the reader is taken to know it.
 */
export function summariseReach(
  records: readonly EqualityMonitoring[],
  labels: { events: ReadonlyMap<string, string>; surveys: ReadonlyMap<string, string> },
): ReachSummary {
  const live = records.filter((r) => r.deletedAt === undefined);
  const named = (
    prefix: string,
    pairs: [string, EqualityMonitoring[]][],
    names: ReadonlyMap<string, string>,
  ): Group[] =>
    pairs
      .map(([id, list]) => ({
        key: `${prefix}:${id}`,
        label: names.get(id) ?? id,
        records: list,
        published: true,
      }))
      .sort((a, b) => a.label.localeCompare(b.label));
  const events = groupsBy(live, (r) => r.eventId);
  const surveys = groupsBy(live, (r) => r.surveyId);
  const everyone: Group = { key: 'all', label: '', records: live, published: true };
  const eventGroups = named('event', events.byId, labels.events);
  const surveyGroups = named('survey', surveys.byId, labels.surveys);
  const noEvent: Group = { key: 'no-event', label: '', records: events.none, published: false };
  const noSurvey: Group = { key: 'no-survey', label: '', records: surveys.none, published: false };

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
    const size = group.records.length;
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
    const cells = VALUES.map(({ category, values }) =>
      values.map((value) => {
        const n = group.records.filter(
          (r) => (r.answers[category] ?? NOT_ANSWERED) === value,
        ).length;
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
    live.length === 0
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

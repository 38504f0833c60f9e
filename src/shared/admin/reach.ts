import type { EqualityMonitoring } from '../schemas/survey-response.schema';
import { EQUALITY_CATEGORY_IDS, equalityChoices, type EqualityCategory } from '../survey/equality';
import { SMALL_NUMBER_THRESHOLD, suppressGroup, type PublishedCount } from './suppression';

/** A count as published: the number, or "fewer than 5" so no one can be singled out. */
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

function column(key: string, label: string, records: readonly EqualityMonitoring[]): ReachColumn {
  let total: ReachCell = { count: records.length };
  const categories = EQUALITY_CATEGORY_IDS.map((category) => {
    const values = [...equalityChoices(category), NOT_ANSWERED];
    const counts = values.map(
      (value) => records.filter((r) => (r.answers[category] ?? NOT_ANSWERED) === value).length,
    );
    const published = suppressGroup(counts);
    total = published.total;
    return {
      category,
      values: values.map((value, i) => ({ value, cell: published.cells[i]! })),
    };
  });
  return { key, label, total, categories };
}

/**
 * Who the equality-monitoring answers say was reached: everyone together, then each event and
 * each survey, so events can be compared. Every count goes through small-number suppression;
 * each category's values (with "prefer not to say" and "not answered") add up to the total, so
 * a single hidden count is never left to be worked out by subtraction. Deleted records are
 * left out.
 */
export function summariseReach(
  records: readonly EqualityMonitoring[],
  labels: { events: ReadonlyMap<string, string>; surveys: ReadonlyMap<string, string> },
): ReachSummary {
  const live = records.filter((r) => r.deletedAt === undefined);
  const groups = (pick: (r: EqualityMonitoring) => string | undefined) => {
    const byId = new Map<string, EqualityMonitoring[]>();
    for (const r of live) {
      const id = pick(r);
      if (id === undefined) continue;
      const list = byId.get(id) ?? [];
      list.push(r);
      byId.set(id, list);
    }
    return [...byId];
  };
  const named = (
    prefix: string,
    pairs: [string, EqualityMonitoring[]][],
    names: ReadonlyMap<string, string>,
  ) =>
    pairs
      .map(([id, list]) => column(`${prefix}:${id}`, names.get(id) ?? id, list))
      .sort((a, b) => a.label.localeCompare(b.label));
  return {
    threshold: SMALL_NUMBER_THRESHOLD,
    columns: [
      column('all', '', live),
      ...named(
        'event',
        groups((r) => r.eventId),
        labels.events,
      ),
      ...named(
        'survey',
        groups((r) => r.surveyId),
        labels.surveys,
      ),
    ],
  };
}

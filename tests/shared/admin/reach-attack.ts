/**
 * A reader trying to work out the hidden counts of a published reach summary, built from the
 * table as shown (not from how `summariseReach` builds it): every category's values add up to
 * its column's total, and everyone's count is the events' counts plus the people at no event
 * (likewise for surveys). The reader is taken to know when nobody came to no event (or through
 * no survey), and otherwise nothing of those people but what the sums give.
 */
import type { ReachCell, ReachSummary } from '../../../src/shared/admin/reach';
import { NOT_ANSWERED } from '../../../src/shared/admin/reach';
import { deduceBounds, type PublishedCount } from '../../../src/shared/admin/suppression';
import type { EqualityMonitoring } from '../../../src/shared/schemas/survey-response.schema';
import type { EqualityCategory } from '../../../src/shared/survey/equality';

interface Term {
  name: string;
  /** What the reader knows of it before any sum. */
  lo: number;
  hi: number;
  /** Must not be worked out. */
  protect: boolean;
}

function bounds(cell: ReachCell): [number, number] {
  if ('count' in cell) return [cell.count, cell.count];
  if ('fewerThan' in cell) return [0, cell.fewerThan - 1];
  return [cell.atLeast, Infinity];
}

/** What one sum alone, `whole = Σ parts`, tells about each of its terms. */
export function fromOneSum(whole: Term, parts: readonly Term[]): [number, number][] {
  const terms = [whole, ...parts];
  return terms.map((term, i) => {
    if (i === 0) {
      const lo = parts.reduce((s, p) => s + p.lo, 0);
      const hi = parts.reduce((s, p) => s + p.hi, 0);
      return [Math.max(term.lo, lo), Math.min(term.hi, hi)];
    }
    const others = parts.filter((p) => p !== term);
    const othersLo = others.reduce((s, p) => s + p.lo, 0);
    const othersHi = others.reduce((s, p) => s + p.hi, 0);
    return [Math.max(term.lo, whole.lo - othersHi), Math.min(term.hi, whole.hi - othersLo)];
  });
}

/**
 * Every way the reader can pin down a hidden count, and every published figure that is not
 * true; empty if there is none. `chained` also lets the reader carry what one sum gives into
 * the next.
 */
export function attackReach(
  summary: ReachSummary,
  records: readonly EqualityMonitoring[],
  { chained = true }: { chained?: boolean } = {},
): string[] {
  const problems: string[] = [];
  const live = records.filter((r) => r.deletedAt === undefined);
  const threshold = summary.threshold;
  const membersOf = (key: string): EqualityMonitoring[] => {
    if (key === 'all') return live;
    const [kind, id] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
    return live.filter((r) => (kind === 'event' ? r.eventId : r.surveyId) === id);
  };
  const answered = (r: EqualityMonitoring, category: EqualityCategory) =>
    r.answers[category] ?? NOT_ANSWERED;

  // Honest figures: a count is the count, "fewer than" is fewer, "or more" is more.
  for (const column of summary.columns) {
    const members = membersOf(column.key);
    const check = (name: string, cell: ReachCell, truth: number) => {
      const [lo, hi] = bounds(cell);
      if (truth < lo || truth > hi)
        problems.push(`${name} is ${truth}, published ${JSON.stringify(cell)}`);
      if (live.length > 0 && 'count' in cell && truth < threshold)
        problems.push(`${name} is ${truth}, under ${threshold}, and shown`);
    };
    check(`${column.key} total`, column.total, members.length);
    for (const { category, values } of column.categories)
      for (const { value, cell } of values)
        check(
          `${column.key} ${category} ${value}`,
          cell,
          members.filter((r) => answered(r, category) === value).length,
        );
  }

  const terms: Term[] = [];
  const term = (t: Term) => terms.push(t) - 1;
  const published = (name: string, cell: ReachCell) => {
    const [lo, hi] = bounds(cell);
    return term({ name, lo, hi, protect: !('count' in cell) });
  };
  const sums: { whole: number; parts: number[]; name: string }[] = [];
  const placed = summary.columns.map((column) => ({
    column,
    total: published(`${column.key} total`, column.total),
    cells: column.categories.map(({ category, values }) =>
      values.map(({ value, cell }) => published(`${column.key} ${category} ${value}`, cell)),
    ),
  }));
  for (const { column, total, cells } of placed)
    column.categories.forEach(({ category }, k) =>
      sums.push({ whole: total, parts: cells[k]!, name: `${column.key} ${category} values` }),
    );

  const everyone = placed.find((p) => p.column.key === 'all')!;
  for (const [family, pick] of [
    ['event', (r: EqualityMonitoring) => r.eventId],
    ['survey', (r: EqualityMonitoring) => r.surveyId],
  ] as const) {
    const columns = placed.filter((p) => p.column.key.startsWith(`${family}:`));
    const nowhere = live.filter((r) => pick(r) === undefined);
    // The people at no event: known to be nobody when there are none ("everyone came to an
    // event"), otherwise only what the sums give.
    const restTotal = term({
      name: `no ${family} total`,
      lo: 0,
      hi: nowhere.length === 0 ? 0 : Infinity,
      protect: nowhere.length > 0 && nowhere.length < threshold,
    });
    sums.push({
      whole: everyone.total,
      parts: [...columns.map((c) => c.total), restTotal],
      name: `everyone = ${family}s + no ${family}`,
    });
    everyone.column.categories.forEach(({ category, values }, k) => {
      const rest = values.map(({ value }) => {
        const truth = nowhere.filter((r) => answered(r, category) === value).length;
        return term({
          name: `no ${family} ${category} ${value}`,
          lo: 0,
          hi: nowhere.length === 0 ? 0 : Infinity,
          protect: nowhere.length > 0 && truth < threshold,
        });
      });
      sums.push({ whole: restTotal, parts: rest, name: `no ${family} ${category} values` });
      values.forEach(({ value }, v) =>
        sums.push({
          whole: everyone.cells[k]![v]!,
          parts: [...columns.map((c) => c.cells[k]![v]!), rest[v]!],
          name: `everyone ${category} ${value} = ${family}s + no ${family}`,
        }),
      );
    });
  }

  // One sum at a time.
  for (const sum of sums) {
    const members = [sum.whole, ...sum.parts];
    fromOneSum(
      terms[sum.whole]!,
      sum.parts.map((p) => terms[p]!),
    ).forEach(([lo, hi], i) => {
      const t = terms[members[i]!]!;
      if (t.protect && lo === hi) problems.push(`${t.name} = ${lo} from "${sum.name}"`);
    });
  }
  if (chained) {
    const cells: (PublishedCount | undefined)[] = terms.map((t) =>
      t.lo === t.hi
        ? { count: t.lo }
        : t.hi === Infinity && t.lo === 0
          ? undefined
          : t.hi === Infinity
            ? { atLeast: t.lo }
            : { fewerThan: t.hi + 1 },
    );
    const { lo, hi } = deduceBounds(cells, sums);
    terms.forEach((t, i) => {
      if (t.protect && lo[i] === hi[i]) problems.push(`${t.name} = ${lo[i]} from several sums`);
    });
  }
  return problems;
}

/**
 * Small-number suppression for published counts (domain.md, "Showing impact"): a count under
 * the threshold is shown as "fewer than 5", so no one can be singled out by who came to an
 * event. Zero is suppressed too: "nobody aged 75 or over came" about one small group of people
 * says something about each of them.
 */
export const SMALL_NUMBER_THRESHOLD = 5;

/** A count as published: the number, or "fewer than" the threshold. */
export type PublishedCount = { count: number } | { fewerThan: number };

export function isSuppressed(cell: PublishedCount): cell is { fewerThan: number } {
  return 'fewerThan' in cell;
}

/**
 * Publishes one group of counts whose total is published beside them (the values of one
 * category, which add up to the people counted). Every count under the threshold is
 * suppressed. If that leaves exactly one suppressed, it could be worked out by taking the
 * others from the total, so the smallest count still shown is suppressed as well
 * (complementary suppression). When the total itself is under the threshold, everything is.
 */
export function suppressGroup(
  counts: readonly number[],
  threshold: number = SMALL_NUMBER_THRESHOLD,
): { total: PublishedCount; cells: PublishedCount[] } {
  const total = counts.reduce((sum, n) => sum + n, 0);
  const hidden = { fewerThan: threshold };
  if (total < threshold) return { total: hidden, cells: counts.map(() => hidden) };
  const suppressed = counts.map((n) => n < threshold);
  if (suppressed.filter(Boolean).length === 1) {
    let smallest = -1;
    counts.forEach((n, i) => {
      if (!suppressed[i] && (smallest === -1 || n < counts[smallest]!)) smallest = i;
    });
    if (smallest !== -1) suppressed[smallest] = true;
  }
  return {
    total: { count: total },
    cells: counts.map((count, i) => (suppressed[i] ? hidden : { count })),
  };
}

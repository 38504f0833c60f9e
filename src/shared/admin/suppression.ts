/**
 * Small-number suppression for published counts (domain.md, "Showing impact"): a count under
 * the threshold is shown as "fewer than 5", so no one can be singled out by who came to an
 * event. Zero is suppressed too: "nobody aged 75 or over came" about one small group of people
 * says something about each of them.
 *
 * Hiding the small counts is not enough where counts add up to others that are shown: a
 * hidden 3 beside a shown 8 under a shown total of 11 is plainly 3. So every sum the published
 * figures take part in is audited, and where one would let a hidden count be worked out a
 * further count is hidden as well (complementary suppression). Those are larger counts, so
 * they are published as "5 or more", not as "fewer than 5": the figures never say something
 * untrue.
 */
export const SMALL_NUMBER_THRESHOLD = 5;

/** How far (in sums) and how many shown counts suppression tries before falling back. */
const NEARBY_LAYERS = 3;
const MAX_TRIES = 12;

/**
 * A count as published: the number; "fewer than" the threshold (a small count); or "at least"
 * the threshold, hidden so that a small count cannot be worked out from it.
 */
export type PublishedCount = { count: number } | { fewerThan: number } | { atLeast: number };

export function isSuppressed(
  cell: PublishedCount,
): cell is { fewerThan: number } | { atLeast: number } {
  return !('count' in cell);
}

/**
 * How a reader meets a cell: `published`, shown (or shown as hidden); `implied`, never shown,
 * so the reader knows only what the sums give away (the people at no event are everyone less
 * the people at each event); `known`, never shown but taken as known exactly (how many people
 * came to no event at all), so protection never leans on a reader not knowing it.
 */
export type CellRole = 'published' | 'implied' | 'known';

/** Counts tied together by sums, as a reader of the published figures sees them. */
export interface CountTable {
  /** Each cell's true count. */
  counts: readonly number[];
  roles: readonly CellRole[];
  /** Cells whose value must never be worked out: the small counts. */
  sensitive: readonly boolean[];
  /** Cell indexes: each sum says `whole = parts[0] + parts[1] + …`. */
  sums: readonly { whole: number; parts: readonly number[] }[];
}

/** What a reader can tell about each cell: it lies in `[lo, hi]` (`hi` may be Infinity). */
export interface CountBounds {
  lo: number[];
  hi: number[];
}

/** What a reader knows of a published cell before any sum is used. */
function startingBounds(cell: PublishedCount | undefined): [number, number] {
  if (cell === undefined) return [0, Infinity];
  if ('count' in cell) return [cell.count, cell.count];
  if ('fewerThan' in cell) return [0, cell.fewerThan - 1];
  return [cell.atLeast, Infinity];
}

/**
 * Everything the sums give away about each cell, given what is published (`undefined` for an
 * unpublished cell): each sum narrows each of its terms to what the others allow, over and over
 * until nothing changes, so a count worked out from one sum is used in the next. Bounds are
 * whole numbers and only ever narrow towards the true counts, so this ends.
 */
export function deduceBounds(
  cells: readonly (PublishedCount | undefined)[],
  sums: CountTable['sums'],
): CountBounds {
  const lo = cells.map((cell) => startingBounds(cell)[0]);
  const hi = cells.map((cell) => startingBounds(cell)[1]);
  const sumsOf: number[][] = cells.map(() => []);
  sums.forEach(({ whole, parts }, s) => {
    for (const cell of [whole, ...parts]) sumsOf[cell]!.push(s);
  });
  // Sums to look at again: every one at first, then those with a cell that has just narrowed.
  const queue = sums.map((_, s) => s);
  const queued = sums.map(() => true);
  let head = 0;
  const narrow = (i: number, low: number, high: number): void => {
    let changed = false;
    if (low > lo[i]!) {
      lo[i] = low;
      changed = true;
    }
    if (high < hi[i]!) {
      hi[i] = high;
      changed = true;
    }
    if (changed)
      for (const s of sumsOf[i]!)
        if (!queued[s]) {
          queued[s] = true;
          queue.push(s);
        }
  };
  while (head < queue.length) {
    const next = queue[head++]!;
    queued[next] = false;
    const { whole, parts } = sums[next]!;
    let loSum = 0;
    let hiFinite = 0;
    let hiInfinite = 0;
    for (const p of parts) {
      loSum += lo[p]!;
      if (hi[p] === Infinity) hiInfinite += 1;
      else hiFinite += hi[p]!;
    }
    narrow(whole, loSum, hiInfinite > 0 ? Infinity : hiFinite);
    for (const p of parts) {
      // The other parts' bounds: this part's own taken out of the sums (as they were before
      // this sum narrowed anything, which is looser, so still true).
      const othersLo = loSum - lo[p]!;
      const othersInfinite = hiInfinite - (hi[p] === Infinity ? 1 : 0);
      const othersHi = othersInfinite > 0 ? Infinity : hiFinite - (hi[p] === Infinity ? 0 : hi[p]!);
      narrow(p, lo[whole]! - othersHi, hi[whole]! - othersLo);
    }
  }
  return { lo, hi };
}

/**
 * Publishes a table of counts so that no hidden count can be worked out from the shown ones.
 * Sensitive published cells are "fewer than" the threshold. Then, while the sums pin down any
 * hidden cell exactly (a sensitive implied one, or any published one that is hidden), the
 * smallest count still shown in a sum with that cell is hidden too, as "at least" the
 * threshold; if every cell in its sums is hidden already, the nearest shown cell through them.
 * Answers each published cell as published (`undefined` for the others).
 */
export function suppressTable(
  table: CountTable,
  threshold: number = SMALL_NUMBER_THRESHOLD,
): (PublishedCount | undefined)[] {
  const { counts, roles, sensitive, sums } = table;
  // What the reader is given; implied cells are left undefined.
  const cells: (PublishedCount | undefined)[] = counts.map((count, i) =>
    roles[i] === 'implied'
      ? undefined
      : roles[i] === 'published' && sensitive[i]
        ? { fewerThan: threshold }
        : { count },
  );
  const sumsOf: number[][] = counts.map(() => []);
  // How many sums a cell is the total of: of two equal counts, the one that totals fewer
  // sums is hidden, so totals stay shown where they can.
  const totalOf = counts.map(() => 0);
  sums.forEach(({ whole, parts }, s) => {
    totalOf[whole]! += 1;
    for (const cell of [whole, ...parts]) sumsOf[cell]!.push(s);
  });
  const better = (a: number, b: number) =>
    counts[a]! < counts[b]! || (counts[a] === counts[b] && totalOf[a]! < totalOf[b]!);
  const membersOf = (s: number) => [sums[s]!.whole, ...sums[s]!.parts];
  const isShown = (i: number) =>
    roles[i] === 'published' && cells[i] !== undefined && 'count' in cells[i];
  const mustStayHidden = (i: number) =>
    roles[i] === 'published' ? !isShown(i) : roles[i] === 'implied' && sensitive[i] === true;

  const published = () => cells.map((cell, i) => (roles[i] === 'published' ? cell : undefined));
  const unpinned = (cell: number) => {
    const { lo, hi } = deduceBounds(cells, sums);
    return lo[cell] !== hi[cell];
  };

  /** What sum `s` alone says of `cell`, from the bounds of its other terms. */
  const fromSum = (s: number, cell: number, lo: number[], hi: number[]): [number, number] => {
    const { whole, parts } = sums[s]!;
    const total = (bound: number[], of: readonly number[]) =>
      of.reduce((sum, i) => sum + bound[i]!, 0);
    if (cell === whole) return [total(lo, parts), total(hi, parts)];
    const others = parts.filter((p) => p !== cell);
    return [lo[whole]! - total(hi, others), hi[whole]! - total(lo, others)];
  };

  /**
   * Shown cells reachable from `start` through hidden ones, one list per sum further away.
   * With bounds, only through the sums that set a bound of the cell they are reached from:
   * the reasons it is pinned down, so hiding a count elsewhere is not tried.
   */
  const layersAround = (start: number, bounds?: CountBounds): number[][] => {
    const layers: number[][] = [];
    let frontier = [start];
    const seen = new Set(frontier);
    while (frontier.length > 0) {
      const shown: number[] = [];
      const next: number[] = [];
      for (const cell of frontier)
        for (const s of sumsOf[cell]!) {
          if (bounds) {
            const [low, high] = fromSum(s, cell, bounds.lo, bounds.hi);
            if (low < bounds.lo[cell]! && high > bounds.hi[cell]!) continue;
          }
          for (const other of membersOf(s)) {
            if (seen.has(other)) continue;
            seen.add(other);
            if (isShown(other)) shown.push(other);
            // A known count is fixed: nothing passes through it.
            else if (roles[other] !== 'known') next.push(other);
          }
        }
      layers.push(shown.sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : a - b)));
      frontier = next;
    }
    return layers.filter((layer) => layer.length > 0);
  };

  for (;;) {
    const bounds = deduceBounds(cells, sums);
    const exposed = counts.findIndex((_, i) => mustStayHidden(i) && bounds.lo[i] === bounds.hi[i]);
    if (exposed === -1) return published();
    const reasons = layersAround(exposed, bounds);
    const layers = reasons.length > 0 ? reasons : layersAround(exposed);
    // Nothing shown is left anywhere it could matter: nothing more can be hidden.
    if (layers.length === 0) return published();
    // The smallest count among those pinning it whose hiding sets the exposed cell free;
    // trying a few keeps a total from going where a smaller count a sum further away would do.
    const tries = layers
      .slice(0, NEARBY_LAYERS)
      .flat()
      .sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0))
      .slice(0, MAX_TRIES);
    let chosen = false;
    for (const candidate of tries) {
      cells[candidate] = { atLeast: threshold };
      if (unpinned(exposed)) {
        chosen = true;
        break;
      }
      cells[candidate] = { count: counts[candidate]! };
    }
    // None does alone (several must go together): hide the smallest, and look again.
    if (!chosen) cells[tries[0]!] = { atLeast: threshold };
  }
}

/**
 * Publishes one group of counts whose total is published beside them (the values of one
 * category, which add up to the people counted): {@link suppressTable} for a single sum.
 * When the total itself is under the threshold, everything is hidden.
 */
export function suppressGroup(
  counts: readonly number[],
  threshold: number = SMALL_NUMBER_THRESHOLD,
): { total: PublishedCount; cells: PublishedCount[] } {
  const all = [counts.reduce((sum, n) => sum + n, 0), ...counts];
  const published = suppressTable(
    {
      counts: all,
      roles: all.map(() => 'published'),
      sensitive: all.map((n) => n < threshold),
      sums: [{ whole: 0, parts: counts.map((_, i) => i + 1) }],
    },
    threshold,
  ) as PublishedCount[];
  return { total: published[0]!, cells: published.slice(1) };
}

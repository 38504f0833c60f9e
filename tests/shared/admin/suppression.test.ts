import { describe, expect, it } from 'vitest';
import {
  deduceBounds,
  isSuppressed,
  suppressGroup,
  suppressTable,
  type PublishedCount,
} from '../../../src/shared/admin/suppression';

const shown = (cells: readonly (PublishedCount | undefined)[]) =>
  cells.map((c) =>
    c === undefined ? '?' : 'fewerThan' in c ? '<5' : 'atLeast' in c ? '5+' : c.count,
  );

describe('suppressGroup (small-number suppression of one category)', () => {
  it('shows counts of 5 and more as they are', () => {
    const out = suppressGroup([5, 12, 30]);
    expect(out.total).toEqual({ count: 47 });
    expect(shown(out.cells)).toEqual([5, 12, 30]);
  });

  it('shows every count from 1 to 4 as "fewer than 5"', () => {
    const out = suppressGroup([1, 2, 3, 4, 20, 30]);
    expect(shown(out.cells)).toEqual(['<5', '<5', '<5', '<5', 20, 30]);
    expect(out.cells[0]).toEqual({ fewerThan: 5 });
  });

  it('suppresses zero too: "nobody" about a small group says something about each person', () => {
    // 0 alone hidden would be 22 - 6 - 9 - 7, so 6 goes too, as "5 or more".
    expect(shown(suppressGroup([0, 6, 9, 7]).cells)).toEqual(['<5', '5+', 9, 7]);
  });

  it('never leaves a lone hidden count that the total would give away', () => {
    // 3 alone hidden: 3 = 40 - 20 - 17. So the smallest shown count (17) is hidden too, and
    // said to be 5 or more, which is true.
    const out = suppressGroup([3, 20, 17]);
    expect(shown(out.cells)).toEqual(['<5', 20, '5+']);
    expect(out.cells[2]).toEqual({ atLeast: 5 });
  });

  it('does not hide a 5 beside a 0: "5 or more" and "fewer than 5" making 5 gives both away', () => {
    expect(shown(suppressGroup([0, 5, 30]).cells)).toEqual(['<5', 5, '5+']);
  });

  it('hides more when the hidden counts could only be one thing: two fours, or two zeros', () => {
    // 28 - 20 = 8 and each is under 5, so both are 4.
    expect(shown(suppressGroup([4, 4, 20]).cells)).toEqual(['<5', '<5', '5+']);
    // 20 - 20 = 0 and neither can be less than nothing.
    expect(shown(suppressGroup([0, 0, 20]).cells)).toEqual(['<5', '<5', '5+']);
  });

  it('hides everything, the total included, when fewer than 5 people are counted', () => {
    const out = suppressGroup([1, 2, 1]);
    expect(out.total).toEqual({ fewerThan: 5 });
    expect(shown(out.cells)).toEqual(['<5', '<5', '<5']);
  });

  it('leaves hidden counts alone when together they could still be several things', () => {
    expect(shown(suppressGroup([2, 3, 40]).cells)).toEqual(['<5', '<5', 40]);
  });

  it('copes with a group of one value', () => {
    expect(suppressGroup([7])).toEqual({ total: { count: 7 }, cells: [{ count: 7 }] });
  });
});

describe('suppressTable (counts tied by several sums)', () => {
  // Two events side by side and everyone together: cells 0-2 are everyone, A, B for "yes";
  // 3-5 the same for "no"; 6-8 the totals.
  //   everyone = A + B (a row), and yes + no = total (each column).
  const table = (counts: number[]) => ({
    counts,
    roles: counts.map(() => 'published' as const),
    sensitive: counts.map((n) => n < 5),
    sums: [
      { whole: 0, parts: [1, 2] },
      { whole: 3, parts: [4, 5] },
      { whole: 6, parts: [7, 8] },
      { whole: 6, parts: [0, 3] },
      { whole: 7, parts: [1, 4] },
      { whole: 8, parts: [2, 5] },
    ],
  });

  it('hides across the row as well as down the column, so 11 - 8 cannot give the 3', () => {
    const out = suppressTable(table([11, 8, 3, 13, 6, 7, 24, 14, 10]));
    expect(out[2]).toEqual({ fewerThan: 5 });
    const { lo, hi } = deduceBounds(out, table([]).sums);
    for (const i of out.keys()) if (isSuppressed(out[i]!)) expect(lo[i]).toBeLessThan(hi[i]!);
    // At least one of everyone's and A's "yes" is hidden, and one of B's "no" and B's total.
    expect(isSuppressed(out[0]!) || isSuppressed(out[1]!)).toBe(true);
    expect(isSuppressed(out[5]!) || isSuppressed(out[8]!)).toBe(true);
  });

  it('protects a count that is never shown but that the sums imply', () => {
    // Cell 2 is the people at no event: everyone (9) less event A (6). It is 3, so it must not
    // be worked out, and A's count is hidden (everyone's 9 stays, being larger).
    const out = suppressTable({
      counts: [9, 6, 3],
      roles: ['published', 'published', 'implied'],
      sensitive: [false, false, true],
      sums: [{ whole: 0, parts: [1, 2] }],
    });
    expect(shown(out)).toEqual([9, '5+', '?']);
  });

  it('takes a known count as known: the people at no event being none does not hide them', () => {
    const out = suppressTable({
      counts: [9, 9, 0],
      roles: ['published', 'published', 'known'],
      sensitive: [false, false, false],
      sums: [{ whole: 0, parts: [1, 2] }],
    });
    expect(shown(out)).toEqual([9, 9, '?']);
  });
});

describe('deduceBounds', () => {
  it('works a hidden count out through two sums, not only one', () => {
    // a + b = 10 (b shown 6) gives a = 4; then c = 4 + d (d shown 1) gives c = 5.
    const { lo, hi } = deduceBounds(
      [undefined, { count: 6 }, { count: 10 }, undefined, { count: 1 }],
      [
        { whole: 2, parts: [0, 1] },
        { whole: 3, parts: [0, 4] },
      ],
    );
    expect([lo[0], hi[0]]).toEqual([4, 4]);
    expect([lo[3], hi[3]]).toEqual([5, 5]);
  });

  it('uses what a label says: "fewer than 5" is at most 4, "5 or more" at least 5', () => {
    const { lo, hi } = deduceBounds(
      [{ count: 9 }, { fewerThan: 5 }, { atLeast: 5 }],
      [{ whole: 0, parts: [1, 2] }],
    );
    expect([lo[1], hi[1]]).toEqual([0, 4]);
    expect([lo[2], hi[2]]).toEqual([5, 9]);
  });
});

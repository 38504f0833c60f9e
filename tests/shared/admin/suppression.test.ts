import { describe, expect, it } from 'vitest';
import { isSuppressed, suppressGroup } from '../../../src/shared/admin/suppression';

const shown = (cells: ReturnType<typeof suppressGroup>['cells']) =>
  cells.map((c) => (isSuppressed(c) ? '<5' : c.count));

describe('suppressGroup (small-number suppression)', () => {
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
    expect(shown(suppressGroup([0, 6, 9, 7]).cells)).toEqual(['<5', '<5', 9, 7]);
  });

  it('never leaves a lone hidden count that the total would give away', () => {
    // 3 alone hidden: 3 = 40 - 20 - 17. So the smallest shown count (17) is hidden too.
    const out = suppressGroup([3, 20, 17]);
    expect(shown(out.cells)).toEqual(['<5', 20, '<5']);
    const visible = out.cells.filter((c) => !isSuppressed(c)).length;
    expect(out.cells.length - visible).toBeGreaterThanOrEqual(2);
  });

  it('hides everything, the total included, when fewer than 5 people are counted', () => {
    const out = suppressGroup([1, 2, 1]);
    expect(out.total).toEqual({ fewerThan: 5 });
    expect(shown(out.cells)).toEqual(['<5', '<5', '<5']);
  });

  it('leaves two or more hidden counts alone, since no one of them can be worked out', () => {
    expect(shown(suppressGroup([2, 3, 40]).cells)).toEqual(['<5', '<5', 40]);
  });

  it('copes with a group of one value', () => {
    expect(suppressGroup([7])).toEqual({ total: { count: 7 }, cells: [{ count: 7 }] });
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { AdminApiError } from '../../../../src/app/routes/admin/admin-client';
import {
  PagedList,
  type ListPage,
  type PagedListOptions,
} from '../../../../src/app/routes/admin/paged-list.svelte';

interface Row {
  id: string;
  name: string;
}
const row = (n: number): Row => ({ id: `r${n}`, name: `Row ${n}` });

let stop: (() => void) | undefined;
afterEach(() => {
  stop?.();
  stop = undefined;
  document.body.replaceChildren();
});

/** A list inside an effect root, as a screen's script makes one, with the cursors asked for. */
function makeList(fetchAfter: (cursor: string) => Promise<ListPage<Row>>) {
  const asked: string[] = [];
  const counts: number[] = [];
  const options: PagedListOptions<Row> = {
    key: (r) => r.id,
    fetchAfter: (cursor) => {
      asked.push(cursor);
      return fetchAfter(cursor);
    },
    rowId: (r) => `row-${r.id}`,
    failed: (reason) => `No more rows. ${reason}`,
    shown: (count) => counts.push(count),
  };
  let list!: PagedList<Row>;
  stop = $effect.root(() => {
    list = new PagedList(options);
  });
  return { list, asked, counts };
}

/** The rows as a screen would draw them, each focusable by its id. */
function draw(list: PagedList<Row>) {
  document.body.replaceChildren(
    ...(list.items ?? []).map((r) => {
      const cell = document.createElement('th');
      cell.id = `row-${r.id}`;
      cell.tabIndex = -1;
      cell.textContent = r.name;
      return cell;
    }),
  );
}

describe('PagedList', () => {
  it('adds the next page below the first, leaving out rows already shown, and says how many', async () => {
    // The page comes when the test hands it over, to see the list while it is on its way.
    let hand!: (page: ListPage<Row>) => void;
    const page = new Promise<ListPage<Row>>((resolve) => (hand = resolve));
    const { list, asked, counts } = makeList(() => page);
    list.start([row(1), row(2)], 'page-2');
    expect(list.hasMore).toBe(true);

    const done = list.showMore();
    expect(list.loading).toBe(true);
    // A second press while the page comes asks for nothing more.
    await list.showMore();
    expect(asked).toEqual(['page-2']);

    hand({ items: [row(2), row(3)], next: null });
    await done;
    expect(list.items?.map((r) => r.id)).toEqual(['r1', 'r2', 'r3']);
    expect(list.loading).toBe(false);
    expect(list.hasMore).toBe(false);
    expect(counts).toEqual([3]);
  });

  it('takes the keyboard to the first row that came in', async () => {
    const { list } = makeList(() =>
      Promise.resolve({ items: [row(1), row(3), row(4)], next: 'page-3' }),
    );
    list.start([row(1), row(2)], 'page-2');
    // The screen draws the new rows when the DOM catches up; here, before the focus is moved.
    const drawn = $effect.root(() => {
      $effect(() => draw(list));
    });
    try {
      await list.showMore();
      expect(document.activeElement?.textContent).toBe('Row 3');
      expect(list.next).toBe('page-3');
    } finally {
      drawn();
    }
  });

  it('keeps what is shown and says why in words when the next page does not come', async () => {
    const { list, counts } = makeList(() =>
      Promise.reject(new AdminApiError(500, 'internal_error', 'boom')),
    );
    list.start([row(1)], 'page-2');
    await list.showMore();
    expect(list.error).toBe('No more rows. The server had a problem (500). Try again in a moment.');
    expect(list.items).toEqual([row(1)]);
    expect(list.hasMore).toBe(true);
    expect(list.loading).toBe(false);
    expect(counts).toEqual([]);
  });

  it('clears the problem when a page comes after all, or when the list starts again', async () => {
    let fail = true;
    const { list } = makeList(() =>
      fail
        ? Promise.reject(new AdminApiError(500, 'internal_error', 'boom'))
        : Promise.resolve({ items: [row(2)], next: 'page-3' }),
    );
    list.start([row(1)], 'page-2');
    await list.showMore();
    expect(list.error).not.toBe('');
    fail = false;
    await list.showMore();
    expect(list.error).toBe('');

    fail = true;
    await list.showMore();
    list.start([row(9)], null);
    expect(list.error).toBe('');
    expect(list.items).toEqual([row(9)]);
    expect(list.hasMore).toBe(false);
  });

  it('asks for nothing at the end of the list', async () => {
    const { list, asked } = makeList(() => Promise.resolve({ items: [], next: null }));
    list.start([row(1)], null);
    await list.showMore();
    expect(asked).toEqual([]);
    expect(list.items).toEqual([row(1)]);
  });
});

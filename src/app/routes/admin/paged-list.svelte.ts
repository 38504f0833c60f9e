import { describeError, focusSoon } from './admin-form.svelte';

/** What a "Show more" control (`ui/ShowMore.svelte`) reads of the list it extends. */
export interface ShowsMore {
  /** Whether there is a next page to ask for: the button shows only then. */
  readonly hasMore: boolean;
  /** A page is on its way: the button says so and cannot be pressed again. */
  readonly loading: boolean;
  /** Why the last page did not come, in words; empty or undefined when it came. */
  readonly error: string | undefined;
  showMore(): Promise<void>;
}

/** One page of a list, whatever name the server gives its items. */
export interface ListPage<T> {
  items: T[];
  /** The cursor of the page after this one, or null at the end. */
  next: string | null;
}

export interface PagedListOptions<T> {
  /** What makes an item itself: one already shown is not shown again when pages overlap. */
  key: (item: T) => string;
  /** The page after `cursor` (a page's `next`). */
  fetchAfter: (cursor: string) => Promise<ListPage<T>>;
  /** The id of an item's row: the keyboard goes to the first row that came in. */
  rowId: (item: T) => string;
  /** The sentence shown when a page does not come, given the reason in words. */
  failed: (reason: string) => string;
  /** Told how many are shown once a page has come in, to announce it. */
  shown?: (count: number) => void;
}

/**
 * A console list read a page at a time: the first page from the screen's own load, the rest
 * on "Show more", added below what is shown.
 */
export class PagedList<T> implements ShowsMore {
  /** What is shown; undefined until the first page is in. The screen may replace rows. */
  items = $state<T[]>();
  /** Cursor of the next page, or null when all are shown. */
  next = $state<string | null>(null);
  loading = $state(false);
  error = $state('');
  readonly #options: PagedListOptions<T>;

  constructor(options: PagedListOptions<T>) {
    this.#options = options;
  }

  get hasMore(): boolean {
    return this.next !== null;
  }

  /** Shows a first page (loaded, or loaded again) in place of anything shown before. */
  start(items: T[], next: string | null): void {
    this.items = items;
    this.next = next;
    this.error = '';
  }

  /** Adds the next page below what is shown; on failure keeps what is shown and says why. */
  async showMore(): Promise<void> {
    const cursor = this.next;
    if (cursor === null || this.loading) return;
    const { key, fetchAfter, rowId, failed, shown } = this.#options;
    this.loading = true;
    this.error = '';
    try {
      const page = await fetchAfter(cursor);
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a local lookup, not state
      const have = new Set(this.items?.map(key));
      const added = page.items.filter((item) => !have.has(key(item)));
      this.items = [...(this.items ?? []), ...added];
      this.next = page.next;
      shown?.(this.items.length);
      // The button may be gone: take the keyboard to the first row that came in.
      if (added[0]) await focusSoon(rowId(added[0]));
    } catch (error) {
      this.error = failed(describeError(error));
    } finally {
      this.loading = false;
    }
  }
}

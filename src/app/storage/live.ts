import { Dexie } from 'dexie';

/** The subset of an Observable that Dexie's `liveQuery` returns and that screens consume. */
export interface Live<T> {
  subscribe(observer: { next: (value: T) => void; error?: (error: unknown) => void }): {
    unsubscribe(): void;
  };
}

/**
 * A live query that needs a module first (loaded on demand, so it stays out of the chunk
 * that opens storage). Dexie's queriers must not wait on anything but Dexie, so the module
 * is loaded before the query starts rather than inside it.
 */
export function afterLoading<M, T>(load: () => Promise<M>, query: (module: M) => Live<T>): Live<T> {
  return {
    subscribe(observer) {
      let closed = false;
      let inner: { unsubscribe(): void } | undefined;
      load().then(
        (module) => {
          if (!closed) inner = query(module).subscribe(observer);
        },
        (error: unknown) => observer.error?.(error),
      );
      return {
        unsubscribe() {
          closed = true;
          inner?.unsubscribe();
        },
      };
    },
  };
}

/**
 * One live query however many watch it: the first subscriber starts it, later ones share its
 * runs (and get the latest value at once), the last to leave stops it. Dexie runs a query
 * again for every subscriber on every change; the header, the sync panel and the sync engine
 * all watch the device counts, which during a send change after every batch.
 */
export function shared<T>(start: () => Live<T>): Live<T> {
  type Observer = Parameters<Live<T>['subscribe']>[0];
  const observers = new Set<Observer>();
  let inner: { unsubscribe(): void } | undefined;
  let latest: { value: T } | undefined;
  return {
    subscribe(observer) {
      observers.add(observer);
      if (latest) observer.next(latest.value);
      inner ??= start().subscribe({
        next: (value) => {
          latest = { value };
          for (const each of [...observers]) each.next(value);
        },
        error: (error: unknown) => {
          for (const each of [...observers]) each.error?.(error);
        },
      });
      return {
        unsubscribe() {
          if (!observers.delete(observer) || observers.size > 0) return;
          inner?.unsubscribe();
          inner = undefined;
          latest = undefined;
        },
      };
    },
  };
}

/**
 * `query` over `tables`, run again when any of them changes — at once for a change after a
 * quiet spell, and otherwise at most once every `intervalMs`, the changes in between taken
 * together. For counts that read a whole table (a count in Chromium reads every row): a send
 * settles a batch every few tens of milliseconds, and re-counting after each one held the
 * outbox away from the send itself.
 */
export function throttledLiveQuery<T>(
  db: Dexie,
  tables: readonly string[],
  query: () => Promise<T>,
  intervalMs: number,
): Live<T> {
  const prefixes = tables.map((table) => `idb://${db.name}/${table}/`);
  return {
    subscribe(observer) {
      let closed = false;
      let running = false;
      let dirty = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let lastRun = Number.NEGATIVE_INFINITY;
      const run = async (): Promise<void> => {
        if (closed) return;
        running = true;
        dirty = false;
        lastRun = Date.now();
        try {
          const value = await db.transaction('r', tables, query);
          if (!closed) observer.next(value);
        } catch (error) {
          if (!closed) observer.error?.(error);
        } finally {
          running = false;
          if (dirty) schedule();
        }
      };
      const schedule = (): void => {
        if (closed || timer !== undefined) return;
        if (running) {
          dirty = true;
          return;
        }
        timer = setTimeout(
          () => {
            timer = undefined;
            void run();
          },
          Math.max(0, lastRun + intervalMs - Date.now()),
        );
      };
      const onMutated = (parts: Record<string, unknown>): void => {
        if (Object.keys(parts).some((part) => prefixes.some((prefix) => part.startsWith(prefix))))
          schedule();
      };
      Dexie.on('storagemutated', onMutated);
      void run();
      return {
        unsubscribe() {
          closed = true;
          clearTimeout(timer);
          Dexie.on('storagemutated').unsubscribe(onMutated);
        },
      };
    },
  };
}

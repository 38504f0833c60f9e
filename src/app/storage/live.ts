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

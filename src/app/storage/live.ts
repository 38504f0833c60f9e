/** The subset of an Observable that Dexie's `liveQuery` returns and that screens consume. */
export interface Live<T> {
  subscribe(observer: { next: (value: T) => void; error?: (error: unknown) => void }): {
    unsubscribe(): void;
  };
}

import type { Live } from '../storage/live';

/**
 * Rune state that follows a live query. Construct it during component initialisation
 * (or inside `$effect.root`); `source` is re-run when the state it reads changes, and the
 * old subscription is closed.
 */
export class LiveValue<T> {
  current = $state<T | undefined>();
  error = $state<unknown>();
  loaded = $state(false);

  constructor(source: () => Live<T> | undefined) {
    $effect(() => {
      const live = source();
      if (!live) return;
      const sub = live.subscribe({
        next: (value) => {
          this.current = value;
          this.loaded = true;
          this.error = undefined;
        },
        error: (error: unknown) => {
          this.error = error;
        },
      });
      return () => sub.unsubscribe();
    });
  }
}
